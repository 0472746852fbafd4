#!/usr/bin/python3
"""The PyTorch side of bench/train-profile.sh: the same training step (ResNet50-LSTM, Adam, batch of random input)
timed by phase as wall and process CPU milliseconds, then the LSTM head's forward and backward alone.
Usage: train_profile_torch.py SIZE BATCH STEPS. One untimed step first."""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(__file__))
from model_torch_net import ResNetLstm  # noqa: E402

size, batch, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(2)
torch.set_num_interop_threads(1)
torch.manual_seed(42)
model = ResNetLstm().train()
opt = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-5)
loss_fn = torch.nn.CrossEntropyLoss()
x, y = torch.rand(batch, 3, size, size), torch.arange(batch) % 2
sums = {}


def clock():
    return time.perf_counter(), time.process_time()


def mark(phase, since, timed):
    now = clock()
    if timed:
        s = sums.setdefault(phase, [0.0, 0.0])
        s[0] += now[0] - since[0]
        s[1] += now[1] - since[1]
    return now


for step in range(steps + 1):
    timed = step > 0
    t = clock()
    opt.zero_grad()
    t = mark("zero grad", t, timed)
    out = model(x)
    t = mark("forward", t, timed)
    loss = loss_fn(out, y)
    t = mark("loss", t, timed)
    loss.backward()
    t = mark("backward", t, timed)
    loss.item(), out.argmax(1).tolist()
    t = mark("read back", t, timed)
    opt.step()
    mark("optimiser step", t, timed)
for step in range(steps + 1):
    with torch.no_grad():
        f = model.backbone(x)
    f.requires_grad_(True)
    t = clock()
    loss_fn(model.head(f), y).backward()
    mark("LSTM head fwd+bwd", t, step > 0)
for k, (w, c) in sums.items():
    print(f"{k:18s} wall {w / steps * 1e3:8.1f} ms  cpu {c / steps * 1e3:8.1f} ms")
