#!/usr/bin/env bash
# Benchmarks lunglens synth: wall time for 1,000 phantoms at 512² (standard difficulty), then baselines on them
# (image mean/std as classifiers, logistic regression on 16x16 thumbnails), and the same baseline on a
# --shortcut marker set. Writes the "## Synthetic phantoms" section of BENCHMARKS.md.
# Usage: bench/synth.sh   (from the repository root; needs Maven and Java 17)
set -euo pipefail
cd "$(dirname "$0")/.."

PER_CLASS=${PER_CLASS:-500}
SIZE=${SIZE:-512}
THREADS=${THREADS:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="target/classes:$(cat target/cp.txt)"
synth() { java -Xmx2g -cp "$cp" io.lunglens.cli.Main synth "$@"; }

# Warm-up run so the timed one measures the generator, not class loading alone.
synth "$work/warm" --per-class 10 --seed 1 --size "$SIZE" --threads "$THREADS" > /dev/null

load=$(cut -d' ' -f1-3 /proc/loadavg)
TIMEFORMAT='%R %U %S'
{ time synth "$work/std" --per-class "$PER_CLASS" --seed 2024 --size "$SIZE" --threads "$THREADS" > "$work/std.log"; } 2> "$work/time.txt"
cat "$work/std.log"
read -r secs user sys < "$work/time.txt"
cpu_secs=$(echo "$user + $sys" | bc -l)
idle=$(echo "$cpu_secs / $(nproc)" | bc -l)
total=$((2 * PER_CLASS))
rate=$(echo "$total / $secs" | bc -l)
bytes=$(du -sb "$work/std" | cut -f1)

base=$(java bench/SynthBaseline.java "$work/std" "$PER_CLASS")
echo "$base"
val() { echo "$1" | sed -n "s/^$2=//p"; }

synth "$work/short" --per-class 200 --seed 2024 --size 256 --shortcut marker --threads "$THREADS" > /dev/null
short=$(java bench/SynthBaseline.java "$work/short" 200)
echo "$short"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
section=$(cat <<MD
## Synthetic phantoms

Measured by \`bench/synth.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($cpu), load average before the run $load
(the machine is shared), Java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $THREADS worker threads.

| what | result |
|---|---|
| \`lunglens synth --per-class $PER_CLASS --size $SIZE\` (standard): $total images + lung and lesion masks | $(printf '%.1f' "$secs") s wall, $(printf '%.0f' "$rate") images/s, $((bytes / 1048576)) MB |
| CPU time of that run (user + sys), and that time spread over $(nproc) idle cores | $(printf '%.1f' "$cpu_secs") s, $(printf '%.1f' "$idle") s |
| image mean as a classifier, ROC AUC over $total images | $(val "$base" mean_auc) |
| image standard deviation as a classifier, ROC AUC | $(val "$base" std_auc) |
| logistic regression on 16×16 thumbnails, trained on $(val "$base" train), tested on $(val "$base" test) | accuracy $(val "$base" logreg_accuracy), AUC $(val "$base" logreg_auc) |
| same, 400 images at 256² with \`--shortcut marker\` | accuracy $(val "$short" logreg_accuracy), AUC $(val "$short" logreg_auc) |

An AUC near 0.5 means the feature does not tell the classes apart; the shortcut set shows how a corner tag alone
makes even a linear model on 16×16 thumbnails look good.
MD
)

printf '%s\n' "$section" | /usr/bin/python3 bench/benchmarks_md.py "Synthetic phantoms"
echo "updated BENCHMARKS.md"
