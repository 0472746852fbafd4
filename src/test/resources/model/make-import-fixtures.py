#!/usr/bin/python3
"""Writes the small TorchScript files the import tests read (no Python is needed in mvn test):
  import/tiny-resnet.pt    torchvision's ResNet layout (torchvision Bottleneck blocks, same names) at LungLens' tiny
                           test width (stem 8, one block per stage) with a 10-way fc, random weights (seed 0) and
                           non-trivial BatchNorm running statistics, traced to TorchScript;
  import/tiny-basic.pt     the same with torchvision BasicBlocks: a resnet18-style network, the wrong architecture;
  import/tiny-resnet.json  the traced module's output on a seeded input, for the numerical check.
Run with Debian's python3 (apt-get install python3-torchvision):  /usr/bin/python3 make-import-fixtures.py"""
import json
import os

import torch
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "import")
os.makedirs(here, exist_ok=True)


class Tiny(ResNet):
    """torchvision's ResNet class with its widths scaled down: inplanes 8, planes 8/16/32/64."""

    def __init__(self, block):
        torch.nn.Module.__init__(self)
        self._norm_layer = torch.nn.BatchNorm2d
        self.inplanes, self.dilation, self.groups, self.base_width = 8, 1, 1, 64
        self.conv1 = torch.nn.Conv2d(3, 8, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.relu = torch.nn.ReLU(inplace=True)
        self.maxpool = torch.nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 8, 1)
        self.layer2 = self._make_layer(block, 16, 1, stride=2)
        self.layer3 = self._make_layer(block, 32, 1, stride=2)
        self.layer4 = self._make_layer(block, 64, 1, stride=2)
        self.avgpool = torch.nn.AdaptiveAvgPool2d((1, 1))
        self.fc = torch.nn.Linear(64 * block.expansion, 10)


def build(block):
    torch.manual_seed(0)
    m = Tiny(block)
    # A few training-mode passes give the BatchNorm layers running statistics that are not 0 and 1.
    m.train()
    with torch.no_grad():
        for _ in range(3):
            m(torch.rand(4, 3, 64, 64) * 2)
    return m.eval()


x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(7))
good = build(Bottleneck)
torch.jit.trace(good, x).save(os.path.join(here, "tiny-resnet.pt"))
torch.jit.trace(build(BasicBlock), x).save(os.path.join(here, "tiny-basic.pt"))
with torch.no_grad():
    feats = torch.nn.Sequential(good.conv1, good.bn1, good.relu, good.maxpool, good.layer1, good.layer2,
                                good.layer3, good.layer4)(x)
    json.dump({"input_seed": 7, "input_shape": list(x.shape), "input": x.flatten().tolist(),
               "logits": good(x).flatten().tolist(), "feature_shape": list(feats.shape),
               "feature_sum": float(feats.sum()), "torch": torch.__version__},
              open(os.path.join(here, "tiny-resnet.json"), "w"))
