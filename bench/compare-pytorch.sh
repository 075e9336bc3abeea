#!/usr/bin/env bash
# Runs `l2l bench workloads` and the PyTorch reference implementations of the same workloads on
# this machine, one after the other, and prints a table of median seconds per run with the ratio
# ours / PyTorch. Build first with: mvn -B -q -DskipTests package
#
# Usage: bench/compare-pytorch.sh --out DIR [--reference DIR] [--threads N] [--rounds N] [--bench-args "ARGS"]
#
# The results folder receives ours.json (from l2l bench workloads --json), kernels.log (from l2l
# bench kernels, with the measured peak), the reference scripts' JSON files under pytorch/, one
# log per program, machine.txt and comparison.md (the table). With --rounds N above 1, both sides
# run N times in turn, each round in a folder round-K, and comparison.md gives every round's
# ratio and their median.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
reference="$root/../shared/reference"
threads=2
rounds=1
out=""
bench_args=""
python=/usr/bin/python3
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<EOF

Options:
  --out DIR          results folder, created if missing (required)
  --reference DIR    folder of l2l_reference.py and metalstm_reference.py (default: $reference)
  --threads N        threads for both implementations (default: $threads)
  --rounds N         run both sides N times in turn and report the median ratio (default: $rounds)
  --bench-args ARGS  extra options for l2l bench workloads, such as "--iterations 5"
EOF
}

command_line="$(printf '%q ' "$0" "$@")"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        --reference) reference="${2:?--reference needs a folder}"; shift 2 ;;
        --threads) threads="${2:?--threads needs a number}"; shift 2 ;;
        --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
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
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
    echo "compare-pytorch: invalid --rounds '$rounds'; give a whole number of at least 1" >&2
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

mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Debian's PyTorch links the netlib reference BLAS; OpenBLAS is the faster yardstick. Passive
# OpenMP threads stop spinning workers from slowing small tensor operations on a busy machine.
export LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OMP_WAIT_POLICY=PASSIVE

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "command: ${command_line% }"
    # Several CPU generations report the same model name, so the family and model numbers go with it.
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p')"
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

# Runs both sides once, writing into the folder $1.
run_round() {
    local dir="$1"
    mkdir -p "$dir/pytorch"
    export REF_OUT="$dir/pytorch"
    step "l2l bench workloads"
    # shellcheck disable=SC2086 # --bench-args is a list of options to split.
    "$root/l2l" bench workloads --threads "$threads" --json "$dir/ours.json" $bench_args 2>&1 | tee "$dir/ours.log"

    # The machine's measured double-precision peak and the LSTM kernels at the workloads' row counts.
    step "l2l bench kernels"
    "$root/l2l" bench kernels --rows 15910,28485,100000 --threads "$threads" 2>&1 | tee "$dir/kernels.log"

    # The timing command of l2l_reference.py needs a checkpoint; the speed does not depend on the
    # weights, so a freshly initialised network replaces a trained one.
    step "PyTorch: untrained L2L checkpoint"
    "$python" - "$reference" "$dir/pytorch/untrained-l2l.pt" <<'EOF'
import sys
import torch
sys.path.insert(0, sys.argv[1])
import l2l_reference
torch.manual_seed(l2l_reference.SEED_NET)
torch.save({"best": l2l_reference.LSTMOptimizer().state_dict(), "summary": {}}, sys.argv[2])
EOF

    step "PyTorch: L2L quadratic timing"
    (cd "$dir/pytorch" && "$python" "$reference/l2l_reference.py" timing --problem quadratic --ckpt "$dir/pytorch/untrained-l2l.pt" \
        --threads "$threads") 2>&1 | tee "$dir/pytorch-quadratic.log"
    step "PyTorch: L2L MNIST timing"
    (cd "$dir/pytorch" && "$python" "$reference/l2l_reference.py" timing --problem mnist --ckpt "$dir/pytorch/untrained-l2l.pt" \
        --threads "$threads") 2>&1 | tee "$dir/pytorch-mnist.log"
    step "PyTorch: meta-LSTM data preparation"
    (cd "$dir/pytorch" && "$python" "$reference/metalstm_reference.py" prep) > "$dir/pytorch-metalstm-prep.log" 2>&1
    step "PyTorch: meta-LSTM bench (1-shot T = 10, 5-shot T = 5)"
    (cd "$dir/pytorch" && "$python" "$reference/metalstm_reference.py" bench --threads "$threads") 2>&1 | tee "$dir/pytorch-metalstm.log"
}

round_dirs=()
if [[ "$rounds" -eq 1 ]]; then
    run_round "$out"
    round_dirs+=("$out")
else
    for ((k = 1; k <= rounds; k++)); do
        step "round $k of $rounds"
        run_round "$out/round-$k"
        round_dirs+=("$out/round-$k")
    done
fi
step "done"
echo "load average at end: $(cut -d ' ' -f 1-3 /proc/loadavg)" >> "$out/machine.txt"

"$python" - "$threads" "${round_dirs[@]}" <<'EOF' | tee "$out/comparison.md"
import json
import os
import statistics
import sys

threads, rounds = sys.argv[1], sys.argv[2:]


def load(folder):
    """Returns our results by row name, PyTorch's medians in the order of rows, and its peak memory, of one round."""
    ours = {r["name"]: r for r in json.load(open(os.path.join(folder, "ours.json")))["results"]}
    pytorch = os.path.join(folder, "pytorch")
    quadratic = json.load(open(os.path.join(pytorch, "quadratic_timing.json")))
    mnist = json.load(open(os.path.join(pytorch, "mnist_timing.json")))
    metalstm = json.load(open(os.path.join(pytorch, "bench_threads%s.json" % threads)))
    theirs = [
        quadratic["meta_iteration_s_median"],
        mnist["meta_iteration_s_median"],
        metalstm["5way_1shot"]["meta_train_episode_wall_s_median"],
        metalstm["5way_5shot"]["meta_train_episode_wall_s_median"],
        mnist["single_problem_lstm_100steps_s_median"],
    ]
    memory = (quadratic["peak_rss_mb_self"], mnist["peak_rss_mb_self"], metalstm["peak_rss_mb_self"])
    return ours, theirs, memory


def ours_of(ours, prefix):
    for name, result in ours.items():
        if name.startswith(prefix):
            return result
    return None


# (workload, prefix of our row name, target ratio), in the order of load()'s PyTorch medians
rows = [
    ("1 L2L quadratic meta-iteration", "1 L2L quadratic", 0.5),
    ("2 L2L MNIST MLP 784-20-10 meta-iteration", "2 L2L MLP", 0.5),
    ("3 meta-LSTM 5-way 1-shot episode, T = 10", "3 meta-LSTM", 1.0),
    ("4 meta-LSTM 5-way 5-shot episode, T = 5", "4 meta-LSTM", 1.0),
    ("5 learned optimizer, 100 steps, MLP 784-20-10", "5 learned optimizer, MLP 784-20-10", 0.5),
]
results = [load(folder) for folder in rounds]

if len(rounds) == 1:
    ours, theirs, memory = results[0]
    print("| workload | ours, s | PyTorch, s | ours / PyTorch | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for (label, prefix, target), pytorch_seconds in zip(rows, theirs):
        mine = ours_of(ours, prefix)
        if mine is None:
            print("| %s | not run | %.4f | - | %.1f | - |" % (label, pytorch_seconds, target))
            continue
        ratio = mine["median_seconds"] / pytorch_seconds
        print("| %s | %.4f | %.4f | %.2f | %.1f | %s |" % (label, mine["median_seconds"], pytorch_seconds, ratio, target,
                                                         "yes" if ratio <= target else "no"))
else:
    print("Median of %d rounds; each round ran our workloads, then PyTorch's." % len(rounds))
    print()
    print("| workload | ours, s | PyTorch, s | ratio per round | median ratio | target | met |")
    print("| --- | ---: | ---: | --- | ---: | ---: | --- |")
    for index, (label, prefix, target) in enumerate(rows):
        mine = [ours_of(ours, prefix) for ours, _, _ in results]
        if any(result is None for result in mine):
            print("| %s | not run in every round | - | - | - | %.1f | - |" % (label, target))
            continue
        ours_seconds = [result["median_seconds"] for result in mine]
        pytorch_seconds = [theirs[index] for _, theirs, _ in results]
        ratios = [a / b for a, b in zip(ours_seconds, pytorch_seconds)]
        ratio = statistics.median(ratios)
        print("| %s | %.4f | %.4f | %s | %.2f | %.1f | %s |" % (
            label, statistics.median(ours_seconds), statistics.median(pytorch_seconds),
            ", ".join("%.2f" % r for r in ratios), ratio, target, "yes" if ratio <= target else "no"))

for number, (ours, _, memory) in enumerate(results, 1):
    title = "" if len(rounds) == 1 else " in round %d" % number
    print()
    print("Peak heap of ours%s (sum of the heap pools' peaks over the timed runs):" % title)
    for name, result in ours.items():
        print("- %s: %.0f MiB" % (name, result["peak_heap_bytes"] / 2 ** 20))
    print()
    print("PyTorch peak resident memory%s: quadratic %.0f MB, MNIST %.0f MB, meta-LSTM %.0f MB" % ((title,) + memory))
EOF
