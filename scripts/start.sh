#!/usr/bin/env bash
# Starts a MedAnchor development chain and keeps it running until Ctrl-C.
#
# On a fresh machine it first installs what is missing (Debian packages, the pinned Rust
# toolchain with its WASM targets) and builds the node, an estimated 15 minutes on two cores
# the first time. Then it starts a one-validator dev chain on a temporary base path,
# waits until blocks are produced and finalized, and prints how to connect polkadot.js Apps.
#
# Usage: scripts/start.sh [--rpc-port PORT]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MEDANCHOR_ROOT"

rpc_port=9944
while [ $# -gt 0 ]; do
    case "$1" in
        --rpc-port) [ $# -ge 2 ] || die "--rpc-port needs a port number"; rpc_port="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1'; see --help" ;;
    esac
done
[[ "$rpc_port" =~ ^[0-9]+$ ]] && [ "$rpc_port" -ge 1 ] && [ "$rpc_port" -le 65535 ] \
    || die "invalid --rpc-port '$rpc_port': expected a number from 1 to 65535"

ensure_prerequisites
command -v python3 >/dev/null 2>&1 || die "python3 not found; install the python3 package"
build_node

base_path=$(mktemp -d -t medanchor-dev-XXXXXX)
log_file="$base_path/node.log"
node_pid=""
cleanup() {
    if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
        log "stopping the node"
        kill -INT "$node_pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$node_pid" 2>/dev/null || break; sleep 1; done
        kill -KILL "$node_pid" 2>/dev/null || true
    fi
    rm -rf "$base_path"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting the dev node (base path $base_path, log $log_file)"
"$MEDANCHOR_NODE" --dev --base-path "$base_path/data" --rpc-port "$rpc_port" \
    --no-telemetry >"$log_file" 2>&1 &
node_pid=$!

python3 "$MEDANCHOR_ROOT/scripts/devnode.py" wait-finalized \
    --rpc "http://127.0.0.1:$rpc_port" --minimum 2 --timeout 120 \
    --pid "$node_pid" --log "$log_file" || die "the dev node did not start; see above"

cat <<TEXT

MedAnchor dev chain is running: blocks are produced and finalized.
  JSON-RPC and WebSocket: ws://127.0.0.1:$rpc_port
  polkadot.js Apps:       https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$rpc_port#/explorer
  Node log:               $log_file
Press Ctrl-C to stop the node; its data is removed on exit.
TEXT

wait "$node_pid"
