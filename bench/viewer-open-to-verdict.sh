#!/usr/bin/env bash
# Viewer open-to-verdict time, engine warm, in the real window under Monocle (no display needed).
#   bench/viewer-open-to-verdict.sh [BUNDLE_DIR]     prints the figures; paste them into BENCHMARKS.md
# Without BUNDLE_DIR a fresh ResNet50-LSTM (224²) is used: the timing does not depend on the weights.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
threads=$(nproc 2>/dev/null || echo 2)
export OMP_NUM_THREADS=$threads
java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.lunglens.ui.OpenToVerdictBench assets/samples "$@" 2>/dev/null | grep -v '^\['
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
