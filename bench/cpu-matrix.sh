#!/usr/bin/env bash
# The whole test suite (mvn test) under four CPU set-ups: oneDNN's instruction set left to the machine and capped at
# AVX2 (ONEDNN_MAX_CPU_ISA), each with 1 and with 2 intra-op threads. Tests must assert what holds on any CPU, so all
# four must pass. Writes the "## Test suite across CPU set-ups" section of BENCHMARKS.md.
# Usage: bench/cpu-matrix.sh      (about 4 x the suite's time; run it on an idle machine)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(mktemp -d /tmp/lunglens-cpu-matrix.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | xargs)
widest=AVX
grep -qw avx2 /proc/cpuinfo && widest=AVX2
grep -qw avx512f /proc/cpuinfo && widest=AVX-512
caches=hidden
[ -r /sys/devices/system/cpu/cpu0/cache/index0/size ] && caches=visible

mvn -q -B -ntp test-compile
rows=""
for isa in default AVX2; do
  for threads in 1 2; do
    log="$OUT/$isa-$threads.log"
    if [ "$isa" = default ]; then unset ONEDNN_MAX_CPU_ISA; else export ONEDNN_MAX_CPU_ISA=$isa; fi
    t0=$(date +%s)
    if mvn -B -ntp test -Dtest.threads="$threads" >"$log" 2>&1; then result=passed; else result=FAILED; fi
    secs=$(( $(date +%s) - t0 ))
    summary=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$log" | tail -1 | sed -E 's/^\[[A-Z]+\] //')
    failed=$(grep -E '^\[ERROR\]   [A-Za-z]+Test' "$log" | sed -E 's/^\[ERROR\] +//; s/:.*//' | sort -u | paste -sd, - || true)
    effective=$isa
    if [ "$caches" = hidden ]; then effective="AVX2 (capped: caches hidden)"; fi
    echo "$isa, $threads thread(s): $result — $summary ${failed:+($failed)}" >&2
    rows+="| $isa | $effective | $threads | $result | ${summary:-no summary} | ${failed:-} | $secs s |"$'\n'
  done
done
unset ONEDNN_MAX_CPU_ISA

/usr/bin/python3 bench/benchmarks_md.py "Test suite across CPU set-ups" <<MD
## Test suite across CPU set-ups

\`bench/cpu-matrix.sh\`, $(date -u +%Y-%m-%d), one run each, on: $cpu (widest vector set: $widest; CPU cache
sizes $caches to the guest). Each row is the whole \`mvn test\` with \`ONEDNN_MAX_CPU_ISA\` as asked and
\`-Dtest.threads\` intra-op threads (DJL and OpenMP).

| ISA asked | ISA in force | threads | result | tests | failing | time |
|---|---|---|---|---|---|---|
${rows}
Where a machine hides its cache sizes, LungLens caps oneDNN at AVX whatever was asked (\`model.OneDnnIsa\`): oneDNN's
AVX2 and AVX-512 convolution training kernels size their blocks from the caches and there divide by zero (SIGFPE)
or return NaN gradients.
MD
echo "wrote BENCHMARKS.md section" >&2
