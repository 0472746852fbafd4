#!/usr/bin/env bash
# DICOM interoperability (issue 14, item 10): every file of pydicom's own test folder (Debian python3-pydicom) and
# GDCM's example 00191113.dcm (Debian libgdcm3.0's docs) goes through LungLens' ImageLoader, as the app opens files,
# and through pydicom (with Debian's GDCM for JPEG lossless and JPEG-LS). Every grayscale single-frame 8/16-bit
# image that pydicom decodes losslessly must load with identical stored and rescaled values; every other file gets
# one line. Writes the "## DICOM interoperability" section of BENCHMARKS.md; exits 1 on a disagreement.
# Needs: apt-get install python3-pydicom python3-numpy python3-gdcm      Usage: bench/dicom-interop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(mktemp -d /tmp/lunglens-dicom.XXXXXX)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
PYDICOM_FILES=$(/usr/bin/python3 -c 'import pydicom.data, os; print(os.path.join(os.path.dirname(pydicom.data.__file__), "test_files"))')
GDCM_EXAMPLE=/usr/share/doc/libgdcm3.0/examples/00191113.dcm
mkdir -p "$OUT/in"
# Only the folder's files, not its subfolders (dicomdirtests holds DICOMDIR sets, not images).
find "$PYDICOM_FILES" -maxdepth 1 -type f -exec cp {} "$OUT/in/" \;
[ -f "$GDCM_EXAMPLE" ] && cp "$GDCM_EXAMPLE" "$OUT/in/"
mvn -q -B -ntp test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
java -Xmx2g -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" io.lunglens.bench.DicomInteropBench \
    "$OUT/in" "$OUT"
rc=0
# GDCM prints its codec warnings on stderr; the table says what matters.
/usr/bin/python3 bench/dicom_interop.py "$OUT/in" "$OUT" > "$OUT/table.md" 2> "$OUT/pydicom.log" || rc=$?
{
    echo "## DICOM interoperability"
    echo
    echo "\`bench/dicom-interop.sh\` on $(date -u +%F): every file of pydicom's test folder ($(ls "$PYDICOM_FILES" | wc -l) entries," \
        "Debian python3-pydicom) and GDCM's example 00191113.dcm (Debian libgdcm3.0) loaded by LungLens' ImageLoader and" \
        "decoded by pydicom with Debian's GDCM, Pillow and numpy handlers. Gray rows compare the stored values LungLens" \
        "keeps and the values after Rescale Slope/Intercept; lossy codestreams may round differently between decoders" \
        "and are compared within 1. Colour rows compare LungLens' luminance with Rec. 601 luma of pydicom's RGB" \
        "(for YBR_FULL LungLens takes Y as stored, so clipped colours differ by a few levels). GDCMJ2K_TextGBR.dcm" \
        "holds a JPX (JPEG 2000 Part 2) file where DICOM wants a codestream; pydicom's README calls it" \
        "non-conformant, and JJ2000 and GDCM's OpenJPEG decode its colours differently."
    echo
    cat "$OUT/table.md"
} | /usr/bin/python3 bench/benchmarks_md.py "DICOM interoperability"
echo "updated BENCHMARKS.md" >&2
exit $rc
