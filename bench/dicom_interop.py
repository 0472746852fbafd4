#!/usr/bin/python3
"""bench/dicom-interop.sh's pydicom half: compares LungLens' decoding of every file of a folder with pydicom's.
Usage: dicom_interop.py FOLDER OUT_DIR  (OUT_DIR holds DicomInteropBench's lunglens.tsv and NAME.i32 files).
Prints the markdown section for BENCHMARKS.md; exits 1 if a grayscale single frame that pydicom decodes does not
load in LungLens with identical values."""
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, convert_color_space

warnings.simplefilter("ignore")
# Lossy codestreams may decode with rounding differences between decoders: compared within 1, not exactly.
LOSSY = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.91"}


def lunglens_rows(out):
    rows = {}
    with open(os.path.join(out, "lunglens.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            rows[parts[0]] = parts[1:]
    return rows


def pydicom_decode(path):
    """(dataset or None, first frame or None, reason when there is no frame)."""
    try:
        ds = pydicom.dcmread(path, force=True)
    except Exception as e:  # noqa: BLE001 - any failure is a row of the table
        return None, None, "pydicom cannot parse: " + one_line(e)
    if "PixelData" not in ds:
        return ds, None, "not an image (no pixel data)"
    stored_as = str(ds.get("PhotometricInterpretation", ""))
    try:
        arr = ds.pixel_array
    except Exception as e:  # noqa: BLE001
        return ds, None, "pydicom cannot decode: " + one_line(e)
    ds.stored_as = stored_as
    return ds, arr[0] if number(ds, "NumberOfFrames") > 1 else arr, ""


def number(ds, keyword, default=1):
    try:
        return int(ds.get(keyword, default) or default)
    except (TypeError, ValueError):
        return default


def one_line(e):
    return (type(e).__name__ + ": " + str(e)).splitlines()[0][:120]


def compare(name, path, ours, out):
    """(strict, ok, what pydicom sees, result): strict rows are grayscale single 8/16-bit frames pydicom decodes."""
    ds, arr, reason = pydicom_decode(path)
    loaded = ours[0] == "ok"
    if arr is None:
        return False, not loaded, reason, ours[-1] if not loaded else "loaded"
    gray = number(ds, "SamplesPerPixel") == 1
    frames = number(ds, "NumberOfFrames")
    what = describe(ds, gray, frames)
    lossy = str(getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", "")) in LOSSY
    strict = gray and frames == 1 and number(ds, "BitsAllocated", 0) in (8, 16) and not lossy
    if not loaded:
        # A refusal is a disagreement unless it names a transfer syntax LungLens documents as unread.
        documented = ours[-1].startswith("unsupported transfer syntax")
        return strict, not strict or documented, what, "refused: " + ours[-1]
    mine = np.fromfile(os.path.join(out, name + ".i32"), dtype="<i4").reshape(arr.shape[0], arr.shape[1])
    if gray and lossy:
        diff = int(np.max(np.abs(mine - arr.astype(np.int64))))
        return False, diff <= 1, what, f"lossy: max abs diff {diff} (decoders may round differently)" + note(ours)
    if gray:
        same = np.array_equal(mine, arr.astype(np.int64))
        slope, intercept = float(ours[3]), float(ours[4])
        rescaled = mine * slope + intercept if (slope, intercept) != (1.0, 0.0) else mine
        same_rescaled = np.array_equal(np.asarray(rescaled, dtype=np.float64),
                                       np.asarray(apply_modality_lut(arr, ds), dtype=np.float64))
        text = "identical stored and rescaled values" if same and same_rescaled else (
            "DIFFERENT: stored " + ("same" if same else "differ") + ", rescaled " + ("same" if same_rescaled else "differ"))
        return strict, same and same_rescaled, what, text + note(ours)
    diff = int(np.max(np.abs(luma(ds, arr) - mine)))
    return False, True, what, f"luma max abs diff {diff} vs Rec. 601 of pydicom's RGB" + note(ours)


def luma(ds, arr):
    # After pixel_array, PhotometricInterpretation says what pydicom's handler returned (it may have converted).
    pi = str(ds.get("PhotometricInterpretation", ""))
    rgb = convert_color_space(arr, pi, "RGB") if pi.startswith("YBR_FULL") else arr
    rgb = rgb.astype(np.float64)
    return np.rint(0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2])


def note(ours):
    return f" ({ours[-1]})" if ours[-1] else ""


def describe(ds, gray, frames):
    pi = getattr(ds, "stored_as", "")
    meta = getattr(ds, "file_meta", None)
    ts = meta.TransferSyntaxUID.name if meta is not None and "TransferSyntaxUID" in meta else "no meta"
    return f"{'gray' if gray else 'colour'} {pi} {number(ds, 'BitsAllocated', 0)}-bit, {frames} frame(s), {ts}"


def main():
    folder, out = sys.argv[1], sys.argv[2]
    ours = lunglens_rows(out)
    lines, bad, strict_total, strict_ok, strict_unread = [], 0, 0, 0, 0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or name not in ours:
            continue
        strict, ok, what, result = compare(name, path, ours[name], out)
        strict_total += strict
        strict_ok += strict and result.startswith("identical")
        strict_unread += strict and result.startswith("refused")
        bad += not ok
        lines.append(f"| {name} | {what.replace('|', '/')} | {'loaded' if ours[name][0] == 'ok' else 'refused'} | "
                     f"{result.replace('|', '/')} |")
    print(f"pydicom {pydicom.__version__}: of the {strict_total} grayscale single-frame 8/16-bit images that pydicom "
          f"decodes losslessly, {strict_ok} load in LungLens with identical values and {strict_unread} are refused for "
          f"a transfer syntax LungLens does not read; {bad} file(s) disagree.\n")
    print("| file | pydicom | LungLens | result |\n|---|---|---|---|")
    print("\n".join(lines))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
