"""Smoke tests of the real medanchor-node binary: a dev chain produces and finalizes blocks,
serves the expected JSON-RPC methods and metrics, and bad start-up input fails with one clear
error line.

Run with `python3 -m unittest discover -s tests/node -v`; MEDANCHOR_NODE names the binary.
"""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
import devnode  # noqa: E402

NODE = os.environ.get("MEDANCHOR_NODE")


def setUpModule():
    if not (NODE and os.access(NODE, os.X_OK)):
        raise RuntimeError(
            "MEDANCHOR_NODE must name the medanchor-node binary; scripts/test.sh sets it"
        )


LOG_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} ")


def run_node(*args, timeout=60):
    """Runs the node binary to completion and returns (exit code, stderr text).

    Ports the arguments do not name are set to free ones, and mDNS is off, so the run never
    collides with another node on this machine.
    """
    defaults = []
    for flag in ("--rpc-port", "--port", "--prometheus-port"):
        if not any(arg.startswith(flag + "=") for arg in args):
            defaults.append(f"{flag}={devnode.free_port()}")
    finished = subprocess.run(
        [NODE, *args, *defaults, "--no-mdns"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=timeout,
    )
    return finished.returncode, finished.stderr.decode(errors="replace")


def error_lines(stderr):
    """Returns the lines of `stderr` that are not the node's timestamped log lines.

    A clear failure prints exactly one such line, starting with `Error:`.
    """
    return [line for line in stderr.splitlines() if line.strip() and not LOG_LINE.match(line)]


def exported_dev_spec():
    exported = subprocess.run(
        [NODE, "export-chain-spec", "--chain=dev"], capture_output=True, timeout=60
    )
    assert exported.returncode == 0, exported.stderr
    return json.loads(exported.stdout)


def run_with_spec(spec):
    """Starts the node with `spec` written to a file; returns (exit code, stderr, path)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(spec, file)
    try:
        code, stderr = run_node(f"--chain={file.name}", "--tmp")
    finally:
        os.unlink(file.name)
    return code, stderr, file.name


class DevChainTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = devnode.Node(NODE, chain="dev").start()

    @classmethod
    def tearDownClass(cls):
        cls.node.stop()
        cls.node.workdir.cleanup()

    def test_blocks_are_produced_and_finalized(self):
        best, finalized = self.node.wait_finalized(3, timeout=90)
        later_best, later_finalized = self.node.wait_finalized(finalized + 2, timeout=60)
        self.assertGreater(later_finalized, finalized)
        self.assertGreater(later_best, best)
        self.assertLessEqual(later_finalized, later_best)

    def test_rpc_serves_nonce_and_fee_methods(self):
        methods = devnode.rpc(self.node.url, "rpc_methods")["methods"]
        for method in ("system_accountNextIndex", "payment_queryInfo", "author_rotateKeys"):
            self.assertIn(method, methods)

    def test_chain_reports_medanchor_runtime(self):
        version = devnode.rpc(self.node.url, "state_getRuntimeVersion")
        self.assertEqual(version["specName"], "medanchor")
        properties = devnode.rpc(self.node.url, "system_properties")
        self.assertEqual(properties["tokenSymbol"], "MAC")

    def test_genesis_presets_are_listed(self):
        # GenesisBuilder_preset_names through state_call: SCALE Vec<String>.
        result = devnode.rpc(self.node.url, "state_call", ["GenesisBuilder_preset_names", "0x"])
        raw = bytes.fromhex(result[2:])
        for name in (b"development", b"local_testnet", b"four_validators", b"staging"):
            self.assertIn(name, raw)

    def test_prometheus_metrics_are_served(self):
        url = f"http://127.0.0.1:{self.node.prometheus_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            metrics = response.read().decode()
        self.assertIn("substrate_block_height", metrics)

    def test_database_is_paritydb(self):
        data = os.path.join(self.node.workdir.name, "data", "chains", "medanchor_dev")
        self.assertTrue(os.path.isdir(os.path.join(data, "paritydb")), os.listdir(data))

    def test_pool_single_state_by_default(self):
        # The fork-aware pool dropped transactions under the benchmark's load.
        with open(self.node.log_path, encoding="utf-8", errors="replace") as log:
            text = log.read()
        self.assertIn("txpool_type=SingleState", text)


class PoolTypeTest(unittest.TestCase):
    def test_explicit_pool_type_kept(self):
        for flag in (["--pool-type=fork-aware"], ["--pool-type", "fork-aware"]):
            with devnode.Node(NODE, chain="dev", extra_args=flag) as node:
                with open(node.log_path, encoding="utf-8", errors="replace") as log:
                    text = log.read()
                self.assertIn("txpool_type=ForkAware", text, flag)


class BadInputTest(unittest.TestCase):
    def test_unknown_preset_fails_with_one_line(self):
        code, stderr = run_node("--chain=no_such_preset", "--tmp")
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn("no_such_preset", lines[0])

    def test_malformed_chain_spec_fails_with_one_line(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as spec:
            spec.write('{"name": "broken", "genesis": ')
        try:
            code, stderr = run_node(f"--chain={spec.name}", "--tmp")
        finally:
            os.unlink(spec.name)
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(spec.name, lines[0])

    def test_chain_spec_with_bad_genesis_fails_with_one_line(self):
        spec = exported_dev_spec()
        spec["genesis"]["runtimeGenesis"]["patch"]["validatorSet"] = {"minValidators": "many"}
        code, stderr, path = run_with_spec(spec)
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(path, lines[0])
        self.assertIn("validatorSet", lines[0])

    def test_chain_spec_with_unknown_genesis_field_fails_with_one_line(self):
        spec = exported_dev_spec()
        spec["genesis"]["runtimeGenesis"]["patch"]["balances"]["colour"] = "red"
        code, stderr, path = run_with_spec(spec)
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn("colour", lines[0])

    def test_chain_spec_with_bad_validators_fails_with_one_line(self):
        def no_validators(patch):
            patch["session"]["keys"] = []

        def duplicate_validator(patch):
            patch["session"]["keys"].append(patch["session"]["keys"][0])

        def minimum_above_set(patch):
            patch["validatorSet"]["minValidators"] = 5

        for change, expected in [
            (no_validators, "no validator"),
            (duplicate_validator, "same account"),
            (minimum_above_set, "minValidators is 5"),
        ]:
            with self.subTest(change=change.__name__):
                spec = exported_dev_spec()
                change(spec["genesis"]["runtimeGenesis"]["patch"])
                code, stderr, path = run_with_spec(spec)
                self.assertNotEqual(code, 0)
                lines = error_lines(stderr)
                self.assertEqual(len(lines), 1, stderr)
                self.assertIn(path, lines[0])
                self.assertIn(expected, lines[0])

    def test_chain_spec_with_invalid_institution_names_entry_and_reason(self):
        cases = [
            ("creditCode", "12110105MA0000015M", "InvalidCreditCode"),
            ("region", "990000", "InvalidRegionCode"),
            ("name", "\u200b", "InvalidName"),
        ]
        for field, value, reason in cases:
            with self.subTest(field=field):
                spec = exported_dev_spec()
                spec["genesis"]["runtimeGenesis"]["patch"]["institutions"]["entities"][1][field] = value
                code, stderr, path = run_with_spec(spec)
                self.assertNotEqual(code, 0)
                lines = error_lines(stderr)
                self.assertEqual(len(lines), 1, stderr)
                self.assertIn(path, lines[0])
                self.assertIn("entity 1", lines[0])
                self.assertIn(reason, lines[0])

    def test_rpc_port_in_use_fails_with_one_line(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen(1)
            port = busy.getsockname()[1]
            code, stderr = run_node("--dev", "--tmp", f"--rpc-port={port}", "--no-telemetry")
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(str(port), lines[0])


    def test_prometheus_port_in_use_fails_with_one_line(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen(1)
            port = busy.getsockname()[1]
            code, stderr = run_node("--dev", "--tmp", f"--prometheus-port={port}", "--no-telemetry")
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(str(port), lines[0])
        self.assertIn("--prometheus-port", lines[0])

    def test_same_port_for_rpc_and_p2p_fails_with_one_line(self):
        port = devnode.free_port()
        code, stderr = run_node("--dev", "--tmp", f"--rpc-port={port}", f"--port={port}")
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(str(port), lines[0])

    def test_base_path_under_a_file_fails_with_one_line(self):
        with tempfile.NamedTemporaryFile() as file:
            base = os.path.join(file.name, "data")
            code, stderr = run_node("--dev", f"--base-path={base}")
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(base, lines[0])

    def test_p2p_port_in_use_fails_with_one_line(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
            busy.bind(("0.0.0.0", 0))
            busy.listen(1)
            port = busy.getsockname()[1]
            code, stderr = run_node("--dev", "--tmp", f"--port={port}", "--no-telemetry")
        self.assertNotEqual(code, 0)
        lines = error_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(str(port), lines[0])


class PeerIdTest(unittest.TestCase):
    def test_allow_list_peer_ids_match_node_keys(self):
        # The presets allow-list the nodes started with --node-key 0x00..01 to 0x00..04.
        source = os.path.join(
            os.path.dirname(__file__), "..", "..", "runtime", "src", "genesis_config_presets.rs"
        )
        with open(source) as file:
            text = file.read()
        for index in range(1, 5):
            with tempfile.NamedTemporaryFile("w", delete=False) as key:
                key.write(f"{index:064x}")
            try:
                peer = subprocess.run(
                    [NODE, "key", "inspect-node-key", f"--file={key.name}"],
                    capture_output=True,
                    timeout=30,
                    check=True,
                ).stdout.decode().strip()
            finally:
                os.unlink(key.name)
            self.assertIn(f'"{peer}"', text, f"peer id of node key {index}")


if __name__ == "__main__":
    unittest.main()
