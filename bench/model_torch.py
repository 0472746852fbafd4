#!/usr/bin/python3
"""bench/model.sh's PyTorch half: torchvision's resnet50 backbone + LSTM(256, batch first, last step) + Linear(2),
loaded with the weights the Java bench exported, run on the same input tensor. Usage: model_torch.py OUT_DIR REPS.
Writes OUT_DIR/torch.json."""
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from model_torch_net import ResNetLstm  # noqa: E402

out, reps = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(2)
torch.set_num_interop_threads(1)


def load(model):
    flat = np.fromfile(out + "/weights.f32", dtype="<f4")
    r = model._names
    targets = dict(r.state_dict(keep_vars=True))
    targets.update({"lstm." + k: v for k, v in model.lstm.state_dict(keep_vars=True).items()})
    targets.update({"fc." + k: v for k, v in model.fc.state_dict(keep_vars=True).items()})
    n = 0
    with open(out + "/weights.tsv") as f:
        for line in f:
            name, shape, offset = line.rstrip("\n").split("\t")
            shape = tuple(int(s) for s in shape.split(","))
            size = int(np.prod(shape))
            t = targets[name]
            assert tuple(t.shape) == shape, (name, t.shape, shape)
            with torch.no_grad():
                t.copy_(torch.from_numpy(flat[int(offset):int(offset) + size].reshape(shape)))
            n += 1
    return n


def median_ms(fn):
    """[median, best, median process CPU time] of the timed runs after two warm-ups, in ms."""
    for _ in range(2):
        fn()
    t, c = [], []
    for _ in range(reps):
        s, cs = time.perf_counter(), time.process_time()
        fn()
        t.append((time.perf_counter() - s) * 1000)
        c.append((time.process_time() - cs) * 1000)
    return [statistics.median(t), min(t), statistics.median(c)]


def gradcam(model, x, cls=None):
    with torch.no_grad():
        f = model.backbone(x)
    f.requires_grad_(True)
    logits = model.head(f)
    c = int(logits[0].argmax()) if cls is None else cls
    logits[0, c].backward()
    w = f.grad.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((w * f).sum(1))
    cam = torch.nn.functional.interpolate(cam[None], size=IMAGE_HW, mode="bilinear", align_corners=False)[0, 0]
    return (cam - cam.min()) / (cam.max() - cam.min() + 1e-12), logits.detach()


_w, _h = json.load(open(out + "/java.json"))["image_px"].split("x")
IMAGE_HW = (int(_h), int(_w))  # upsample the map to the opened image's size, as LungLens does
model = ResNetLstm().eval()
loaded = load(model)
x8 = torch.from_numpy(np.fromfile(out + "/input8.f32", dtype="<f4").reshape(8, 3, 224, 224))
x1 = x8[:1].clone()
with torch.no_grad():
    logits8 = model(x8)
    r = {
        "weights_loaded": loaded,
        "torch": torch.__version__,
        "logits_batch8": logits8.flatten().tolist(),
        "forward_b1_ms": median_ms(lambda: model(x1)),
        "forward_b8_ms": median_ms(lambda: model(x8)),
    }
r["explain_b1_ms"] = median_ms(lambda: gradcam(model, x1))
r["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
r["blas"] = next((l.split()[-1] for l in open("/proc/self/maps") if "libblas" in l or "libopenblas" in l), "unknown")
r["loadavg"] = open("/proc/loadavg").read().split()[0]
json.dump(r, open(out + "/torch.json", "w"), indent=1)
