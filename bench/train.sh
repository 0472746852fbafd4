#!/usr/bin/env bash
# Training speed (issue 5): `lunglens train` against the same training in PyTorch from Python (bench/train_torch.py:
# torchvision resnet50 + LSTM, Adam, batch 8, the same train/validation files, read from the LungLens bundle's
# split.json), one after the other in one run, 2 threads each. Default: 200 standard phantoms (160 train, 20
# validation), 224², 2 epochs, no augmentation. Writes the "## Training speed" section of BENCHMARKS.md.
# Needs: apt-get install python3-torch python3-torchvision.  Usage: bench/train.sh [PER_CLASS] [EPOCHS] [SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
per_class=${1:-100}; epochs=${2:-2}; size=${3:-224}
OUT="$(mktemp -d /tmp/lunglens-train-bench.XXXXXX)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
export OMP_NUM_THREADS=2 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
./lunglens synth "$OUT/data" --per-class "$per_class" --seed 5 --size 256 >/dev/null
load0=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -f "%M" -o "$OUT/java.rss" ./lunglens train "$OUT/data" --size "$size" --epochs "$epochs" --lr 3e-4 \
  --no-augment --patience 0 --out "$OUT/model" > "$OUT/java.log" 2> "$OUT/java.err"
/usr/bin/time -f "%M" -o "$OUT/torch.rss" /usr/bin/python3 bench/train_torch.py "$OUT/model/split.json" "$size" \
  "$epochs" 3e-4 "$OUT/torch.json" > "$OUT/torch.log"
/usr/bin/python3 - "$OUT" "$size" "$epochs" "$load0" <<'PY'
import datetime, json, os, re, sys
sys.path.insert(0, "bench")
from benchmarks_md import write_section
out, size, epochs, load0 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
java = [float(m.group(1)) for m in re.finditer(r"^epoch .*\| ([0-9.]+) s$", open(out + "/java.log").read(), re.M)]
t = json.load(open(out + "/torch.json"))
torch_s = [e["seconds"] for e in t["epochs"]]
jr, tr = int(open(out + "/java.rss").read().split()[-1]) / 1024, int(open(out + "/torch.rss").read().split()[-1]) / 1024
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
n = t["train_images"]
rows = "\n".join(f"| {i + 1} | {a:.1f} s | {b:.1f} s | {a / b:.2f} |" for i, (a, b) in enumerate(zip(java, torch_s)))
steady_j, steady_t = java[-1], torch_s[-1]
section = f"""## Training speed

`bench/train.sh` on {datetime.date.today()}: {cpu}, {os.cpu_count()} cores, 2 threads each side, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}.
ResNet50-LSTM at {size}², batch 8, Adam, no augmentation, {n} training and {t['validation_images']} validation images
(standard phantoms; the same files on both sides), {epochs} epochs. An epoch is one pass over the training images
plus the validation pass. LungLens: `lunglens train` (DJL 0.36, libtorch 2.7.1). PyTorch: bench/train_torch.py
(PyTorch {t['torch']} from Debian, OpenBLAS). Images are read and resized before the first epoch on both sides, so
the epoch times are training alone. Ratio = LungLens / PyTorch time, below 1 favours LungLens. Load average at the
start {load0}, at the end {t['loadavg']}.

| epoch | LungLens | PyTorch | ratio |
|---|---|---|---|
{rows}

Per training step (batch 8) in the last epoch: LungLens {steady_j / (n / 8):.2f} s, PyTorch {steady_t / (n / 8):.2f} s.
Peak RSS of the whole run: LungLens {jr:.0f} MB, PyTorch {tr:.0f} MB.
"""
write_section("Training speed", section)
print(section)
PY
