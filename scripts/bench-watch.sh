#!/usr/bin/env bash
# Measures how many records per second `medanchor watch` anchors to finality on a fresh dev
# node: once on the sample set (samples/), and once on COPIES copies of it (default 20), so
# that pipelining shows. Prints the figures; docs/benchmarks.md records them.
#
# Usage: scripts/bench-watch.sh [--copies N]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MEDANCHOR_ROOT"

copies=20
while [ $# -gt 0 ]; do
    case "$1" in
        --copies)
            [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "--copies needs a positive number"
            copies="$2"; shift 2 ;;
        -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1'; see --help" ;;
    esac
done

ensure_prerequisites
build_node
work=$(mktemp -d -t medanchor-bench-watch-XXXXXX)
node_pid=""
cleanup() {
    [ -n "$node_pid" ] && kill -INT "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
[ -z "${KEEP_WORK:-}" ] || trap - EXIT

rpc_port=$(python3 -c 'import sys; sys.path.insert(0, "scripts"); import devnode; print(devnode.free_port())')
"$MEDANCHOR_NODE" --dev --base-path "$work/data" --rpc-port "$rpc_port" --port 0 \
    --prometheus-port 0 --no-mdns --no-telemetry >"$work/node.log" 2>&1 &
node_pid=$!
python3 scripts/devnode.py wait-finalized --rpc "http://127.0.0.1:$rpc_port" --minimum 1 \
    --timeout 120 --pid "$node_pid" --log "$work/node.log" || die "the dev node did not start"
url="ws://127.0.0.1:$rpc_port"
hospital=$("$MEDANCHOR_CLIENT" --url "$url" admin register-hospital --admin //BenchAdmin \
    --gateway //BenchGateway --name "基准测试医院" --credit-code 12110105MA0000031A \
    --licence PDY00009X110105) || die "registering the benchmark hospital failed"

run() {
    local name="$1" folder="$2"
    log "watch on $name: $(find "$folder" -type f | wc -l) files"
    "$MEDANCHOR_CLIENT" --url "$url" watch --institution "$hospital" --signer //BenchGateway \
        --class inpatient --state-dir "$work/state-$name" --interval-ms 250 --exit-when-idle \
        "$folder" >"$work/$name.out" 2>"$work/$name.err" \
        || { tail -n 20 "$work/$name.err" >&2; die "watch on $name failed"; }
    grep -E "records/s" "$work/$name.err" | sed "s/^/$name: /"
}

mkdir -p "$work/one" "$work/many"
cp -r samples/records samples/vitals "$work/one/"
run samples "$work/one"
for i in $(seq 1 "$copies"); do
    mkdir -p "$work/many/copy-$i"
    cp -r samples/records samples/vitals "$work/many/copy-$i/"
done
run "samples-x$copies" "$work/many"
