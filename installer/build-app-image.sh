#!/usr/bin/env bash
# Builds a self-contained Linux app-image (and, with --deb, a .deb) of LungLens with jpackage (JDK 17).
#   bash installer/build-app-image.sh [--deb] [--skip-build]
# Result: target/installer/LungLens/ with bin/LungLens (the app) and bin/lunglens (the CLI);
#         with --deb also target/installer/lunglens_<version>_amd64.deb.
# The bundled models/ (the demo model) and assets/samples go into lib/app/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
deb=false; build=true
for a in "$@"; do
  case "$a" in
    --deb) deb=true ;;
    --skip-build) build=false ;;
    *) echo "usage: $0 [--deb] [--skip-build]" >&2; exit 2 ;;
  esac
done
version=$(grep -m1 -o '<version>[0-9][^<]*</version>' pom.xml | sed -E 's/<[^>]+>//g; s/-SNAPSHOT//')
if $build; then
  mvn -q -B -ntp -DskipTests package
fi
in=target/jpackage/input
rm -rf target/jpackage target/installer
mkdir -p "$in/lib" "$in/fx" target/installer
cp target/lunglens-*.jar "$in/lunglens.jar"
# bin/LungLens runs `lunglens gui` (io.lunglens.cli.GuiMain), so its arguments are checked as the CLI's are.
# JavaFX must sit on the module path for the app; jpackage puts every jar of the input on the class path, where
# DJL must be (its native jar is no valid module).
for j in target/libs/*.jar; do
  case "$(basename "$j")" in
    javafx-*-linux.jar) cp "$j" "$in/fx/" ;;
    javafx-*) ;;  # the empty platform-neutral javafx jars
    *) cp "$j" "$in/lib/" ;;
  esac
done
mkdir -p "$in/models" && cp -r models/. "$in/models/"
mkdir -p "$in/assets" && cp -r assets/samples "$in/assets/samples"
common=(--java-options "-Xmx4g" --java-options "-Dai.djl.offline=true"
        --java-options "-Dai.djl.pytorch.num_interop_threads=1"
        --java-options "-Dlunglens.models=\$APPDIR/models"
        --java-options "-Dlunglens.samples=\$APPDIR/assets/samples")
cat > target/jpackage/cli.properties <<PROPS
main-class=io.lunglens.cli.Main
java-options=-Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dlunglens.models=\$APPDIR/models -Djava.awt.headless=true
PROPS
jpackage --type app-image --dest target/installer --name LungLens --app-version "$version" \
  --vendor "LungLens" --description "Chest X-ray second opinion. Research use only - not a medical device." \
  --input "$in" --main-jar lunglens.jar --main-class io.lunglens.cli.GuiMain \
  --java-options "--module-path=\$APPDIR/fx" --java-options "--add-modules=javafx.controls,javafx.swing,javafx.fxml" \
  "${common[@]}" --add-launcher lunglens=target/jpackage/cli.properties
echo "app-image: target/installer/LungLens (run bin/LungLens, or bin/lunglens for the CLI)"
if $deb; then
  mkdir -p /usr/share/applications 2>/dev/null || true
  jpackage --type deb --dest target/installer --app-image target/installer/LungLens --name lunglens \
    --app-version "$version" --vendor "LungLens" \
    --description "Chest X-ray second opinion. Research use only - not a medical device." \
    --linux-package-deps "libgtk-3-0, libxtst6, libgl1" --linux-app-category science
  ls target/installer/*.deb
fi
