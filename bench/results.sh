#!/usr/bin/env bash
# Full-size training runs behind RESULTS.md and the shipped demo model (outside mvn test; about two hours on 2 cores).
#   bash bench/results.sh [DATA_DIR]
# Run it from a separate clone: `lunglens` loads classes lazily, so rebuilding target/classes under a running
# training breaks it.
#  0. pretraining: 4,000 other standard phantoms (seed 7) at 128², 3 epochs, from random weights. This stands in for
#     the ImageNet start that the paper had and that cannot be downloaded here;
#  1. the paper's protocol (500+500 standard phantoms, seed 1, 80/10/10, 224²) from scratch, as a baseline;
#  2. the same protocol started from the pretrained model (--init): the shipped demo model (DEMO_OUT);
#  3. evaluation of (2) on 200 fresh phantoms (seed 99);
#  4. the protocol on --shortcut marker phantoms at 128² from scratch: the shortcut check must flag it;
#  5. the same on clean phantoms at 128², from the pretrained model: the check must not flag it;
#  6. issue 9: clean phantoms at 128², from scratch against from an imported torchvision-layout backbone.
# Settings: EPOCHS (table 1, default 4), DEMO_OUT (default models/demo). Each step is skipped once done.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$here/target/results-data}
runs=$here/target/results-runs
epochs=${EPOCHS:-4}
demo=${DEMO_OUT:-$here/models/demo}
ll=$here/lunglens
mkdir -p "$data" "$runs"
export OMP_WAIT_POLICY=PASSIVE
step() { [ -f "$runs/$1.done" ]; }
done_() { touch "$runs/$1.done"; }
[ -d "$data/pre4000" ] || "$ll" synth "$data/pre4000" --per-class 2000 --seed 7 --size 256
[ -d "$data/std1000" ] || "$ll" synth "$data/std1000" --per-class 500 --seed 1 --size 256
[ -d "$data/marker" ] || "$ll" synth "$data/marker" --per-class 300 --seed 2 --size 256 --shortcut marker
[ -d "$data/clean" ] || "$ll" synth "$data/clean" --per-class 300 --seed 3 --size 256
[ -d "$data/fresh200" ] || "$ll" synth "$data/fresh200" --per-class 100 --seed 99 --size 256

step pre || { "$ll" train "$data/pre4000" --split 90/5/5 --size 128 --epochs 3 --lr 3e-4 --no-augment --patience 0 \
  --seed 7 --out "$runs/pre128" | tee "$runs/pre.log"; done_ pre; }
step scratch || { "$ll" train "$data/std1000" --per-class 500 --split 80/10/10 --size 224 --epochs "$epochs" \
  --lr 3e-4 --patience 0 --out "$runs/scratch224" | tee "$runs/scratch.log"; done_ scratch; }
step paper || { "$ll" train "$data/std1000" --per-class 500 --split 80/10/10 --size 224 --epochs "$epochs" \
  --lr 1e-4 --patience 3 --init "$runs/pre128" --out "$demo" | tee "$runs/paper.log"; done_ paper; }
step fresh || { "$ll" evaluate "$data/fresh200" --model "$demo" --report "$runs/fresh200-report" \
  --record-in-card | tee "$runs/fresh.log"; done_ fresh; }
step marker || { "$ll" train "$data/marker" --split 80/10/10 --size 128 --epochs 6 --lr 3e-4 --patience 3 \
  --out "$runs/marker-model" | tee "$runs/marker.log"; done_ marker; }
step clean || { "$ll" train "$data/clean" --split 80/10/10 --size 128 --epochs 4 --lr 1e-4 --patience 3 \
  --init "$runs/pre128" --out "$runs/clean-model" | tee "$runs/clean.log"; done_ clean; }
if ! step import; then
  /usr/bin/python3 - "$runs/tv-resnet50.pt" <<'PY'
import sys, torch, torchvision
torch.manual_seed(0)
m = torchvision.models.resnet50(weights=None).eval()
torch.jit.trace(m, torch.rand(1, 3, 224, 224)).save(sys.argv[1])
PY
  "$ll" import-backbone "$runs/tv-resnet50.pt" --out "$runs/tv-backbone" \
    --describe "torchvision resnet50, random weights (seed 0), not ImageNet"
  "$ll" train "$data/clean" --split 80/10/10 --size 128 --epochs 3 --lr 3e-4 --no-augment --patience 0 \
    --out "$runs/clean-scratch" | tee "$runs/clean-scratch.log"
  "$ll" train "$data/clean" --split 80/10/10 --size 128 --epochs 3 --lr 3e-4 --no-augment --patience 0 \
    --init "$runs/tv-backbone" --freeze-epochs 1 --backbone-lr-factor 0.1 --out "$runs/clean-imported" \
    | tee "$runs/clean-imported.log"
  done_ import
fi
echo "runs in $runs; RESULTS.md is written from them by hand-checked tables (see RESULTS.md)"
