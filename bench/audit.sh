#!/usr/bin/env bash
# Data audit benchmark: lunglens audit's work over 10,000 real-size files (headers and hashes only).
# Writes the "## Data audit" section of BENCHMARKS.md (only that section is replaced). BENCH_FILES=10000 by default.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"
work=${BENCH_WORK:-$here/target/bench-audit}
mkdir -p "$work"
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
java -Xmx${BENCH_XMX:-1g} -Dbench.files="${BENCH_FILES:-10000}" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.lunglens.bench.AuditBench "$work" "$work/section.md"
/usr/bin/python3 bench/benchmarks_md.py "Data audit" < "$work/section.md"
echo "updated BENCHMARKS.md" >&2
