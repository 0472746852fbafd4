#!/usr/bin/env bash
# Rebuilds the DICOM test fixtures in this folder and their reference decodings.
# Tests only read the committed results; dcmtk and GDCM are needed only to run this script:
#   apt-get install -y dcmtk libgdcm-tools      (uses /usr/bin/python3 for the source pixels)
#
# Source pixels: a gradient plus deterministic noise (fixed LCG seed), written as raw little-endian
# words by python, wrapped into DICOM by dcmtk's dump2dcm, then transcoded by dcmtk/GDCM tools.
#
# References (<name>.ref): the stored pixel values as dcmtk decodes them, with no modality or VOI
# transform and no MONOCHROME1 inversion. The fixture is decompressed to explicit VR little endian
# (dcmconv / dcmdrle / dcmdjpeg / dcmdjpls) and dcmdump +W writes the bytes of (7fe0,0010) unchanged: 16-bit
# little-endian words for BitsAllocated 16, bytes for BitsAllocated 8 (plus the DICOM pad byte when
# rows*cols is odd). dcmtk has no JPEG 2000 codec, so J2K references come from GDCM (OpenJPEG):
# gdcmconv --raw, then the same dcmdump +W step. A reader turns a word into a stored value by keeping
# bits [HighBit-BitsStored+1 .. HighBit] and sign-extending when PixelRepresentation is 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

/usr/bin/python3 - <<'PY'
import struct

W, H = 64, 48
state = 12345
def noise(n):
    """Deterministic LCG noise in [0, n)."""
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return (state >> 8) % n

def gradient(w, h, lo, hi, amp):
    out = []
    for y in range(h):
        for x in range(w):
            v = lo + (hi - lo) * (x + y) // (w + h - 2) + noise(amp) - amp // 2
            out.append(min(hi, max(lo, v)))
    return out

def words(name, values, mask=0xFFFF):
    with open(name, "wb") as f:
        f.write(b"".join(struct.pack("<H", v & mask) for v in values))

words("u12.raw", gradient(W, H, 0, 4095, 200))
words("u16.raw", gradient(W, H, 0, 65535, 3000))
words("s16.raw", gradient(W, H, -1024, 3071, 300))
# signed 12-bit with the unused high bits left zero: only sign extension from BitsStored recovers it
words("s12.raw", gradient(W, H, -2048, 2047, 200), mask=0x0FFF)
words("mf.raw", gradient(W, H, 0, 4095, 200) * 2)
with open("u8.raw", "wb") as f:  # 61x47: odd pixel count, so the element gets a pad byte
    f.write(bytes(gradient(61, 47, 0, 255, 20)) + b"\0")
with open("rgb.raw", "wb") as f:
    f.write(bytes(v for p in gradient(W, H, 0, 255, 20) for v in (p, 255 - p, p // 2)))
# flat blocks beside noisy ones, so that JPEG-LS codes long stretches in run mode (last: it draws noise)
words("steps.raw", [(x // 16 + y // 12) % 4 * 1000 + (noise(200) if (x // 16 + y // 12) % 3 == 0 else 0)
                    for y in range(H) for x in range(W)])
PY

# dump2dcm input: a DX image with a nested sequence and an icon with its own (7fe0,0010), which a
# reader must skip to find the top-level pixel data.
dump() {  # rows cols alloc stored high signed photometric samples rawfile [extra lines]
  cat <<D
(0008,0016) UI =DigitalXRayImageStorageForPresentation
(0008,0018) UI [1.2.826.0.1.3680043.9.7133.1.1]
(0008,0060) CS [DX]
(0008,1140) SQ (Sequence)
  (fffe,e000) na (Item)
    (0008,1150) UI =DigitalXRayImageStorageForPresentation
    (0008,1155) UI [1.2.826.0.1.3680043.9.7133.1.2]
    (0040,a170) SQ (Sequence)
      (fffe,e000) na (Item)
        (0008,0100) SH [121311]
      (fffe,e00d) na (ItemDelimitationItem)
    (fffe,e0dd) na (SequenceDelimitationItem)
  (fffe,e00d) na (ItemDelimitationItem)
(fffe,e0dd) na (SequenceDelimitationItem)
(0020,000d) UI [1.2.826.0.1.3680043.9.7133.1.3]
(0020,000e) UI [1.2.826.0.1.3680043.9.7133.1.4]
(0028,0002) US $8
(0028,0004) CS [$7]
(0028,0010) US $1
(0028,0011) US $2
(0028,0100) US $3
(0028,0101) US $4
(0028,0102) US $5
(0028,0103) US $6
${10:-}
(0088,0200) SQ (Sequence)
  (fffe,e000) na (Item)
    (0028,0002) US 1
    (0028,0004) CS [MONOCHROME2]
    (0028,0010) US 2
    (0028,0011) US 2
    (0028,0100) US 8
    (0028,0101) US 8
    (0028,0102) US 7
    (0028,0103) US 0
    (7fe0,0010) OB 01\\02\\03\\04
  (fffe,e00d) na (ItemDelimitationItem)
(fffe,e0dd) na (SequenceDelimitationItem)
(7fe0,$( [ "$3" = 8 ] && echo "0010) OB" || echo "0010) OW") =$9
D
}
build() {  # name dump2dcm-options rows cols alloc stored high signed photometric samples rawfile [extra]
  local name=$1 opts=$2; shift 2
  dump "$@" > "$name.txt"
  # shellcheck disable=SC2086
  dump2dcm -q $opts "$name.txt" "$name.dcm"
}

# Sources in explicit VR little endian; "-e" writes undefined-length sequences and items.
build u12  "+te -e" 48 64 16 12 11 0 MONOCHROME2 1 u12.raw
build u12d "+te"    48 64 16 12 11 0 MONOCHROME2 1 u12.raw
build u16  "+te"    48 64 16 16 15 0 MONOCHROME2 1 u16.raw
build s16  "+te -e" 48 64 16 16 15 1 MONOCHROME2 1 s16.raw
build s12  "+te"    48 64 16 12 11 1 MONOCHROME2 1 s12.raw
build u8   "+te"    47 61 8  8  7  0 MONOCHROME2 1 u8.raw
build mono1 "+te"   48 64 16 12 11 0 MONOCHROME1 1 u12.raw
build mf   "+te"    48 64 16 12 11 0 MONOCHROME2 1 mf.raw "(0028,0008) IS [2]"
build rgb  "+te"    48 64 8  8  7  0 RGB 3 rgb.raw "(0028,0006) US 0"
build steps "+te"   48 64 16 12 11 0 MONOCHROME2 1 steps.raw

out=$here
rm -f "$out"/*.dcm "$out"/*.ref
cp u12.dcm   "$out/explicit-le-undef-seq.dcm"
cp u12d.dcm  "$out/explicit-le.dcm"
dcmconv -q +ti u12.dcm "$out/implicit-le.dcm"
dcmconv -q +tb u16.dcm "$out/explicit-be.dcm"
dcmconv -q +tb u8.dcm  "$out/explicit-be-8bit.dcm"
dcmconv -q +tb -e u12.dcm "$out/explicit-be-undef-seq.dcm"
cp s16.dcm   "$out/signed16.dcm"
dcmconv -q +ti s12.dcm "$out/signed12-implicit.dcm"
cp mono1.dcm "$out/monochrome1.dcm"
dcmconv -q +td u12.dcm "$out/deflate.dcm"
dcmcrle -q u16.dcm "$out/rle16.dcm"
dcmcrle -q u8.dcm  "$out/rle8.dcm"
dcmcrle -q +fs 1 u16.dcm "$out/rle16-fragments.dcm"
dcmcrle -q s16.dcm "$out/rle-signed16.dcm"
dcmcjpeg -q +un +eb u8.dcm "$out/jpeg-baseline.dcm"
dcmcjpeg -q +el u12.dcm "$out/jpeg-lossless12.dcm"
dcmcjpeg -q +e1 +fs 1 u16.dcm "$out/jpeg-lossless16-sv1-fragments.dcm"
gdcmconv --j2k u12.dcm "$out/j2k-lossless.dcm"
# (GDCM gives the lossy file a new SOP Instance UID on every run; the pixels stay the same)
gdcmconv --quiet --j2k --lossy -q 40 u16.dcm "$out/j2k-lossy.dcm"
# display and modality attributes (two window values: the first one counts)
dcmodify -q -nb -i "(0028,1050)=1024.5\\2000" -i "(0028,1051)=2048\\4000" \
  -i "(0028,1052)=-1024" -i "(0028,1053)=0.5" "$out/explicit-le.dcm"
dcmodify -q -nb -i "(0010,0010)=DOE^JANE" -i "(0010,0020)=ID12345" "$out/implicit-le.dcm"
# a raw data set: no preamble, no file meta (implicit VR little endian by definition)
dcmconv -q +ti -F u12.dcm "$out/raw-dataset-implicit.dcm"

dcmcjpls -q u12.dcm "$out/jpegls.dcm"
dcmcjpls -q u8.dcm "$out/jpegls-8bit.dcm"
dcmcjpls -q steps.dcm "$out/jpegls-runs.dcm"

# read, and checked against their own native bytes (no .ref): the first frame, and luminance
cp mf.dcm  "$out/multiframe-native.dcm"
cp rgb.dcm "$out/rgb-native.dcm"

# refused
dcmcjpeg -q +un +ee u12.dcm "$out/refused-jpeg12-lossy.dcm"

# references
for f in "$out"/*.dcm; do
  name=$(basename "$f" .dcm)
  case $name in refused-*|multiframe-native|rgb-native) continue ;; esac
  ts=$(dcmdump -q -Un -s +P 0002,0010 "$f" | sed 's/.*\[\(.*\)\].*/\1/' || true)
  case $ts in
    1.2.840.10008.1.2.4.9*) gdcmconv --raw "$f" dec0.dcm && dcmconv -q +te dec0.dcm dec.dcm ;;
    1.2.840.10008.1.2.4.8*) dcmdjpls -q +te "$f" dec.dcm ;;
    1.2.840.10008.1.2.4.*) dcmdjpeg -q +te "$f" dec.dcm ;;
    1.2.840.10008.1.2.5) dcmdrle -q +te "$f" dec.dcm ;;
    *) dcmconv -q +te "$f" dec.dcm ;;
  esac
  rm -rf px && mkdir px
  dcmdump -q +W px dec.dcm > /dev/null
  # +W writes every binary value; the top-level pixel data is the one with the largest size
  mv "$(ls -S px/* | head -1)" "$out/$name.ref"
  rm -f dec0.dcm dec.dcm
done
ls -l "$out"
du -sh "$out"
