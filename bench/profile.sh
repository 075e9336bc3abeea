#!/usr/bin/env bash
# Profiles workloads of `l2l bench workloads` with Linux perf, one process per workload on one
# thread, and prints a table of where the time goes (bench/profile-groups.py). Build first with:
# mvn -B -q -DskipTests package
#
# Usage: bench/profile.sh --out DIR [--workloads K[,K...]] [--delay SECONDS] [--frequency HZ]
#
# perf starts sampling after --delay seconds, so that most of the JIT's warm-up is left out; the
# table still shows what remains of it. The results folder receives, per workload K,
# workload-K.data (perf record), workload-K.txt (perf script), workload-K.log (the benchmark's
# output), and profile.md (the table) with machine.txt.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
workloads="1,2,4,5"
delay=15
frequency=499
out=""

print_usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<EOF

Options:
  --out DIR            results folder, created if missing (required)
  --workloads K[,K..]  workloads of l2l bench workloads to profile (default: $workloads)
  --delay SECONDS      seconds of each process left out before sampling starts (default: $delay)
  --frequency HZ       samples per second (default: $frequency)
EOF
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        --workloads) workloads="${2:?--workloads needs a list such as 1,2}"; shift 2 ;;
        --delay) delay="${2:?--delay needs a number of seconds}"; shift 2 ;;
        --frequency) frequency="${2:?--frequency needs a number}"; shift 2 ;;
        -h|--help) print_usage; exit 0 ;;
        *) echo "profile: unknown option '$1'; see --help" >&2; exit 2 ;;
    esac
done

if [[ -z "$out" ]]; then
    echo "profile: missing --out DIR, the folder for the results; see --help" >&2
    exit 2
fi
if ! [[ "$workloads" =~ ^[1-5](,[1-5])*$ ]]; then
    echo "profile: invalid --workloads '$workloads'; give workload numbers from 1 to 5, such as 1,2,5" >&2
    exit 2
fi
if ! [[ "$delay" =~ ^[0-9]+$ ]]; then
    echo "profile: invalid --delay '$delay'; give a whole number of seconds" >&2
    exit 2
fi
if ! [[ "$frequency" =~ ^[1-9][0-9]*$ ]]; then
    echo "profile: invalid --frequency '$frequency'; give a whole number of samples per second" >&2
    exit 2
fi
if ! command -v perf >/dev/null; then
    echo "profile: Linux perf is not installed; on Debian: apt-get install -y linux-perf" >&2
    exit 1
fi

# Prints the options that make workload $1 run long enough for several thousand samples after the delay.
bench_options() {
    case "$1" in
        1) echo "--iterations 400" ;;
        2) echo "--iterations 60" ;;
        3) echo "--iterations 60" ;;
        4) echo "--iterations 80" ;;
        5) echo "--run-widths 20 --run-warmup 2 --run-iterations 20" ;;
    esac
}

mkdir -p "$out"
out="$(cd "$out" && pwd)"
{
    echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
    echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
    echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), load averages $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "perf record -g -F $frequency -e cpu-clock from $delay s after the start of each process, one thread"
} > "$out/machine.txt"
cat "$out/machine.txt"

# -XX:+DumpPerfMapAtExit writes /tmp/perf-PID.map, where perf script finds the JIT's method names.
# perf rejects a delay of 0 ms, which is the same as no delay.
delay_option=()
if [[ "$delay" -gt 0 ]]; then
    delay_option=(-D $((delay * 1000)))
fi
java_opts="${L2L_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer"
columns=()
for workload in ${workloads//,/ }; do
    options="$(bench_options "$workload")"
    echo "== $(date -u +%H:%M:%S) workload $workload: l2l bench workloads -w $workload --threads 1 --product-seconds 0 $options"
    # shellcheck disable=SC2086 # the benchmark's arguments are separate words
    if ! L2L_JAVA_OPTS="$java_opts" perf record -q -g -F "$frequency" -e cpu-clock "${delay_option[@]}" \
        -o "$out/workload-$workload.data" -- "$root/l2l" bench workloads -w "$workload" --threads 1 --product-seconds 0 $options \
        > "$out/workload-$workload.log" 2>&1; then
        echo "profile: workload $workload failed; the end of its output ($out/workload-$workload.log):" >&2
        tail -n 20 "$out/workload-$workload.log" >&2
        exit 1
    fi
    perf script -i "$out/workload-$workload.data" > "$out/workload-$workload.txt" 2>/dev/null
    columns+=("workload $workload=$out/workload-$workload.txt")
done

python3 "$root/bench/profile-groups.py" "${columns[@]}" | tee "$out/profile.md"
