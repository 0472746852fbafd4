#!/usr/bin/env bash
# Cost and rates of the input gate's frontal chest X-ray check (issue 15): times the shipped check per image on the
# 232 cxr-dev images (decode excluded and included) and on a 4000x4000 16-bit film, scores the held-out half of its
# data by source, and writes the "## Input gate: frontal check" section of BENCHMARKS.md.
# Needs ../shared/data/cxr-dev; python3-skimage for the photograph row.   Usage: bench/gate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(mktemp -d /tmp/lunglens-gate.XXXXXX)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
mvn -q -B -ntp test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
java -Xmx3g -Djava.awt.headless=true -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" \
    io.lunglens.gate.FrontalBench "$OUT"
/usr/bin/python3 - "$OUT" <<'PY'
import datetime, json, re, sys
sys.path.insert(0, "bench")
from benchmarks_md import write_section
j = json.load(open(sys.argv[1] + "/bench.json"))
# The cost of a verdict, from the "Model inference" section: end to end from an opened PNG.
m = re.search(r"verdict (\d+) ms", open("BENCHMARKS.md", encoding="utf-8").read())
verdict = float(m.group(1)) if m else 100.0
ok = lambda c: "met" if c else "**missed**"
rows = {r["source"]: r for r in j["rows"]}
def pooled(*keys):
    n = sum(r["images"] for s, r in rows.items() if any(k in s for k in keys))
    good = sum((r["accepted"] if r["frontal"] else r["images"] - r["accepted"]) for s, r in rows.items() if any(k in s for k in keys))
    return good / n if n else float("nan")
front, latct, other = pooled("frontal CXR"), pooled("lateral CXR", "CT slice"), pooled("screenshots", "scikit-image", "text pages", "noise")
lines = [
    "## Input gate: frontal check",
    "",
    f"`bench/gate.sh` on {datetime.date.today()}: {j['id']} (threshold {j['threshold']:.3f}; method, data and licences in "
    "`src/main/resources/io/lunglens/gate/frontal-check.md`), one thread, 2-core AMD EPYC VM. Held-out half of its data, "
    "never fitted on (cxr-dev split by CRC-32 rank of the file name within each kind; generated images from another seed):",
    "",
    j["table"].rstrip("\n"),
    "",
    "| requirement | measured | |",
    "|---|---|---|",
    f"| held-out cxr-dev frontal films accepted ≥ 97% | {100*front:.1f}% | {ok(front >= 0.97)} |",
    f"| held-out lateral films and CT slices rejected ≥ 95% | {100*latct:.1f}% | {ok(latct >= 0.95)} |",
    f"| held-out screenshots, photographs, text and noise rejected ≥ 95% | {100*other:.1f}% | {ok(other >= 0.95)} |",
    f"| ≤ 30 ms per image on top of the verdict (median, cxr-dev, decode excluded) | {j['check_ms_median']:.2f} ms (p95 {j['check_ms_p95']:.2f}, max {j['check_ms_max']:.2f}) | {ok(j['check_ms_median'] <= 30)} |",
    "",
    f"Per image on the {j['images']} cxr-dev files (mean {j['mean_megapixels']:.2f} megapixels): the check alone {j['check_ms_median']:.2f} ms "
    f"median (of 20 repeats each); decoding the file {j['decode_ms_median']:.1f} ms; decode + check {j['decode_and_check_ms_median']:.1f} ms "
    f"(p95 {j['decode_and_check_ms_p95']:.1f}). A {j['big_size']} film: {j['big_ms_median']:.2f} ms, since the check reads a 4×4 lattice "
    f"per cell of a 128-px grid, never every pixel. A verdict costs {verdict:.0f} ms end to end (\"Model inference\" above), so the "
    f"check adds {j['check_ms_median']/verdict:.3f}× a verdict ({100*j['check_ms_median']/verdict:.1f}%), and a rejected image saves the verdict.",
]
section = "\n".join(lines)
write_section("Input gate: frontal check", section)
print(section)
PY
