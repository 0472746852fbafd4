#!/usr/bin/python3
"""The same training as `lunglens train` in PyTorch from Python: torchvision resnet50 backbone + LSTM(256, batch
first, last step) + Linear(2), Adam, batch 8, the same train/validation files (read from a LungLens bundle's
split.json), the same preprocessing (bit depth to [0,1], area resize, ImageNet mean/std on three equal channels).
Usage: train_torch.py SPLIT_JSON SIZE EPOCHS LR OUT_JSON. Prints one line per epoch; writes OUT_JSON."""
import json
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
from model_torch_net import ResNetLstm  # noqa: E402

split_json, size, epochs, lr, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
torch.set_num_threads(2)
torch.set_num_interop_threads(1)
torch.manual_seed(42)
split = json.load(open(split_json))
root = split["root"]
classes = split["classes"]
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def plane(path):
    im = Image.open(path)
    a = np.asarray(im, dtype=np.float32)
    a = a / (65535.0 if im.mode.startswith("I") else 255.0)
    return np.asarray(Image.fromarray(a, mode="F").resize((size, size), Image.BOX), dtype=np.float32)


def load(entries):
    x = np.stack([plane(os.path.join(root, e["file"])) for e in entries])
    y = np.array([classes.index(e["label"]) for e in entries])
    return torch.from_numpy(x)[:, None], torch.from_numpy(y)


def normalise(x):
    return (x.expand(-1, 3, -1, -1) - MEAN) / STD


t0 = time.perf_counter()
xt, yt = load(split["train"])
xv, yv = load(split["validation"])
read_s = time.perf_counter() - t0
model = ResNetLstm()
opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-5)
loss_fn = torch.nn.CrossEntropyLoss()
rows = []
g = torch.Generator().manual_seed(42)
for epoch in range(1, epochs + 1):
    t = time.perf_counter()
    model.train()
    order = torch.randperm(len(yt), generator=g)
    total, correct, seen = 0.0, 0, 0
    for b in range(0, len(order) - 1, 8):
        idx = order[b:b + 8]
        if len(idx) < 2:
            break
        opt.zero_grad()
        logits = model(normalise(xt[idx]))
        loss = loss_fn(logits, yt[idx])
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
        correct += int((logits.argmax(1) == yt[idx]).sum())
        seen += len(idx)
    model.eval()
    with torch.no_grad():
        vl, vc = 0.0, 0
        for b in range(0, len(yv), 16):
            logits = model(normalise(xv[b:b + 16]))
            vl += torch.nn.functional.cross_entropy(logits, yv[b:b + 16], reduction="sum").item()
            vc += int((logits.argmax(1) == yv[b:b + 16]).sum())
    secs = time.perf_counter() - t
    rows.append({"epoch": epoch, "train_loss": total / seen, "train_acc": correct / seen,
                 "val_loss": vl / len(yv), "val_acc": vc / len(yv), "seconds": secs})
    print(f"epoch {epoch:3d}/{epochs}  train loss {total / seen:.4f} acc {correct / seen:.3f} | "
          f"val loss {vl / len(yv):.4f} acc {vc / len(yv):.3f} | {secs:.1f} s", flush=True)
json.dump({"torch": torch.__version__, "read_s": read_s, "epochs": rows, "train_images": len(yt),
           "validation_images": len(yv), "loadavg": open("/proc/loadavg").read().split()[0]},
          open(out, "w"), indent=1)
