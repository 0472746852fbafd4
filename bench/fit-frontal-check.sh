#!/usr/bin/env bash
# Fits the frontal chest X-ray check (issue 15) and writes its parameters and card:
#   src/main/resources/io/lunglens/gate/frontal-check.json and frontal-check.md
# Reads ../shared/data/cxr-dev (real films; not in the repository) and, when installed, Debian's python3-skimage
# sample photographs; draws the rest (phantoms, application screenshots, text, noise). Deterministic: the same data
# give the same files. Then run FrontalCheckTest, which checks the shipped parameters on the held-out half.
# NO_NC=1 leaves out the cxr-dev files under a NonCommercial licence (for a build that must not derive from them).
# Needs: apt-get install python3-skimage (optional but used for the shipped fit).   Usage: [NO_NC=1] bench/fit-frontal-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/data/cxr-dev ] || { echo "needs ../shared/data/cxr-dev" >&2; exit 1; }
[ -d /usr/lib/python3/dist-packages/skimage/data ] || echo "note: python3-skimage is not installed; fitting without its photographs" >&2
CP="$(mktemp /tmp/lunglens-fit-cp.XXXXXX)"
trap 'rm -f "$CP"' EXIT
mvn -q -B -ntp test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP" >/dev/null
java -Xmx3g -Djava.awt.headless=true -Dlunglens.frontal.noNc="${NO_NC:+true}" -cp "target/test-classes:target/classes:$(cat "$CP")" \
    io.lunglens.gate.FrontalFit src/main/resources/io/lunglens/gate
