#!/usr/bin/env bash
# Batch scan benchmark: scan throughput vs the model's pure batch-8 throughput, and RSS at 1k and 10k images.
# Writes the "## Batch scan" section of BENCHMARKS.md (only that section is replaced).
# Sizes can be changed: BENCH_PHANTOMS=1000 BENCH_REAL=200 BENCH_BIG=10000 BENCH_BIG_SIZE=128 BENCH_LARGE=300 \
#   BENCH_LARGE_FILMS=45 bench/scan.sh
# The real-size set (BENCH_LARGE_FILMS films of ../shared/data/cxr-dev/frontal enlarged to 2000-4300 px, about 0.5 GB,
# written once under target/bench-scan) needs that folder; set BENCH_CXR_DEV to read it from elsewhere.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"
work=${BENCH_WORK:-$here/target/bench-scan}
mkdir -p "$work"
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
threads=$(nproc 2>/dev/null || echo 2)
export OMP_NUM_THREADS=$threads
# The launcher's policy (./lunglens): idle OpenMP threads sleep instead of spinning, leaving the cores to the decoders.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
java -Xmx${BENCH_XMX:-1g} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dbench.phantoms="${BENCH_PHANTOMS:-1000}" -Dbench.real="${BENCH_REAL:-200}" \
  -Dbench.big="${BENCH_BIG:-10000}" -Dbench.bigSize="${BENCH_BIG_SIZE:-128}" \
  -Dbench.large="${BENCH_LARGE:-300}" -Dbench.largeFilms="${BENCH_LARGE_FILMS:-45}" \
  -Dbench.cxrDev="${BENCH_CXR_DEV:-$here/../shared/data/cxr-dev}" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.lunglens.bench.ScanBench "$work" "$work/section.md"
/usr/bin/python3 bench/benchmarks_md.py "Batch scan" < "$work/section.md"
echo "updated BENCHMARKS.md" >&2
