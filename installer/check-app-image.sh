#!/usr/bin/env bash
# Builds the Linux app-image from the packaged jar and checks its bundled CLI headless: `lunglens predict` with no
# --model (so the shipped demo model) on every shipped sample must give a verdict line per image.
# Run by `mvn verify` (integration-test phase), after `package` has made the jar and target/libs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash installer/build-app-image.sh --skip-build >/dev/null
cli=target/installer/LungLens/bin/lunglens
[ -x "$cli" ] || { echo "check-app-image: $cli was not built" >&2; exit 1; }
mapfile -t samples < <(find assets/samples -name '*.png' | sort)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# A clean home, so no user model or remembered choice can stand in for the bundled demo model.
out=$(JAVA_TOOL_OPTIONS="-Dlunglens.home=$home" "$cli" predict "${samples[@]}" 2>"$home/err") || {
  echo "check-app-image: bundled 'lunglens predict' failed:" >&2; cat "$home/err" >&2; exit 1; }
verdicts=$(grep -cE '  (COVID-19|COVID|Normal)  p\(' <<<"$out" || true)
if [ "$verdicts" -ne "${#samples[@]}" ]; then
  echo "check-app-image: expected ${#samples[@]} verdicts, got $verdicts:" >&2
  echo "$out" >&2
  exit 1
fi
grep -q "synthetic" <<<"$out" || { echo "check-app-image: the demo model's synthetic warning is missing" >&2; exit 1; }
echo "check-app-image: bundled CLI gave ${#samples[@]} verdicts with the shipped demo model"
