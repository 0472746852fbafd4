#!/usr/bin/env bash
# Progressive resizing against fixed-size training, in one run, on the same phantoms (split 80/10/10, batch 8, Adam
# 3e-4, seed 42, augmentation, no early stop):
#  1. time to accuracy: the tiny ResNet-LSTM at 224², every epoch at 224² against the first SMALL_EPOCHS at SMALL²
#     (from scratch the ResNet50-LSTM stays at chance on a few hundred phantoms — RESULTS.md — so it cannot show
#     accuracy reached; the tiny network learns them);
#  2. the paper's ResNet50-LSTM: one epoch at 128² against one at 224² (what progressive resizing saves per epoch).
# Times are the epochs' own (training and validation, from each bundle's report/evaluation.json); calibration and
# the test evaluation cost the same in both arms and are left out. Writes "## Progressive resizing" in BENCHMARKS.md.
# BENCH_PER_CLASS=200 BENCH_EPOCHS=12 SMALL=112 SMALL_EPOCHS=9 by default (about 20 minutes on 2 idle cores).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"
work=${BENCH_WORK:-$here/target/bench-progressive}
per=${BENCH_PER_CLASS:-200}; epochs=${BENCH_EPOCHS:-12}; small=${SMALL:-112}; k=${SMALL_EPOCHS:-9}
rm -rf "$work"; mkdir -p "$work"
export LUNGLENS_HOME="$work/home"
./lunglens synth "$work/data" --per-class "$per" --seed 17 >/dev/null
load=$(cut -d' ' -f1 /proc/loadavg)
train() { ./lunglens train "$work/data" --patience 0 --seed 42 --synthetic "$@" > "$work/$(basename "${@: -1}").log" 2>&1; }
train --arch tiny-resnet-lstm --epochs "$epochs" --progressive none --out "$work/fixed"
train --arch tiny-resnet-lstm --epochs "$epochs" --progressive "$small:$k" --out "$work/progressive"
train --per-class 40 --epochs 1 --progressive none --out "$work/r50-224"
train --per-class 40 --epochs 1 --progressive 128:1 --out "$work/r50-128"
/usr/bin/python3 - "$work" "$per" "$epochs" "$small" "$k" "$load" <<'PY'
import datetime, json, os, sys
sys.path.insert(0, "bench")
from benchmarks_md import write_section
work, per, epochs, small, k, load = sys.argv[1:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def arm(name):
    ev = json.load(open(f"{work}/{name}/report/evaluation.json"))
    card = json.load(open(f"{work}/{name}/model.json"))
    h = ev["history"]
    best = card["training"]["bestEpoch"]
    acc = card["testMetrics"]["accuracy"]
    return {"total": sum(e["millis"] for e in h) / 1000, "to_best": sum(e["millis"] for e in h[:best]) / 1000,
            "best": best, "acc": acc["value"], "lo": acc["ci95"][0], "hi": acc["ci95"][1],
            "n": card["testMetrics"]["images"], "epoch_s": [round(e["millis"] / 1000) for e in h]}
f, p = arm("fixed"), arm("progressive")
r224, r128 = arm("r50-224"), arm("r50-128")
ratio = p["total"] / f["total"]
within = f["lo"] <= p["acc"] <= f["hi"]
ok = lambda c: "met" if c else "**missed**"
row = lambda name, a: (f"| {name} | {a['total']:.0f} s | {a['best']} | {a['to_best']:.0f} s | "
                       f"{a['acc']:.3f} [{a['lo']:.3f}, {a['hi']:.3f}] |")
section = "\n".join([
    "## Progressive resizing",
    "",
    f"`bench/progressive.sh` on {datetime.date.today()}: {cpu}, {os.cpu_count()} cores, load average {load} at the "
    f"start (other work ran beside it). {2 * int(per)} phantoms ({per} per class; {f['n']} test images), split 80/10/10, "
    f"batch 8, Adam 3e-4, seed 42, augmentation, {epochs} epochs, no early stop; validation at 224² in both arms, so "
    "the best epoch is chosen on the same scale. Times are the epochs' own (training and validation, from each "
    "bundle's history); calibration and the test evaluation cost the same in both and are left out.",
    "",
    f"Time to accuracy, tiny ResNet-LSTM (from scratch the ResNet50-LSTM stays at chance on a few hundred phantoms, "
    f"RESULTS.md, so it cannot show accuracy reached): fixed = every epoch at 224²; progressive = the first {k} at "
    f"{small}², the last {int(epochs) - int(k)} at 224².",
    "",
    "| run | epochs' time | best epoch | time to best epoch | test accuracy [95% CI] |",
    "|---|---|---|---|---|",
    row("fixed 224²", f),
    row(f"progressive {small}²→224²", p),
    "",
    "| requirement | measured | |",
    "|---|---|---|",
    f"| progressive time ≤ 50% of fixed | {100 * ratio:.0f}% | {ok(ratio <= 0.5)} |",
    f"| progressive accuracy inside fixed's 95% interval | {p['acc']:.3f} in [{f['lo']:.3f}, {f['hi']:.3f}] | {ok(within)} |",
    "",
    f"Seconds per epoch — fixed: {f['epoch_s']}; progressive: {p['epoch_s']}.",
    "",
    f"The paper's ResNet50-LSTM, one epoch on 64 training phantoms (40 per class): {r224['total']:.1f} s at 224², "
    f"{r128['total']:.1f} s at 128² (training at 128², validation at 224²): {100 * r128['total'] / r224['total']:.0f}% "
    "— the saving a 128² epoch brings to the paper's network.",
])
write_section("Progressive resizing", section)
print(section)
PY
