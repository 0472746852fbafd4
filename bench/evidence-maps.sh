#!/usr/bin/env bash
# Where each evidence map puts a model's evidence, against the phantoms' true lung masks, and what each map costs.
# Models: the clean-phantom and marker-phantom models of bench/results.sh (RUNS_DIR) and the shipped demo model;
# each on fresh phantoms of its own kind (seeds 77, 78, 79), explaining the predicted class. This is why the shortcut
# check reads occlusion maps and not Grad-CAM, and how its fast method (lung fields hidden as a whole) compares with
# 8×8 occlusion. Writes the "## Evidence maps" section of BENCHMARKS.md.
#   bench/evidence-maps.sh RUNS_DIR [PER_CLASS]      (RUNS_DIR holds clean-model/ and marker-model/)
# MODELS_NOTE (optional) says how RUNS_DIR's models were made, when not by bench/results.sh; LOAD (optional) is the
# machine's load during the run, for the record.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=$(cd "$1" && pwd)
per=${2:-12}
OUT="$(mktemp -d /tmp/lunglens-evidence.XXXXXX)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
export OMP_NUM_THREADS=2 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
./lunglens synth "$OUT/clean" --per-class "$per" --seed 77 --size 256 >/dev/null
./lunglens synth "$OUT/marker" --per-class "$per" --seed 78 --size 256 --shortcut marker >/dev/null
./lunglens synth "$OUT/standard" --per-class "$per" --seed 79 --size 256 >/dev/null
mvn -q -B -ntp test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
java -Xmx6g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" io.lunglens.bench.EvidenceBench "$OUT/out.json" "$per" \
    "clean phantoms (table 3)=$runs/clean-model=$OUT/clean" "marker phantoms (table 2)=$runs/marker-model=$OUT/marker" \
    "demo model, standard phantoms=models/demo=$OUT/standard" \
    2> >(grep -v -e CudaUtils -e AutoNonVariableTypeMode >&2)
cp "$OUT/out.json" target/evidence-maps.json
/usr/bin/python3 - "$OUT/out.json" "$per" "${MODELS_NOTE:-}" "${LOAD:-}" <<'PY'
import datetime, json, sys
sys.path.insert(0, "bench")
from benchmarks_md import write_section
r = json.load(open(sys.argv[1]))
per = sys.argv[2]
note = sys.argv[3] + " " if sys.argv[3] else ""
load = f" Load average during the run: {sys.argv[4]}." if sys.argv[4] else ""
models = list(r)
methods = list(r[models[0]]["methods"])
f = lambda v: "n/a" if float(v) != float(v) else f"{float(v):.2f}"  # Jackson writes NaN as "NaN"
lines = ["## Evidence maps", "",
         f"`bench/evidence-maps.sh` on {datetime.date.today()}: each model on {per}+{per} fresh phantoms of its own kind, "
         "explaining the class it predicts. Cells: share of the map inside the phantom's true lung mask, COVID / Normal "
         "images (0.5 is the shortcut check's line); the last column is the time per image on the demo model. "
         f"One run, 2 cores.{load} {note}".rstrip(), "",
         "| map | " + " | ".join(f"{m} ({r[m]['inputSize']}²)" for m in models) + " | ms per image (demo, 224²) |",
         "|---" * (len(models) + 2) + "|"]
for meth in methods:
    cells = []
    for m in models:
        x = r[m]["methods"][meth]
        empty = f", {x['emptyMaps']} empty" if x["emptyMaps"] else ""
        cells.append(f"{f(x['COVID'])} / {f(x['Normal'])}{empty}")
    lines.append(f"| {meth} | " + " | ".join(cells) + f" | {r[models[-1]]['methods'][meth]['millisPerImage']:.0f} |")
lines.append("| lung area (a map spread evenly) | " + " | ".join(f(r[m]["lungArea"]) for m in models) + " | |")
lines.append("| true lesion mask drawn at the feature map's resolution | "
             + " | ".join(f(r[m]["lesionMaskAtFeatureResolution"]) for m in models) + " | |")
lines += ["",
          "Every map computed on the last feature map (Grad-CAM, its gradient × activation form, integrated gradients) "
          "puts the clean model's evidence mostly outside the lungs, about as far out as the marker model's: ResNet50's "
          "last cells see most of the image and the LSTM reads them in order, so the gradient gathers on the cells it "
          "reads last. Maps in image space follow the evidence: hiding the lungs weakens the clean model's verdicts, "
          "hiding the marker corner weakens the marker model's. So the shortcut check (evaluation reports and the "
          "viewer's warning) reads an occlusion map; Grad-CAM stays as the viewer's quick overlay. Its default, the "
          "fast check, hides the lung fields it segments (`imaging.LungFields`) as a whole, then everything else, in "
          "one batch of 3 forward passes, and shares the margin lost between the two regions (`model.LungOcclusion`); "
          "8×8 occlusion stays as the thorough option (`--check thorough` on `evaluate` and `predict`, the Check "
          "choice in the viewer and the Evaluate tab), which also shows where inside each region."]
section = "\n".join(lines)
write_section("Evidence maps", section)
print(section)
PY
