#!/usr/bin/env bash
# Progressive resizing against fixed-size training, the paper's protocol otherwise (ResNet50-LSTM, 224², batch 8,
# Adam 3e-4, split 80/10/10, seeded), on the same phantoms in one run: A = every epoch at 224², B = the first
# SMALL_EPOCHS at SMALL², the rest at 224². Reports the epochs' own time (from each bundle's report/evaluation.json,
# so calibration and the test evaluation, the same for both, are left out), the time through the best epoch, and
# the test accuracy with its 95% interval. Writes the "## Progressive resizing" section of BENCHMARKS.md.
# BENCH_PER_CLASS=80 BENCH_EPOCHS=10 SMALL=128 SMALL_EPOCHS=8 by default (about 20 minutes on 2 idle cores).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"
work=${BENCH_WORK:-$here/target/bench-progressive}
per=${BENCH_PER_CLASS:-80}; epochs=${BENCH_EPOCHS:-10}; small=${SMALL:-128}; k=${SMALL_EPOCHS:-8}
rm -rf "$work"; mkdir -p "$work"
export LUNGLENS_HOME="$work/home"
./lunglens synth "$work/data" --per-class "$per" --seed 17 >/dev/null
load=$(cut -d' ' -f1 /proc/loadavg)
common=(train "$work/data" --epochs "$epochs" --patience 0 --seed 42 --synthetic)
./lunglens "${common[@]}" --progressive none --out "$work/fixed" > "$work/fixed.log" 2>&1
./lunglens "${common[@]}" --progressive "$small:$k" --out "$work/progressive" > "$work/progressive.log" 2>&1
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
ratio = p["total"] / f["total"]
within = f["lo"] <= p["acc"] <= f["hi"]
ok = lambda c: "met" if c else "**missed**"
row = lambda name, a: (f"| {name} | {a['total']:.0f} s | {a['best']} | {a['to_best']:.0f} s | "
                       f"{a['acc']:.3f} [{a['lo']:.3f}, {a['hi']:.3f}] |")
section = "\n".join([
    "## Progressive resizing",
    "",
    f"`bench/progressive.sh` on {datetime.date.today()}: {cpu}, {os.cpu_count()} cores, load average {load} at the "
    f"start. ResNet50-LSTM from random weights, the paper's protocol (224², batch 8, Adam 3e-4, split 80/10/10, seed 42, "
    f"augmentation) on {2 * int(per)} phantoms ({per} per class, {f['n']} test images), {epochs} epochs, no early stop. "
    f"Fixed: every epoch at 224². Progressive: the first {k} epochs at {small}², the last {int(epochs) - int(k)} at "
    "224²; validation at 224² in both, so the best epoch is chosen on the same scale. Times are the epochs' own "
    "(training and validation), from each bundle's history; calibration and the test evaluation cost the same in both "
    "and are left out.",
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
    f"Seconds per epoch — fixed: {f['epoch_s']}; progressive: {p['epoch_s']}. With {f['n']} test images the "
    "interval is wide; the comparison says the shorter schedule is not measurably worse on this data, not that it is "
    "as good on real films.",
])
write_section("Progressive resizing", section)
print(section)
PY
