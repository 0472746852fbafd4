#!/usr/bin/python3
"""Writes torchvision-resnet50-state.tsv: every entry of torchvision's resnet50 state dict with its shape and
whether it is a trainable parameter or a buffer. Run with Debian's python3 (apt-get install python3-torchvision):
    /usr/bin/python3 make-torchvision-fixture.py > torchvision-resnet50-state.tsv
No weights are downloaded: the model is built with random initialisation, only names and shapes are read."""
import torch
import torchvision

model = torchvision.models.resnet50(weights=None)
params = dict(model.named_parameters())
print("# torchvision %s resnet50 state dict (fc excluded; our head differs). name\tshape\tkind" % torchvision.__version__)
for name, tensor in model.state_dict().items():
    if name.startswith("fc."):
        continue
    kind = "param" if name in params else "buffer"
    print("%s\t%s\t%s" % (name, ",".join(str(d) for d in tensor.shape), kind))
trainable = sum(p.numel() for n, p in params.items() if not n.startswith("fc."))
print("# trainable backbone parameters\t%d" % trainable)
