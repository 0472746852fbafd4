#!/usr/bin/python3
"""bench/backbone-parity.sh's PyTorch half: torchvision's resnet50 with a fixed random seed (no download: not
ImageNet), traced to TorchScript, and its layer4 feature map on a seeded input batch.
Usage: parity_torch.py OUT_DIR. Writes resnet50.pt, input.f32 (2,3,224,224), features.f32 (2,2048,7,7), torch.json."""
import json
import sys

import numpy as np
import torch
import torchvision

out = sys.argv[1]
torch.manual_seed(0)
m = torchvision.models.resnet50(weights=None)
# Training-mode passes give every BatchNorm layer running statistics that differ from 0 and 1, so the import has to
# carry them over for the outputs to agree.
m.train()
with torch.no_grad():
    for _ in range(2):
        m(torch.rand(4, 3, 224, 224) * 2 - 0.5)
m.eval()
x = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(1))
torch.jit.trace(m, x).save(out + "/resnet50.pt")
backbone = torch.nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2, m.layer3, m.layer4)
with torch.no_grad():
    f = backbone(x)
x.numpy().astype("<f4").tofile(out + "/input.f32")
f.numpy().astype("<f4").tofile(out + "/features.f32")
json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "feature_shape": list(f.shape)},
          open(out + "/torch.json", "w"))
