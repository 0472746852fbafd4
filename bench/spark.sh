#!/usr/bin/env bash
# Spark scan benchmark: `lunglens-spark scan` in local[1] and local[2] against `lunglens scan` on the same phantoms with
# the shipped demo model, round by round (scan, local[1], local[2]), so each round's ratios share the machine's state.
# images/s = files / wall seconds of the whole process (JVM, Spark and engine start-up, listing, writing included);
# the job's own rate (as each command prints it) is given beside it. Writes the "## Spark scan" section of BENCHMARKS.md.
#   BENCH_PHANTOMS=1000 BENCH_ROUNDS=1 BENCH_SIZE=512 bench/spark.sh
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"
work=${BENCH_WORK:-$here/target/bench-spark}
n=${BENCH_PHANTOMS:-1000}
rounds=${BENCH_ROUNDS:-1}
size=${BENCH_SIZE:-512}
phantoms=$work/phantoms-$n-$size
mkdir -p "$work"
[ -d "$phantoms/COVID" ] || ./lunglens synth "$phantoms" --per-class $((n / 2)) --seed 7 --size "$size" >&2
spark/lunglens-spark --version >&2   # builds spark/ (and installs the app's jar) when needed

# run NAME COMMAND...: runs it, prints "wall_seconds job_rate rows"
run() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > "$work/$name.out" 2> "$work/$name.err" || { echo "$name failed, see $work/$name.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  local rate rows
  rate=$(grep -o '[0-9.]* img/s' "$work/$name.out" | tail -1 | cut -d' ' -f1)
  if [ -f "$work/$name.csv" ]; then
    rows=$(($(wc -l < "$work/$name.csv") - 1))
  else
    rows=$(cat "$work/$name"/part-*.csv | grep -vc '^path,')
  fi
  echo "$(echo "$t1 - $t0" | bc) $rate $rows"
}

table="| round | load at start (1/5/15 min) | command | rows | wall s | img/s (wall) | img/s (job's own) | wall img/s ÷ lunglens scan's |
|---|---|---|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/scan.csv" "$work/local1" "$work/local2"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  read -r w0 j0 n0 < <(OMP_NUM_THREADS=2 run scan ./lunglens scan "$phantoms" --model models/demo --out "$work/scan.csv")
  read -r w1 j1 n1 < <(OMP_NUM_THREADS=1 run local1 spark/lunglens-spark scan "$phantoms" --model models/demo --out "$work/local1" --master 'local[1]')
  read -r w2 j2 n2 < <(OMP_NUM_THREADS=2 run local2 spark/lunglens-spark scan "$phantoms" --model models/demo --out "$work/local2" --master 'local[2]')
  for c in "lunglens scan|$w0|$j0|$n0" "lunglens-spark scan, local[1]|$w1|$j1|$n1" "lunglens-spark scan, local[2]|$w2|$j2|$n2"; do
    IFS='|' read -r cmd w j rows <<< "$c"
    table+=$'\n'"$(printf '| %s | %s | %s | %s | %.1f | %.2f | %s | %.2f |' "$r" "$load" "$cmd" "$rows" "$w" \
      "$(echo "$n / $w" | bc -l)" "$j" "$(echo "$w0 / $w" | bc -l)")"
  done
  echo "round $r done" >&2
done

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
{
  echo "## Spark scan"
  echo
  echo "Run of \`bench/spark.sh\` on $(date -u +%Y-%m-%d), $cpu, $(nproc) cores, Java $(java -version 2>&1 | sed -n 's/.*version \"\(.*\)\".*/\1/p'), Spark 4.2.0;"
  echo "$n phantoms of ${size}² px (\`lunglens synth --seed 7\`), the shipped demo model (224² input), batch 8."
  echo "\`lunglens scan\` runs with 2 engine threads; \`lunglens-spark scan\` in one JVM (driver and executor) with"
  echo "local[N]: N tasks, N engine threads, one model shared by the tasks. Wall = the whole process, start-up included."
  echo
  echo "$table"
} > "$work/section.md"
cat "$work/section.md"
/usr/bin/python3 bench/benchmarks_md.py "Spark scan" < "$work/section.md"
echo "updated BENCHMARKS.md" >&2
