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

# Prints the value of option $1, given as $2, or stops when it is missing.
require_value() {
    if [[ $# -lt 2 || -z "$2" || "$2" == --* ]]; then
        echo "profile: $1 needs a value; see --help" >&2
        exit 2
    fi
    printf '%s' "$2"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="$(require_value "$@")"; shift 2 ;;
        --workloads) workloads="$(require_value "$@")"; shift 2 ;;
        --delay) delay="$(require_value "$@")"; shift 2 ;;
        --frequency) frequency="$(require_value "$@")"; shift 2 ;;
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
if [[ "$(tr ',' '\n' <<< "$workloads" | sort | uniq -d)" != "" ]]; then
    echo "profile: --workloads '$workloads' names a workload twice; name each once" >&2
    exit 2
fi
if ! [[ "$delay" =~ ^(0|[1-9][0-9]{0,3})$ && "$delay" -le 3600 ]]; then
    echo "profile: invalid --delay '$delay'; give a whole number of seconds from 0 to 3600" >&2
    exit 2
fi
# Above a few thousand samples per second, perf's own work slows the JVM it measures.
if ! [[ "$frequency" =~ ^[1-9][0-9]{0,3}$ && "$frequency" -le 5000 ]]; then
    echo "profile: invalid --frequency '$frequency'; give a whole number of samples per second from 1 to 5000" >&2
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
    # Several CPU generations report the same model name, so the family and model numbers go with it.
    cpu_field() { grep -m1 "^$1[[:space:]]*:" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'; }
    echo "machine: $(cpu_field 'model name'), family $(cpu_field 'cpu family') model $(cpu_field 'model'), $(nproc) cores"
    echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
    echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), load averages $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "perf record -g -F $frequency -e cpu-clock from $delay s after the start of each process, one thread"
} > "$out/machine.txt"
cat "$out/machine.txt"

# -XX:+DumpPerfMapAtExit writes /tmp/perf-PID.map (a few hundred KB per process, left in place),
# where perf script finds the JIT's method names.
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
    # perf runs in the background so that a stopped script stops it too; perf then ends the JVM.
    # shellcheck disable=SC2086 # the benchmark's arguments are separate words
    L2L_JAVA_OPTS="$java_opts" perf record -q -g -F "$frequency" -e cpu-clock "${delay_option[@]}" \
        -o "$out/workload-$workload.data" -- "$root/l2l" bench workloads -w "$workload" --threads 1 --product-seconds 0 $options \
        > "$out/workload-$workload.log" 2>&1 &
    perf_pid=$!
    trap 'kill -INT "$perf_pid" 2>/dev/null; wait "$perf_pid"; exit 130' INT TERM
    status=0
    wait "$perf_pid" || status=$?
    trap - INT TERM
    if [[ "$status" -ne 0 ]]; then
        echo "profile: workload $workload failed; the end of its output ($out/workload-$workload.log):" >&2
        tail -n 20 "$out/workload-$workload.log" >&2
        exit 1
    fi
    perf script -i "$out/workload-$workload.data" > "$out/workload-$workload.txt" 2>/dev/null
    if [[ ! -s "$out/workload-$workload.txt" ]]; then
        echo "profile: no samples of workload $workload: its process ended before the --delay of $delay s; give a shorter --delay" >&2
        exit 1
    fi
    columns+=("workload $workload=$out/workload-$workload.txt")
done

python3 "$root/bench/profile-groups.py" "${columns[@]}" | tee "$out/profile.md"
