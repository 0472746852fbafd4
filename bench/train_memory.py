#!/usr/bin/python3
"""Driver for bench/train-memory.sh: runs `lunglens train`, polls the JVM's resident set every 0.2 s, notes when
each epoch line appears, and prints one JSON line: the peak RSS per phase (reading the folder, each epoch, after)
and the epoch times as the trainer reported them. With --stop-after N it sends SIGTERM once epoch N is printed
(the run then stops cleanly between batches; what is measured is the epochs)."""
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time


def rss_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    args = sys.argv[1:]
    stop_after = None
    if args[0] == "--stop-after":
        stop_after = int(args[1])
        args = args[2:]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    phase = {"name": "open"}
    peaks = {}
    done = threading.Event()

    def poll():
        while not done.is_set():
            kb = rss_kb(p.pid, "VmRSS")
            if kb is not None:
                peaks[phase["name"]] = max(peaks.get(phase["name"], 0), kb)
            time.sleep(0.2)

    threading.Thread(target=poll, daemon=True).start()
    epochs = []
    hwm = None
    t0 = time.time()
    for line in p.stdout:
        sys.stderr.write(line)
        if line.startswith("run folder") or line.startswith("resuming"):
            phase["name"] = "epoch 1"
        m = re.match(r"epoch\s+(\d+)/\d+ .*\| ([0-9.]+) s", line)
        if m:
            n = int(m.group(1))
            epochs.append({"epoch": n, "seconds": float(m.group(2))})
            phase["name"] = f"epoch {n + 1}" if stop_after is None or n < stop_after else "stopping"
            if stop_after is not None and n >= stop_after:
                hwm = rss_kb(p.pid, "VmHWM")
                p.send_signal(signal.SIGTERM)
            elif stop_after is None and n == int(os.environ.get("BENCH_EPOCHS", "2")):
                phase["name"] = "after the epochs"
        if line.startswith("saved "):
            hwm = rss_kb(p.pid, "VmHWM")
    code = p.wait()
    done.set()
    print(json.dumps({"exit": code, "wall": round(time.time() - t0, 1), "epochs": epochs, "hwm_kb": hwm,
                      "peaks_kb": peaks}))


if __name__ == "__main__":
    main()
