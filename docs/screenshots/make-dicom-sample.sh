#!/usr/bin/env bash
# Makes the DICOM used for viewer-dicom.png from a real sample: a 12-bit MONOCHROME1 DX (as computed
# radiography stores it), with a window in its header and a placeholder patient name.
#   docs/screenshots/make-dicom-sample.sh OUT.dcm        (needs dcmtk and /usr/bin/python3 with PIL)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$here/assets/samples/normal/nih_00001280_004.png" "$work" <<'PY'
import struct, sys
from PIL import Image
img = Image.open(sys.argv[1]).convert("L")
w, h = img.size
# 8-bit display value v -> 12-bit stored value, inverted because MONOCHROME1 shows low values bright.
px = [(255 - v) * 16 + 8 for v in img.getdata()]
open(sys.argv[2] + "/px.raw", "wb").write(b"".join(struct.pack("<H", v) for v in px))
open(sys.argv[2] + "/size", "w").write(f"{h} {w}\n")
PY
read -r rows cols < "$work/size"
cat > "$work/dump.txt" <<D
(0008,0016) UI =DigitalXRayImageStorageForPresentation
(0008,0018) UI [1.2.826.0.1.3680043.9.7133.2.1]
(0008,0060) CS [DX]
(0010,0010) PN [Sample^Anonymous]
(0010,0020) LO [LL-0001]
(0018,0015) CS [CHEST]
(0020,000d) UI [1.2.826.0.1.3680043.9.7133.2.2]
(0020,000e) UI [1.2.826.0.1.3680043.9.7133.2.3]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME1]
(0028,0010) US $rows
(0028,0011) US $cols
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 0
(0028,1050) DS [2000]
(0028,1051) DS [3900]
(0028,1052) DS [0]
(0028,1053) DS [1]
(7fe0,0010) OW =$work/px.raw
D
dump2dcm -q +te "$work/dump.txt" "$out"
echo "wrote $out (${cols}x${rows}, 12-bit MONOCHROME1)"
