#!/usr/bin/env python3
"""Writes RESULTS.md from the bundles that bench/results.sh trained (stdlib only)."""
import json
import sys
from pathlib import Path


def load(bundle):
    b = Path(bundle)
    card = json.loads((b / "model.json").read_text())
    report = json.loads((b / "report" / "evaluation.json").read_text())
    return card, report


def fmt(m, key):
    v = m.get(key)
    if isinstance(v, dict):
        lo, hi = v["ci95"]
        return f"{v['value']:.3f} [{lo:.3f}, {hi:.3f}]"
    return "n/a" if v is None else f"{v:.3f}"


def rows(m):
    return [("accuracy", fmt(m, "accuracy")), ("precision", fmt(m, "precision")),
            ("recall (sensitivity)", fmt(m, "recall")), ("specificity", fmt(m, "specificity")),
            ("F1", fmt(m, "f1")), ("ROC AUC", fmt(m, "auc")),
            ("ECE before / after calibration", f"{m['eceUncalibrated']:.3f} / {m['eceCalibrated']:.3f}")]


def lung_mass(m):
    mass = m.get("gradCamMassInsideLungs", {})
    return ", ".join(f"{k} {v:.2f}" for k, v in mass.items()) or "n/a"


def history(report):
    out = ["| epoch | train loss | train acc | val loss | val acc |", "|---|---|---|---|---|"]
    for e in report["history"]:
        flag = " (overfitting flagged)" if e["overfitting"] else ""
        out.append(f"| {e['epoch']} | {e['trainLoss']:.4f} | {e['trainAccuracy']:.3f} | "
                   f"{e['validationLoss']:.4f} | {e['validationAccuracy']:.3f}{flag} |")
    return "\n".join(out)


def main():
    paper, marker, clean, fresh = sys.argv[1:5]
    pc, pr = load(paper)
    mc, mr = load(marker)
    cc, cr = load(clean)
    fr = json.loads((Path(fresh) / "evaluation.json").read_text())
    pm, mm, cm, fm = pc["testMetrics"], mc["testMetrics"], cc["testMetrics"], fr["metrics"]
    t = pc["training"]
    out = []
    out.append("# Results: reproducing Uly, Hendry & Iriani (2023) on phantoms\n")
    out.append("> **Phantoms are not patients.** Every number below comes from LungLens's synthetic chest X-ray "
               "phantoms (`lunglens synth`), not from radiographs of people. They show that the pipeline trains, "
               "measures and warns as it should; they say nothing about how the model would do on real patients. "
               "Research use only — not a medical device.\n")
    out.append(f"Made by `bench/results.sh` on {pc['createdAt'][:10]}, on a 2-core CPU machine. "
               "All runs: ResNet50-LSTM (torchvision-layout ResNet50 from scratch, LSTM 256, Linear 2), Adam, "
               "batch 8, seeded augmentation (rotation, shift, scale, brightness/contrast; no flip), early "
               "stopping on validation loss with the best epoch's weights restored, temperature calibration on the "
               "validation split. Intervals are 95%: Wilson for proportions, bootstrap for AUC.\n")
    out.append("## Table 1 — the paper's protocol\n")
    out.append(f"1,000 `standard` phantoms (500 COVID / 500 Normal), split 80/10/10 with seed {t['splitSeed']} "
               f"(train {t['trainImages']}, validation {t['validationImages']}, test {t['testImages']}), "
               f"input {t['inputSize']}², at most {t['maxEpochs']} epochs (ran {t.get('epochsRun')}, kept epoch "
               f"{t.get('bestEpoch')}). This run is the shipped demo model `models/demo`.\n")
    out.append("| metric | paper (real CXR) | LungLens, test split (phantoms) | LungLens, 200 fresh phantoms (seed 99) |")
    out.append("|---|---|---|---|")
    paper_vals = {"accuracy": "0.95", "precision": "0.96", "recall (sensitivity)": "0.94", "F1": "0.95"}
    fresh_rows = dict(rows(fm))
    for name, val in rows(pm):
        out.append(f"| {name} | {paper_vals.get(name, '—')} | {val} | {fresh_rows[name]} |")
    out.append(f"| Grad-CAM mass inside lungs | — | {lung_mass(pm)} | {lung_mass(fm)} |")
    out.append("")
    out.append("The paper reports point estimates on 100 test images; LungLens reports intervals, and with 100 "
               "test images they are wide (±4–10 points).\n")
    out.append(history(pr) + "\n")
    out.append("![Table 1 loss curves](docs/results/paper-loss.png)\n")
    out.append("## Tables 2 and 3 — the shortcut check\n")
    out.append(f"Same protocol on {mc['training']['countsPerClass']} phantoms per class at "
               f"{mc['training']['inputSize']}² (to save time). In table 2 every COVID image carries a source "
               "marker in its corner (`--shortcut marker`), as when COVID and normal images come from different "
               "hospitals (DeGrave et al., 2021); table 3 is the same without it. The check measures how much of "
               "the Grad-CAM evidence for COVID-19 falls inside the lung fields (the phantoms' own lung masks) "
               "and warns below 0.5.\n")
    out.append("| metric | table 2: marker phantoms | table 3: clean phantoms |")
    out.append("|---|---|---|")
    for (name, a), (_, b) in zip(rows(mm), rows(cm)):
        out.append(f"| {name} | {a} | {b} |")
    out.append(f"| Grad-CAM mass inside lungs | {lung_mass(mm)} | {lung_mass(cm)} |")
    flag = lambda m: "**flagged**" if m.get("shortcutSuspected") else "not flagged"
    out.append(f"| shortcut check | {flag(mm)} | {flag(cm)} |")
    out.append("")
    out.append("### Table 2 training\n\n" + history(mr) + "\n\n![Table 2 loss curves](docs/results/marker-loss.png)\n")
    out.append("### Table 3 training\n\n" + history(cr) + "\n\n![Table 3 loss curves](docs/results/clean-loss.png)\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
