#!/usr/bin/env bash
# Full-size training runs behind RESULTS.md (outside mvn test; hours on 2 cores at 224²).
#   bash bench/results.sh [DATA_DIR]
# 1. the paper's protocol (500+500 standard phantoms, 80/10/10, 224²): this run is also the shipped demo model;
# 2. the same protocol on --shortcut marker phantoms at 128²: the shortcut check must flag it;
# 3. the same on clean phantoms at 128²: the check must not flag it.
# Settings can be changed with EPOCHS, EPOCHS_SMALL, PER_CLASS_SMALL and DEMO_OUT.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$here/target/results-data}
runs=$here/target/results-runs
epochs=${EPOCHS:-6}
epochs_small=${EPOCHS_SMALL:-6}
small=${PER_CLASS_SMALL:-300}
demo=${DEMO_OUT:-$here/models/demo}
ll=$here/lunglens
mkdir -p "$data" "$runs"
[ -d "$data/std1000" ] || "$ll" synth "$data/std1000" --per-class 500 --seed 1 --size 256
[ -d "$data/marker" ] || "$ll" synth "$data/marker" --per-class "$small" --seed 2 --size 256 --shortcut marker
[ -d "$data/clean" ] || "$ll" synth "$data/clean" --per-class "$small" --seed 3 --size 256
[ -d "$data/fresh200" ] || "$ll" synth "$data/fresh200" --per-class 100 --seed 99 --size 256

if [ ! -f "$runs/paper.done" ]; then
  "$ll" train "$data/std1000" --per-class 500 --split 80/10/10 --size 224 --epochs "$epochs" --patience 3 \
    --out "$demo" | tee "$runs/paper.log"
  touch "$runs/paper.done"
fi
if [ ! -f "$runs/fresh.done" ]; then
  "$ll" evaluate "$data/fresh200" --model "$demo" --report "$runs/fresh200-report" | tee "$runs/fresh.log"
  touch "$runs/fresh.done"
fi
for kind in marker clean; do
  if [ ! -f "$runs/$kind.done" ]; then
    "$ll" train "$data/$kind" --split 80/10/10 --size 128 --epochs "$epochs_small" --patience 3 \
      --out "$runs/$kind-model" | tee "$runs/$kind.log"
    touch "$runs/$kind.done"
  fi
done
/usr/bin/python3 "$here/bench/results_table.py" "$demo" "$runs/marker-model" "$runs/clean-model" \
  "$runs/fresh200-report" > "$here/RESULTS.md"
mkdir -p "$here/docs/results"
cp "$demo/report/loss.png" "$here/docs/results/paper-loss.png"
cp "$runs/marker-model/report/loss.png" "$here/docs/results/marker-loss.png"
cp "$runs/clean-model/report/loss.png" "$here/docs/results/clean-loss.png"
echo "wrote RESULTS.md"
