#!/usr/bin/env bash
# Renders docs/phantoms-contact-sheet.png: 16 COVID and 16 normal standard phantoms (512², seed 2024) beside real
# samples for comparison. Usage: bench/synth-contact-sheet.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -cp "target/classes:$(cat target/cp.txt)" io.lunglens.cli.Main synth "$work/p" --per-class 16 --seed 2024 --size 512
java -Djava.awt.headless=true bench/ContactSheet.java "$work/p" docs/phantoms-contact-sheet.png 16 \
    assets/samples/normal/nih_00001280_004.png assets/samples/covid/hann_0a7faa2a.png
echo "wrote docs/phantoms-contact-sheet.png"
