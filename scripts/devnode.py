"""Starts a MedAnchor node and talks to it over JSON-RPC, with a bounded wait at every step.

Used by scripts/start.sh and by the node tests under tests/node. Standard library only, so it
runs before any package is installed.

Command-line use:
    python3 scripts/devnode.py wait-finalized --rpc http://127.0.0.1:9944 --timeout 120
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


class NodeError(Exception):
    """The node failed to start, respond or make progress within its time bound."""


def free_port():
    """Returns a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rpc(url, method, params=None, timeout=5.0):
    """Calls one JSON-RPC method over HTTP and returns its result, raising on an RPC error."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []})
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        reply = json.load(response)
    if "error" in reply:
        raise NodeError(f"{method} failed: {reply['error']}")
    return reply["result"]


def best_and_finalized(url):
    """Returns the numbers of the best and the finalized block."""
    best = int(rpc(url, "chain_getHeader")["number"], 16)
    finalized_hash = rpc(url, "chain_getFinalizedHead")
    finalized = int(rpc(url, "chain_getHeader", [finalized_hash])["number"], 16)
    return best, finalized


def wait_until(condition, timeout, description, process=None, log_path=None, interval=0.5):
    """Polls `condition` until it returns a true value or `timeout` seconds pass.

    Fails early when `process` has exited, and puts the tail of `log_path` in the error.
    """
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise NodeError(
                f"node exited with code {process.returncode} while waiting for {description}\n"
                + log_tail(log_path)
            )
        try:
            value = condition()
            if value:
                return value
        except (OSError, urllib.error.URLError, NodeError, ValueError, KeyError) as error:
            last_error = error
        time.sleep(interval)
    detail = f" (last error: {last_error})" if last_error else ""
    raise NodeError(f"timed out after {timeout}s waiting for {description}{detail}\n" + log_tail(log_path))


def log_tail(log_path, lines=30):
    """Returns the last lines of a node log, labelled, or an empty string."""
    if not log_path or not os.path.exists(log_path):
        return ""
    with open(log_path, errors="replace") as log:
        tail = log.readlines()[-lines:]
    return f"--- last {len(tail)} lines of {log_path} ---\n" + "".join(tail)


class Node:
    """A node process with its own base path, ports and log file.

    Use it as a context manager; leaving the block stops the node and removes its files.
    """

    def __init__(self, binary, chain="dev", extra_args=(), rpc_port=None):
        self.binary = binary
        self.chain = chain
        self.extra_args = list(extra_args)
        self.rpc_port = rpc_port or free_port()
        self.p2p_port = free_port()
        self.prometheus_port = free_port()
        self.workdir = tempfile.TemporaryDirectory(prefix="medanchor-node-")
        self.log_path = os.path.join(self.workdir.name, "node.log")
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.rpc_port}"

    @property
    def ws_url(self):
        return f"ws://127.0.0.1:{self.rpc_port}"

    def args(self):
        return [
            self.binary,
            # `--dev` also makes the node author as Alice with a throw-away node key.
            *(["--dev"] if self.chain == "dev" else [f"--chain={self.chain}"]),
            f"--base-path={os.path.join(self.workdir.name, 'data')}",
            f"--rpc-port={self.rpc_port}",
            f"--port={self.p2p_port}",
            f"--prometheus-port={self.prometheus_port}",
            "--no-telemetry",
            "--no-mdns",
            *self.extra_args,
        ]

    def start(self, timeout=60):
        """Starts the node and waits until its RPC server responds.

        When the node does not respond in time, it is stopped and its files removed before
        the error is raised.
        """
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.args(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        try:
            wait_until(
                lambda: rpc(self.url, "system_health") is not None,
                timeout,
                f"the RPC server on {self.url}",
                self.process,
                self.log_path,
            )
        except BaseException:
            self.stop()
            self.workdir.cleanup()
            raise
        return self

    def wait_finalized(self, minimum, timeout=120):
        """Waits until the finalized block number reaches `minimum`; returns (best, finalized)."""
        return wait_until(
            lambda: (lambda heights: heights if heights[1] >= minimum else None)(
                best_and_finalized(self.url)
            ),
            timeout,
            f"block #{minimum} to be finalized",
            self.process,
            self.log_path,
        )

    def stop(self, timeout=30):
        """Stops the node with SIGINT, then SIGKILL after `timeout` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(subprocess.signal.SIGINT)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        self.workdir.cleanup()
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    wait = sub.add_parser("wait-finalized", help="wait until blocks are produced and finalized")
    wait.add_argument("--rpc", required=True, help="HTTP JSON-RPC address of the node")
    wait.add_argument("--minimum", type=int, default=2, help="finalized block number to wait for")
    wait.add_argument("--timeout", type=float, default=120, help="seconds before giving up")
    wait.add_argument("--pid", type=int, help="fail early if this process exits")
    wait.add_argument("--log", help="node log whose tail goes into an error")
    args = parser.parse_args()

    def heights():
        if args.pid is not None and not os.path.exists(f"/proc/{args.pid}"):
            raise SystemExit("error: the node exited during start-up\n" + log_tail(args.log))
        best, finalized = best_and_finalized(args.rpc)
        return (best, finalized) if finalized >= args.minimum else None

    try:
        best, finalized = wait_until(heights, args.timeout, "finalized blocks", log_path=args.log)
    except NodeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(f"best block #{best}, finalized #{finalized}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
