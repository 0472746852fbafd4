#!/usr/bin/python3
"""Replaces one "## Title" section of BENCHMARKS.md (or appends it), keeping the others; the write is atomic.
Usage from a bench script: benchmarks_md.py "Title" < section.md   (the section text, starting with its heading)."""
import os
import re
import sys


def write_section(title, section, path="BENCHMARKS.md"):
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n\n"
    pat = re.compile(r"^## " + re.escape(title) + r"\n.*?(?=^## |\Z)", re.S | re.M)
    section = section.rstrip("\n") + "\n\n"
    text = pat.sub(lambda m: section, text) if pat.search(text) else text.rstrip("\n") + "\n\n" + section
    open(path + ".tmp", "w", encoding="utf-8").write(text)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    write_section(sys.argv[1], sys.stdin.read())
