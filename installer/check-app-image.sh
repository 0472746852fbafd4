#!/usr/bin/env bash
# Builds the Linux app-image from the packaged jar and checks its bundled CLI headless: `lunglens predict` with no
# --model (so the shipped demo model) on every shipped sample must give one line per image: a verdict for each phantom
# (what the demo model was trained on) and, for each real film, the input gate's "outside the training data".
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
phantoms=$(grep -c '/phantoms/' < <(printf '%s\n' "${samples[@]}"))
real=$(( ${#samples[@]} - phantoms ))
verdicts=$(grep -E '/phantoms/' <<<"$out" | grep -cE '  (COVID-19|COVID|Normal)  p\(' || true)
refused=$(grep -v '/phantoms/' <<<"$out" | grep -c "OUTSIDE THE MODEL'S TRAINING DATA" || true)
if [ "$verdicts" -ne "$phantoms" ] || [ "$refused" -ne "$real" ]; then
  echo "check-app-image: expected $phantoms phantom verdicts and $real real films refused, got $verdicts and $refused:" >&2
  echo "$out" >&2
  exit 1
fi
grep -q "synthetic" <<<"$out" || { echo "check-app-image: the demo model's synthetic warning is missing" >&2; exit 1; }
echo "check-app-image: bundled CLI gave $phantoms phantom verdicts and refused $real real films with the demo model"
