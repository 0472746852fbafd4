#!/usr/bin/env bash
# Where a training step's time goes (issue 19): the phases of one ResNet50-LSTM training step with Adam (input
# tensor, forward, loss, backward, read-back, optimiser, freeing), and the LSTM head alone, in LungLens
# (io.lunglens.training.TrainStepProfile) and in PyTorch (bench/train_profile_torch.py), one after the other, 2
# threads each. Prints wall and process-CPU milliseconds per step: on a shared machine quote the CPU figures.
# Needs: apt-get install python3-torch python3-torchvision.  Usage: bench/train-profile.sh [SIZE] [BATCH] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-224}; batch=${2:-8}; steps=${3:-3}
OUT="$(mktemp -d /tmp/lunglens-train-profile.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
export OMP_NUM_THREADS=2 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
mvn -q -B -ntp test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== LungLens (oneDNN cap: ${ONEDNN_MAX_CPU_ISA:-as chosen by model.OneDnnIsa})"
java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "target/test-classes:target/classes:$(cat "$OUT/cp.txt")" io.lunglens.training.TrainStepProfile \
    "$size" "$batch" "$steps" 2> >(grep -v -e CudaUtils -e AutoNonVariableTypeMode >&2)
echo "== PyTorch"
/usr/bin/python3 bench/train_profile_torch.py "$size" "$batch" "$steps"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
