"""The ResNet50-LSTM in PyTorch, as LungLens builds it: torchvision's resnet50 up to layer4, the 7x7 map read as 49
steps by LSTM(256, batch first), the last step into Linear(2). Shared by the bench scripts."""
import torch
import torchvision


class ResNetLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        r = torchvision.models.resnet50(weights=None)
        self.backbone = torch.nn.Sequential(r.conv1, r.bn1, r.relu, r.maxpool, r.layer1, r.layer2, r.layer3, r.layer4)
        self.lstm = torch.nn.LSTM(2048, 256, batch_first=True)
        self.fc = torch.nn.Linear(256, 2)
        self._names = r  # for the state-dict names

    def head(self, f):
        n, c, h, w = f.shape
        seq = f.reshape(n, c, h * w).transpose(1, 2)
        y, _ = self.lstm(seq)
        return self.fc(y[:, -1, :])

    def forward(self, x):
        return self.head(self.backbone(x))
