#!/usr/bin/python3
"""Makes N distinct PNG files from fewer: each copy is its source with one tEXt chunk ("copy", its number) before
IEND. The pixels are the source's; the bytes, hence the SHA-256, differ, so the data set (which drops duplicate files
by hash) and the preprocessing cache see N images. Cheaper than synthesizing N phantoms (0.1 s each).
Usage: multiply_pngs.py SRC_CLASS_DIR DST_CLASS_DIR COUNT"""
import os
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def main(src, dst, count):
    files = sorted(f for f in os.listdir(src) if f.endswith(".png"))
    os.makedirs(dst, exist_ok=True)
    blobs = [open(os.path.join(src, f), "rb").read() for f in files]
    for i in range(count):
        b = blobs[i % len(blobs)]
        assert b[-12:-8] == b"\0\0\0\0" and b[-8:-4] == b"IEND", files[i % len(files)]
        text = chunk(b"tEXt", b"copy\0" + str(i).encode())
        with open(os.path.join(dst, f"copy-{i:05d}.png"), "wb") as f:
            f.write(b[:-12] + text + b[-12:])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
