#!/usr/bin/env bash
# Per-image report benchmark: from a verdict to the written PDF (and PNG), on real films of ../shared/data/cxr-dev.
# Writes the "## Per-image report" section of BENCHMARKS.md (only that section is replaced). BENCH_IMAGES=24 by default.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"
work=${BENCH_WORK:-$here/target/bench-report}
mkdir -p "$work"
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
java -Xmx${BENCH_XMX:-2g} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dbench.images="${BENCH_IMAGES:-24}" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.lunglens.bench.ReportBench "$work" "$work/section.md" 2> >(grep -v -e NNPACK -e CudaUtils >&2)
/usr/bin/python3 bench/benchmarks_md.py "Per-image report" < "$work/section.md"
echo "updated BENCHMARKS.md" >&2
