#!/usr/bin/env bash
# Runs the zombienet suites: four validators of the `four_validators` preset, started from the
# project's node binary by zombienet's native provider on 127.0.0.1.
#
#   network  all nodes up, blocks authored and finalized, anchors submitted to one validator
#            final on every validator, a node outside the allow-list cannot join, and the
#            time from submission to finality of 200 anchors
#   faults   one validator stopped and restarted, two stopped and one returned, with no
#            anchor lost
#
# Usage: scripts/zombienet.sh [SUITE]...    Without arguments both suites run.
# Measured figures (latency, catch-up time) are printed at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MEDANCHOR_ROOT"

all_suites=(network faults)
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=("${all_suites[@]}")
for suite in "${suites[@]}"; do
    [ -f "zombienet/$suite.zndsl" ] || die "unknown suite '$suite'; known: ${all_suites[*]}"
done

command -v npm >/dev/null 2>&1 || die "npm not found; install Node.js 20 or later with npm"
ensure_prerequisites
build_node
(cd zombienet && npm ci --no-audit --no-fund --loglevel=error) \
    || die "npm ci in zombienet failed"

# Zombienet's native provider starts each node with the node key sha256(node name). The
# network file allow-lists the peer ids of those keys; check that they still match.
python3 - "$MEDANCHOR_NODE" zombienet/four-validators.json <<'PY' || die "the allow-list in zombienet/four-validators.json does not match zombienet's node keys"
import hashlib, json, subprocess, sys, tempfile

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

def base58_decode(text):
    number = 0
    for character in text:
        number = number * 58 + ALPHABET.index(character)
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + raw

node, network = sys.argv[1], json.load(open(sys.argv[2]))
allowed = [bytes(peer) for peer, _owner in
           network["relaychain"]["genesis"]["runtimeGenesis"]["patch"]["nodeAuthorization"]["nodes"]]
validators = [n["name"] for n in network["relaychain"]["nodes"] if n.get("validator")]
for name in validators:
    with tempfile.NamedTemporaryFile("w") as key:
        key.write(hashlib.sha256(name.encode()).hexdigest())
        key.flush()
        peer = subprocess.run([node, "key", "inspect-node-key", "--file", key.name],
                              check=True, capture_output=True, text=True).stdout.strip()
    if base58_decode(peer) not in allowed:
        sys.exit(f"validator {name} (peer id {peer}) is not on the allow-list")
PY

results=$(mktemp)
started=$(date +%s)
for suite in "${suites[@]}"; do
    log "zombienet suite $suite"
    suite_log=$(mktemp)
    # Every step of a suite has its own bound; this one stops a suite that hangs as a whole.
    if ! MEDANCHOR_NODE="$MEDANCHOR_NODE" MEDANCHOR_ZOMBIENET_RESULTS="$results" \
        timeout 1500 zombienet/node_modules/.bin/zombienet -p native -c 1 test "zombienet/$suite.zndsl" \
        >"$suite_log" 2>&1; then
        grep -E '❌|Error' "$suite_log" | sed 's/\x1b\[[0-9;]*m//g' >&2 || true
        logs=$(sed 's/\x1b\[[0-9;]*m//g' "$suite_log" | grep -Eo '/tmp/zombie-[^ ]*/logs' | tail -1)
        for node_log in "${logs:-/nonexistent}"/*.log; do
            [ -f "$node_log" ] || continue
            printf -- '--- last 30 lines of %s ---\n' "$node_log" >&2
            tail -30 "$node_log" >&2
        done
        die "zombienet suite $suite failed; its output is in $suite_log"
    fi
    passed=$(grep -c '✅' "$suite_log" || true)
    [ "$passed" -gt 0 ] || die "zombienet suite $suite ran no test; its output is in $suite_log"
    log "zombienet suite $suite: $passed steps passed"
    rm -f "$suite_log"
done

if [ -s "$results" ]; then
    log "measured figures:"
    cat "$results" >&2
fi
rm -f "$results"
log "zombienet suites passed in $(( $(date +%s) - started ))s: ${suites[*]}"
