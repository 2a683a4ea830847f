#!/usr/bin/env bash
# MNIST's size: synthetic gzipped IDX files of 60000×28×28 and 10000×28×28 (scripts/synthetic_mnist.py),
# a 784-128-10 network (ReLU, softmax, cross-entropy), SGD η = 0.1, batch 64, file order, float64.
# Measures, whole process, with /usr/bin/time: reading the 60,000 images (run --sample 1 reads them
# all and traces one); 1 and 3 epochs of training (the difference is the time of 2 epochs); peak
# memory with and without the 10,000 validation images; then PyTorch's training loop alone on the
# same files and weights (float64, one thread), whose per-epoch losses should match nettrace's.
# Needs python3; PyTorch (pip install torch) for the comparison.
# Usage: benches/mnist.sh [DIR]   (DIR holds the synthetic files; default target/mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/nettrace
dir=${1:-target/mnist}
mkdir -p "$dir"
[ -f "$dir/train-images-idx3-ubyte.gz" ] || python3 scripts/synthetic_mnist.py --out "$dir"
cd "$dir"
"$bin" init --sizes 784,128,10 --activations relu,softmax --init he_uniform --seed 1 \
  --loss cross_entropy --lr 0.1 --name mnist --output mnist.json
data=(--data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz)
validation=(--validation t10k-images-idx3-ubyte.gz --validation-labels t10k-labels-idx1-ubyte.gz)
for i in 1 2 3; do
  /usr/bin/time -f "read 60000 images (run --sample 1): %e s, peak %M KB" \
    "$bin" run mnist.json "${data[@]}" --sample 1 --json >/dev/null
done
for epochs in 1 3; do
  /usr/bin/time -f "train, $epochs epochs: %e s, peak %M KB" \
    "$bin" train mnist.json "${data[@]}" --epochs $epochs --batch-size 64 --json >"nettrace-$epochs.ndjson"
done
/usr/bin/time -f "train, 1 epoch with validation: %e s, peak %M KB" \
  "$bin" train mnist.json "${data[@]}" "${validation[@]}" --epochs 1 --batch-size 64 --json
if python3 -c "import torch" 2>/dev/null; then
  cd - >/dev/null
  python3 benches/train_torch.py "$dir/mnist.json" --data "$dir/train-images-idx3-ubyte.gz" \
    --labels "$dir/train-labels-idx1-ubyte.gz" --epochs 3 --batch-size 64 --lr 0.1
  echo "nettrace's losses:"
  cat "$dir/nettrace-3.ndjson"
else
  echo "PyTorch is not installed (pip install torch): no comparison"
fi
