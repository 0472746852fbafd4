#!/usr/bin/env bash
# Numerical parity of an imported backbone with PyTorch (issue 9): Debian's python3-torch builds torchvision's
# resnet50 with a fixed seed and traces it; `lunglens import-backbone`'s importer reads the TorchScript file, and the
# reloaded backbone bundle's 7x7x2048 feature map is compared with PyTorch's on the same input.
# Writes the "## Backbone import parity" section of BENCHMARKS.md.
# Needs: apt-get install python3-torch python3-torchvision.   Usage: bench/backbone-parity.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(mktemp -d /tmp/lunglens-parity.XXXXXX)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
export OMP_NUM_THREADS=2 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
/usr/bin/python3 bench/parity_torch.py "$OUT"
mvn -q -B -ntp test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" io.lunglens.bench.ParityBench "$OUT" \
    2> >(grep -v -e CudaUtils -e AutoNonVariableTypeMode >&2)
/usr/bin/python3 - "$OUT" <<'PY'
import datetime, json, sys
sys.path.insert(0, "bench")
from benchmarks_md import write_section
out = sys.argv[1]
j = json.load(open(out + "/java.json"))
t = json.load(open(out + "/torch.json"))
ok = lambda c: "met" if c else "**missed**"
lines = [
    "## Backbone import parity",
    "",
    f"`bench/backbone-parity.sh` on {datetime.date.today()}: torchvision {t['torchvision']} resnet50 (PyTorch {t['torch']}), "
    "random weights with seed 0 and BatchNorm running statistics made non-trivial by two training-mode passes, traced "
    "to TorchScript by Debian's python3-torch. LungLens imported it with its own archive reader "
    f"({j['imported_tensors']} tensors, {j['ignored_tensors']} left out: fc and BatchNorm counters; {j['import_ms']:.0f} ms "
    "including the float32 bundle save), reloaded the bundle and ran its backbone (DJL 0.36, libtorch 2.7.1) on the "
    "same (2,3,224,224) input as PyTorch.",
    "",
    "| measure | value | target | |",
    "|---|---|---|---|",
    f"| feature map (2×2048×7×7 = {j['values']} values), max abs difference / max abs value | {j['feature_max_relative_error']:.2e} | ≤ 1e-4 | {ok(j['feature_max_relative_error'] <= 1e-4)} |",
    f"| feature map, RMS difference / RMS value | {j['feature_rms_relative_error']:.2e} | | |",
    f"| the file's own 1000-way logits (run by DJL) vs ours + its fc, max relative error | {j['logits_relative_error']:.2e} | ≤ 1e-4 | {ok(j['logits_relative_error'] <= 1e-4)} |",
    "",
    "This shows that LungLens' ResNet50 is torchvision's ResNet50, parameter for parameter and statistic for statistic. "
    "It says nothing about ImageNet: the weights are random.",
]
section = "\n".join(lines)
write_section("Backbone import parity", section)
print(section)
PY
