#!/usr/bin/env bash
# Measures throughput, latency to finality, block fullness, node memory and state growth of
# balance transfers, single-record anchors, many-record anchor calls and batch anchors, the
# same number of extrinsics each, on a fresh node started as a validator would run it.
# `medanchor-load` (client/src/load.rs) signs and submits the load.
#
# Usage: scripts/bench.sh [--small] [--extrinsics N] [--no-write] [-- LOAD-OPTIONS...]
#   --small       a few hundred extrinsics in all, then a second run on the same chain. It
#                 proves that the load generator works and can run again. scripts/test.sh
#                 runs it, and nothing is written to docs/
#   --extrinsics  extrinsics per workload (default 10000)
#   --no-write    print the tables without updating docs/benchmarks.md
# Options after `--` go to medanchor-load unchanged (see medanchor-load --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MEDANCHOR_ROOT"

small=""
write=1
extrinsics=10000
load_options=()
while [ $# -gt 0 ]; do
    case "$1" in
        --small) small=1; write=""; shift ;;
        --no-write) write=""; shift ;;
        --extrinsics)
            [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "--extrinsics needs a positive number"
            extrinsics="$2"; shift 2 ;;
        --) shift; load_options=("$@"); break ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1'; see --help" ;;
    esac
done
if [ -n "$small" ]; then
    # 5 x 100 extrinsics from two senders: every workload, the window's growth and the
    # tracking of blocks and finality, in about half a minute.
    load_options=(--extrinsics 100 --senders 2 --records-per-call 10 --leaves-per-batch 256
        "${load_options[@]}")
else
    load_options=(--extrinsics "$extrinsics" "${load_options[@]}")
fi

ensure_prerequisites
build_node
load_bin="$CARGO_TARGET_DIR/$MEDANCHOR_PROFILE/medanchor-load"
[ -x "$load_bin" ] || die "$load_bin was not built"

work=$(mktemp -d -t medanchor-bench-XXXXXX)
node_pid=""
cleanup() {
    [ -n "$node_pid" ] && kill -INT "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A validator's settings: a persisted node key, the validator role, the default database
# (ParityDB), pool limits and state pruning, and no --dev shortcuts such as --force-authoring
# or a temporary key store. Alice's session keys stand in for a health-authority node's.
"$MEDANCHOR_NODE" key generate-node-key --chain dev --base-path "$work/data" >/dev/null 2>&1 \
    || die "generating the node key failed"
rpc_port=$(python3 -c 'import sys; sys.path.insert(0, "scripts"); import devnode; print(devnode.free_port())')
node_flags=(--chain dev --validator --alice --base-path "$work/data" --rpc-port "$rpc_port"
    --port 0 --prometheus-port 0 --no-mdns --no-telemetry)
"$MEDANCHOR_NODE" "${node_flags[@]}" >"$work/node.log" 2>&1 &
node_pid=$!
python3 scripts/devnode.py wait-finalized --rpc "http://127.0.0.1:$rpc_port" --minimum 1 \
    --timeout 120 --pid "$node_pid" --log "$work/node.log" || die "the node did not start"

log "load: medanchor-load ${load_options[*]}"
started=$(date +%s)
if ! "$load_bin" --url "ws://127.0.0.1:$rpc_port" --node-pid "$node_pid" \
    --node-log "$work/node.log" --markdown "$work/table.md" "${load_options[@]}"; then
    log "last lines of the node's log:"
    tail -n 30 "$work/node.log" >&2
    die "the load generator failed"
fi
log "load finished in $(( $(date +%s) - started )) s"

if [ -n "$small" ]; then
    # A second run on the same chain reuses the two hospitals the first one registered and
    # registers a third.
    log "load: a second run on the same chain with a third sender"
    "$load_bin" --url "ws://127.0.0.1:$rpc_port" --extrinsics 30 --senders 3 \
        --records-per-call 5 --leaves-per-batch 16 \
        || die "the load generator's second run on the same chain failed"
fi

if [ -n "$write" ]; then
    commit=$(git rev-parse --short HEAD)
    # Markdown does not reach the binaries, so edited documentation does not mark the run.
    git diff --quiet HEAD -- . ':(exclude)docs' ':(exclude)*.md' \
        || commit="$commit with uncommitted changes"
    cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
    memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
    {
        echo "<!-- bench.sh: begin -->"
        echo "Measured by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d) at commit $commit:"
        echo "$(nproc) cores ($cpu), $memory of memory, $(. /etc/os-release && echo "$PRETTY_NAME")."
        shown_flags="${node_flags[*]}"
        shown_flags="${shown_flags//$work\/data/DIR}"
        shown_flags="${shown_flags//--rpc-port $rpc_port/--rpc-port PORT}"
        echo "Node: \`medanchor-node $shown_flags\` with the rest of its flags at their"
        echo "defaults; the load generator ran on the same machine."
        echo
        cat "$work/table.md"
        echo "<!-- bench.sh: end -->"
    } >"$work/section.md"
    python3 - "$work/section.md" docs/benchmarks.md <<'EOF'
import re, sys
section = open(sys.argv[1], encoding="utf-8").read().rstrip("\n")
path = sys.argv[2]
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"<!-- bench\.sh: begin -->.*?<!-- bench\.sh: end -->", re.S)
if not pattern.search(text):
    sys.exit(f"{path} has no '<!-- bench.sh: begin -->' ... '<!-- bench.sh: end -->' section")
open(path, "w", encoding="utf-8").write(pattern.sub(lambda _: section, text))
EOF
    log "wrote the results into docs/benchmarks.md"
fi
