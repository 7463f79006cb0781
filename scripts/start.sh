#!/usr/bin/env bash
# Starts a MedAnchor development chain, runs the main job on sample records and keeps the
# chain running until Ctrl-C.
#
# On a fresh machine it first installs what is missing (Debian packages, the pinned Rust
# toolchain with its WASM targets) and builds the node and the medanchor client, an estimated
# 20 minutes on two cores the first time. Then it starts a one-validator dev chain on a
# temporary base path, waits until blocks are finalized, and runs scripts/main-job.sh: a
# sample hospital anchors the records at generation, amends one, and a court verifies them
# and a tampered copy, printing the verdicts in Chinese and English.
#
# Usage: scripts/start.sh [--records DIR] [--no-job] [--exit-after-job]
#                         [--rpc-port PORT] [--p2p-port PORT] [--prometheus-port PORT]
#   --records DIR     records for the main job (default: samples/)
#   --no-job          start the chain only
#   --exit-after-job  stop the chain once the main job has finished
#   The default ports are 9944, 30333 and 9615.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MEDANCHOR_ROOT"

rpc_port=9944
p2p_port=30333
prometheus_port=9615
records="$MEDANCHOR_ROOT/samples"
run_job=true
exit_after_job=false
while [ $# -gt 0 ]; do
    case "$1" in
        --records)
            [ $# -ge 2 ] || die "--records needs a folder"
            [ -d "$2" ] || die "records folder '$2' not found"
            records=$(cd "$2" && pwd)
            shift 2 ;;
        --no-job) run_job=false; shift ;;
        --exit-after-job) exit_after_job=true; shift ;;
        --rpc-port|--p2p-port|--prometheus-port)
            [ $# -ge 2 ] || die "$1 needs a port number"
            [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le 65535 ] \
                || die "invalid $1 '$2': expected a number from 1 to 65535"
            case "$1" in
                --rpc-port) rpc_port="$2" ;;
                --p2p-port) p2p_port="$2" ;;
                --prometheus-port) prometheus_port="$2" ;;
            esac
            shift 2 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1'; see --help" ;;
    esac
done

ensure_prerequisites
command -v python3 >/dev/null 2>&1 || die "python3 not found; install the python3 package"
build_node

base_path=$(mktemp -d -t medanchor-dev-XXXXXX)
# The log stays after exit so a failed start can be investigated.
log_file=$(mktemp -t medanchor-dev-XXXXXX.log)
node_pid=""
cleanup() {
    if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
        log "stopping the node"
        kill -INT "$node_pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$node_pid" 2>/dev/null || break; sleep 1; done
        kill -KILL "$node_pid" 2>/dev/null || true
    fi
    rm -rf "$base_path"
    log "node log kept at $log_file"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting the dev node (base path $base_path, log $log_file)"
"$MEDANCHOR_NODE" --dev --base-path "$base_path/data" --rpc-port "$rpc_port" \
    --port "$p2p_port" --prometheus-port "$prometheus_port" --no-mdns \
    --no-telemetry >"$log_file" 2>&1 &
node_pid=$!

python3 "$MEDANCHOR_ROOT/scripts/devnode.py" wait-finalized \
    --rpc "http://127.0.0.1:$rpc_port" --minimum 2 --timeout 120 \
    --pid "$node_pid" --log "$log_file" || die "the dev node did not start; see above"

if $run_job; then
    log "running the main job on $records"
    "$MEDANCHOR_ROOT/scripts/main-job.sh" --url "ws://127.0.0.1:$rpc_port" --records "$records" \
        --workdir "$base_path/job" || die "the main job failed; the node log is $log_file"
    if $exit_after_job; then
        log "main job finished; stopping the chain (--exit-after-job)"
        exit 0
    fi
fi

cat <<TEXT

MedAnchor dev chain is running: blocks are produced and finalized.
  JSON-RPC and WebSocket: ws://127.0.0.1:$rpc_port
  polkadot.js Apps:       https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$rpc_port#/explorer
  Node log:               $log_file
Press Ctrl-C to stop the node; its data is removed on exit, its log kept.
TEXT

status=0
wait "$node_pid" || status=$?
node_pid=""
if [ "$status" -ne 0 ] && [ "$status" -ne 130 ]; then
    tail -n 30 "$log_file" >&2
    die "the node exited with status $status"
fi
