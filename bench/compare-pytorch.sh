#!/usr/bin/env bash
# Runs `l2l bench workloads` and the PyTorch reference implementations of the same workloads on
# this machine, one after the other, and prints a table of median seconds per run with the ratio
# ours / PyTorch. Build first with: mvn -B -q -DskipTests package
#
# Usage: bench/compare-pytorch.sh --out DIR [--reference DIR] [--threads N] [--bench-args "ARGS"]
#
# The results folder receives ours.json (from l2l bench workloads --json), kernels.log (from l2l
# bench kernels, with the measured peak), the reference scripts' JSON files under pytorch/, one
# log per program, machine.txt and comparison.md (the table).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
reference="$root/../shared/reference"
threads=2
out=""
bench_args=""
python=/usr/bin/python3
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<EOF

Options:
  --out DIR          results folder, created if missing (required)
  --reference DIR    folder of l2l_reference.py and metalstm_reference.py (default: $reference)
  --threads N        threads for both implementations (default: $threads)
  --bench-args ARGS  extra options for l2l bench workloads, such as "--iterations 5"
EOF
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        --reference) reference="${2:?--reference needs a folder}"; shift 2 ;;
        --threads) threads="${2:?--threads needs a number}"; shift 2 ;;
        --bench-args) bench_args="${2?--bench-args needs a value}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare-pytorch: unknown option '$1'; see --help" >&2; exit 2 ;;
    esac
done

if [[ -z "$out" ]]; then
    echo "compare-pytorch: missing --out DIR, the folder for the results; see --help" >&2
    exit 2
fi
if ! [[ "$threads" =~ ^[1-9][0-9]*$ ]]; then
    echo "compare-pytorch: invalid --threads '$threads'; give a whole number of at least 1" >&2
    exit 2
fi
for script in l2l_reference.py metalstm_reference.py; do
    if [[ ! -f "$reference/$script" ]]; then
        echo "compare-pytorch: $reference/$script not found; pass the reference folder with --reference" >&2
        exit 1
    fi
done

missing=()
if [[ ! -x "$python" ]] || ! "$python" -c "import torch" 2>/dev/null; then
    missing+=(python3-torch)
fi
if [[ -x "$python" ]] && ! "$python" -c "import PIL" 2>/dev/null; then
    missing+=(python3-pil)
fi
if [[ ! -e "$openblas/libblas.so.3" ]]; then
    missing+=(libopenblas0-pthread)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "compare-pytorch: the PyTorch references need Debian packages that are missing; install them with:" >&2
    echo "    apt-get install -y ${missing[*]}" >&2
    exit 1
fi
if ! "$root/l2l" --version >/dev/null 2>&1; then
    echo "compare-pytorch: $root/l2l does not run; build it first with 'mvn -B -q -DskipTests package' in $root" >&2
    exit 1
fi

mkdir -p "$out/pytorch"
out="$(cd "$out" && pwd)"

# Debian's PyTorch links the netlib reference BLAS; OpenBLAS is the faster yardstick. Passive
# OpenMP threads stop spinning workers from slowing small tensor operations on a busy machine.
export LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OMP_WAIT_POLICY=PASSIVE
export REF_OUT="$out/pytorch"

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
    echo "cores: $(nproc)"
    # The java that ./l2l runs: JAVA_HOME's when it is set.
    echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 2 | tr '\n' ' ')"
    echo "torch: $("$python" -c 'import torch; print(torch.__version__)')"
    echo "blas: $openblas"
    echo "threads: $threads"
    echo "l2l commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"

step() {
    echo "== $(date -u '+%H:%M:%S') $1 (load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
}

step "l2l bench workloads"
# shellcheck disable=SC2086 # --bench-args is a list of options to split.
"$root/l2l" bench workloads --threads "$threads" --json "$out/ours.json" $bench_args 2>&1 | tee "$out/ours.log"

# The machine's measured double-precision peak and the LSTM kernels at the workloads' row counts.
step "l2l bench kernels"
"$root/l2l" bench kernels --rows 15910,28485,100000 --threads "$threads" 2>&1 | tee "$out/kernels.log"

# The timing command of l2l_reference.py needs a checkpoint; the speed does not depend on the
# weights, so a freshly initialised network replaces a trained one.
step "PyTorch: untrained L2L checkpoint"
"$python" - "$reference" "$out/pytorch/untrained-l2l.pt" <<'EOF'
import sys
import torch
sys.path.insert(0, sys.argv[1])
import l2l_reference
torch.manual_seed(l2l_reference.SEED_NET)
torch.save({"best": l2l_reference.LSTMOptimizer().state_dict(), "summary": {}}, sys.argv[2])
EOF

step "PyTorch: L2L quadratic timing"
(cd "$out/pytorch" && "$python" "$reference/l2l_reference.py" timing --problem quadratic --ckpt "$out/pytorch/untrained-l2l.pt" \
    --threads "$threads") 2>&1 | tee "$out/pytorch-quadratic.log"
step "PyTorch: L2L MNIST timing"
(cd "$out/pytorch" && "$python" "$reference/l2l_reference.py" timing --problem mnist --ckpt "$out/pytorch/untrained-l2l.pt" \
    --threads "$threads") 2>&1 | tee "$out/pytorch-mnist.log"
step "PyTorch: meta-LSTM data preparation"
(cd "$out/pytorch" && "$python" "$reference/metalstm_reference.py" prep) > "$out/pytorch-metalstm-prep.log" 2>&1
step "PyTorch: meta-LSTM bench (1-shot T = 10, 5-shot T = 5)"
(cd "$out/pytorch" && "$python" "$reference/metalstm_reference.py" bench --threads "$threads") 2>&1 | tee "$out/pytorch-metalstm.log"
step "done"
echo "load average at end: $(cut -d ' ' -f 1-3 /proc/loadavg)" >> "$out/machine.txt"

"$python" - "$out" "$threads" <<'EOF' | tee "$out/comparison.md"
import json
import os
import sys

out, threads = sys.argv[1], sys.argv[2]
ours = {r["name"]: r for r in json.load(open(os.path.join(out, "ours.json")))["results"]}
pytorch = os.path.join(out, "pytorch")
quadratic = json.load(open(os.path.join(pytorch, "quadratic_timing.json")))
mnist = json.load(open(os.path.join(pytorch, "mnist_timing.json")))
metalstm = json.load(open(os.path.join(pytorch, "bench_threads%s.json" % threads)))


def ours_of(prefix):
    for name, result in ours.items():
        if name.startswith(prefix):
            return result
    return None


# (workload, prefix of our row name, PyTorch's median seconds, target ratio)
rows = [
    ("1 L2L quadratic meta-iteration", "1 L2L quadratic", quadratic["meta_iteration_s_median"], 0.5),
    ("2 L2L MNIST MLP 784-20-10 meta-iteration", "2 L2L MLP", mnist["meta_iteration_s_median"], 0.5),
    ("3 meta-LSTM 5-way 1-shot episode, T = 10", "3 meta-LSTM", metalstm["5way_1shot"]["meta_train_episode_wall_s_median"], 1.0),
    ("4 meta-LSTM 5-way 5-shot episode, T = 5", "4 meta-LSTM", metalstm["5way_5shot"]["meta_train_episode_wall_s_median"], 1.0),
    ("5 learned optimizer, 100 steps, MLP 784-20-10", "5 learned optimizer, MLP 784-20-10",
     mnist["single_problem_lstm_100steps_s_median"], 0.5),
]
print("| workload | ours, s | PyTorch, s | ours / PyTorch | target | met |")
print("| --- | ---: | ---: | ---: | ---: | --- |")
for label, prefix, theirs, target in rows:
    mine = ours_of(prefix)
    if mine is None:
        print("| %s | not run | %.4f | - | %.1f | - |" % (label, theirs, target))
        continue
    ratio = mine["median_seconds"] / theirs
    print("| %s | %.4f | %.4f | %.2f | %.1f | %s |" % (label, mine["median_seconds"], theirs, ratio, target,
                                                     "yes" if ratio <= target else "no"))
print()
print("Peak heap of ours (sum of the heap pools' peaks over the timed runs):")
for name, result in ours.items():
    print("- %s: %.0f MiB" % (name, result["peak_heap_bytes"] / 2 ** 20))
print()
print("PyTorch peak resident memory: quadratic %.0f MB, MNIST %.0f MB, meta-LSTM %.0f MB" % (
    quadratic["peak_rss_mb_self"], mnist["peak_rss_mb_self"], metalstm["peak_rss_mb_self"]))
EOF
