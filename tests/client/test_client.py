"""End-to-end tests of the medanchor client against real dev nodes: canonical hashing checked
against the independent reference (scripts/canonical_hash.py with xmlstarlet), anchoring and
verifying every public record in ../shared/data/emr, the sample flow with amendments and
tampering, the gateway killed and restarted mid-stream, bad input, and scripts/start.sh.

Run with `python3 -m unittest discover -s tests/client -v`; MEDANCHOR_NODE and
MEDANCHOR_CLIENT name the binaries (scripts/test.sh sets both).
"""

import glob
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import devnode  # noqa: E402

NODE = os.environ.get("MEDANCHOR_NODE")
CLIENT = os.environ.get("MEDANCHOR_CLIENT")
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared", "data", "emr"))
SAMPLES = os.path.join(ROOT, "samples")
REFERENCE = os.path.join(ROOT, "scripts", "canonical_hash.py")
SHARED_MISSING = (
    f"the public record corpus {SHARED} is not present: it is not part of the repository "
    "(the records are not ours to redistribute) and exists only beside a CI checkout"
)
# The one file of the corpus that is not namespace-well-formed XML.
UNBOUND_PREFIX_FILE = "C-CDA__Vital_Signs_Panel_Metric_section-snippet.xml"

EXIT_MATCHES_LATEST, EXIT_MATCHES_EARLIER, EXIT_MISMATCH, EXIT_NOT_ANCHORED = 0, 3, 4, 5


def setUpModule():
    for name, path in (("MEDANCHOR_NODE", NODE), ("MEDANCHOR_CLIENT", CLIENT)):
        if not (path and os.access(path, os.X_OK)):
            raise RuntimeError(f"{name} must name a built binary; scripts/test.sh sets it")


def run(*args, timeout=600, check=None):
    """Runs the client; returns the CompletedProcess. `check` asserts the exit code."""
    result = subprocess.run(
        [CLIENT, *args], capture_output=True, text=True, timeout=timeout
    )
    if check is not None and result.returncode != check:
        raise AssertionError(
            f"medanchor {' '.join(args)} exited with {result.returncode}, expected {check}\n"
            f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
        )
    return result


def receipts_in(state_dir):
    paths = sorted(glob.glob(os.path.join(state_dir, "receipts", "*.receipt.json")))
    receipts = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            receipts[path] = json.load(f)
    return receipts


def receipt_for(state_dir, local_id, version=0):
    for path, receipt in receipts_in(state_dir).items():
        if receipt["local_id"] == local_id and receipt["version"] == version:
            return path
    raise AssertionError(f"no receipt for {local_id} v{version} in {state_dir}")


class Chain:
    """A dev node with a registered hospital (gateway //TestGateway) and court."""

    def __init__(self, credit_code="12110105MA0000031A", extra_args=()):
        self.node = devnode.Node(NODE, chain="dev", extra_args=extra_args).start()
        self.node.wait_finalized(1, timeout=120)
        self.url = self.node.ws_url
        self.hospital = int(
            self.client(
                "admin", "register-hospital", "--admin", "//TestHospitalAdmin",
                "--gateway", "//TestGateway", "--name", "测试市人民医院",
                "--credit-code", credit_code, "--licence", "PDY00009X110105",
                check=0,
            ).stdout.strip()
        )

    def client(self, *args, **kwargs):
        return run("--url", self.url, *args, **kwargs)

    def gateway(self, command, state_dir, *args, **kwargs):
        return self.client(
            command, "--institution", str(self.hospital), "--signer", "//TestGateway",
            "--state-dir", state_dir, *args, **kwargs,
        )

    def stop(self):
        self.node.stop()
        self.node.workdir.cleanup()


class CanonicalHashingTest(unittest.TestCase):
    """The client's canonical forms agree with the reference implementation byte for byte."""

    def test_samples_hash_like_reference(self):
        files = sorted(glob.glob(os.path.join(SAMPLES, "*", "*")))
        self.assertGreaterEqual(len(files), 12)
        self.compare_with_reference(files, "blake2b-256")
        self.compare_with_reference(files, "sm3")

    def test_shared_corpus_hashes_like_reference(self):
        if not os.path.isdir(SHARED):
            self.skipTest(SHARED_MISSING)
        files = sorted(glob.glob(os.path.join(SHARED, "*")))
        rejected = self.compare_with_reference(files, "blake2b-256")
        self.assertEqual(sorted(rejected), [UNBOUND_PREFIX_FILE])
        self.compare_with_reference(files, "sha256")

    def compare_with_reference(self, files, algorithm):
        client = run("hash", "--json", "--algorithm", algorithm, *files)
        reference = subprocess.run(
            [sys.executable, REFERENCE, "--json", "--algorithm", algorithm, *files],
            capture_output=True, text=True, timeout=600,
        )
        ours = {(r["file"], r["line"]): r["digest"] for r in json.loads(client.stdout)}
        theirs = {(r["file"], r["line"]): r["digest"] for r in json.loads(reference.stdout)}
        self.assertEqual(ours, theirs)
        # Both reject the same files, and the client names the file and the position.
        client_rejected = [f for f in files if not any(k[0] == f for k in ours)]
        reference_rejected = [f for f in files if not any(k[0] == f for k in theirs)]
        self.assertEqual(client_rejected, reference_rejected)
        for path in client_rejected:
            self.assertIn(path, client.stderr)
            self.assertRegex(client.stderr, r"line \d+, column \d+")
        self.assertEqual(client.returncode, 1 if client_rejected else 0)
        return [os.path.basename(f) for f in client_rejected]

    def test_canonical_xml_matches_xmlstarlet(self):
        files = [os.path.join(SAMPLES, "records", "11-operation-record-cda.xml")]
        if os.path.isdir(SHARED):
            files += [
                f for f in sorted(glob.glob(os.path.join(SHARED, "*.xml")))
                if os.path.basename(f) != UNBOUND_PREFIX_FILE
            ]
        for path in files:
            with self.subTest(path=path):
                ours = subprocess.run([CLIENT, "hash", "--canonical", path], capture_output=True, timeout=60)
                self.assertEqual(ours.returncode, 0, ours.stderr)
                with open(path, "rb") as source, tempfile.TemporaryDirectory() as empty:
                    # From stdin in an empty folder, so libxml2 cannot load an external DTD.
                    theirs = subprocess.run(
                        ["xmlstarlet", "c14n", "--without-comments", "-"],
                        stdin=source, capture_output=True, cwd=empty, timeout=60,
                    )
                self.assertEqual(theirs.returncode, 0, theirs.stderr)
                self.assertEqual(ours.stdout, theirs.stdout)


class SharedCorpusTest(unittest.TestCase):
    """Every public record is anchored (or rejected with a clear message) and verifies."""

    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(SHARED):
            raise unittest.SkipTest(SHARED_MISSING)
        cls.chain = Chain()
        cls.work = tempfile.mkdtemp(prefix="medanchor-corpus-")
        cls.state = os.path.join(cls.work, "state")
        cls.files = sorted(glob.glob(os.path.join(SHARED, "*")))
        cls.result = cls.chain.gateway("anchor", cls.state, *cls.files, timeout=900)

    @classmethod
    def tearDownClass(cls):
        cls.chain.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_every_file_is_anchored_or_rejected_clearly(self):
        self.assertEqual(self.result.returncode, 1, self.result.stderr[-2000:])
        rejected = [line for line in self.result.stderr.splitlines() if line.startswith("error:")]
        self.assertEqual(len(rejected), 1, rejected)
        self.assertIn(UNBOUND_PREFIX_FILE, rejected[0])
        self.assertIn("line 68", rejected[0])
        self.assertIn("--raw", rejected[0])
        anchored = {r["file"] for r in receipts_in(self.state).values()}
        expected = {os.path.basename(f) for f in self.files} - {UNBOUND_PREFIX_FILE}
        self.assertEqual(anchored, expected)

    def test_each_whole_file_verifies_as_latest(self):
        for path in self.files:
            name = os.path.basename(path)
            if name == UNBOUND_PREFIX_FILE or name.endswith(".ndjson"):
                continue
            with self.subTest(file=name):
                result = self.chain.client(
                    "verify", "--json", "--receipt", receipt_for(self.state, name), path,
                    check=EXIT_MATCHES_LATEST,
                )
                report = json.loads(result.stdout)
                self.assertEqual(report["verdict"], "matches_latest")
                self.assertTrue(all(v["finalized"] for v in report["versions"]))
                self.assertTrue(all(v["block_hash"] for v in report["versions"]))

    def test_ndjson_lines_verify_and_tampered_lines_do_not(self):
        for path in glob.glob(os.path.join(SHARED, "*.ndjson")):
            name = os.path.basename(path)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            numbers = [i + 1 for i, line in enumerate(lines) if line.strip()]
            for number in sorted({numbers[0], numbers[len(numbers) // 2], numbers[-1]}):
                with self.subTest(file=name, line=number):
                    receipt = receipt_for(self.state, f"{name}#L{number}")
                    self.chain.client("verify", "--receipt", receipt, path, check=EXIT_MATCHES_LATEST)
                    record = json.loads(lines[number - 1])
                    record["status"] = "entered-in-error"
                    tampered = os.path.join(self.work, f"tampered-{number}.ndjson")
                    with open(tampered, "w", encoding="utf-8") as f:
                        f.write("\n" * (number - 1) + json.dumps(record, ensure_ascii=False) + "\n")
                    self.chain.client("verify", "--receipt", receipt, tampered, check=EXIT_MISMATCH)

    def test_reserialised_copies_match_and_changed_copies_do_not(self):
        for path in self.files:
            name = os.path.basename(path)
            if name == UNBOUND_PREFIX_FILE or name.endswith(".ndjson") or name.endswith(".md"):
                continue
            receipt = receipt_for(self.state, name)
            with open(path, "rb") as f:
                content = f.read()
            with self.subTest(file=name):
                if name.endswith(".json"):
                    # The reference's canonical bytes are the same record, re-serialised.
                    canonical = subprocess.run(
                        [sys.executable, REFERENCE, "--canonical", path], capture_output=True, check=True
                    ).stdout
                    same = os.path.join(self.work, "same-" + name)
                    with open(same, "wb") as f:
                        f.write(canonical)
                    self.chain.client("verify", "--receipt", receipt, same, check=EXIT_MATCHES_LATEST)
                    changed = content.replace(b"{", b'{"tampered":true,', 1)
                elif name.endswith(".xml"):
                    end = content.rindex(b"</")
                    changed = content[:end] + b"x" + content[end:]
                else:
                    changed = content[:-1] + bytes([content[-1] ^ 1])
                tampered = os.path.join(self.work, "changed-" + name)
                with open(tampered, "wb") as f:
                    f.write(changed)
                self.chain.client("verify", "--receipt", receipt, tampered, check=EXIT_MISMATCH)


class SampleFlowTest(unittest.TestCase):
    """The hospital and court flow on our sample records, and bad input."""

    @classmethod
    def setUpClass(cls):
        cls.chain = Chain()
        cls.work = tempfile.mkdtemp(prefix="medanchor-samples-")
        cls.records = os.path.join(cls.work, "records")
        # A plain copy gives the files a fresh modification time: they are generated now.
        shutil.copytree(
            SAMPLES, cls.records, ignore=shutil.ignore_patterns("README*"), copy_function=shutil.copy
        )
        cls.state = os.path.join(cls.work, "state")
        cls.chain.gateway(
            "watch", cls.state, "--class", "inpatient", "--interval-ms", "300",
            "--exit-when-idle", cls.records, check=0,
        )

    @classmethod
    def tearDownClass(cls):
        cls.chain.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_records_and_stream_are_anchored_at_generation(self):
        receipts = list(receipts_in(self.state).values())
        receipts = [r for r in receipts if r["version"] == 0]
        records = [r for r in receipts if r["batch"] is None]
        members = [r for r in receipts if r["batch"] is not None]
        self.assertEqual(len(records), 11)
        self.assertEqual(len(members), 60)
        self.assertEqual(len({r["batch"]["batch_id"] for r in members}), 1)
        self.assertTrue(all(r["timeliness"] == "at_generation" for r in receipts))
        kinds = {r["local_id"]: r["kind"] for r in records}
        self.assertEqual(kinds["records/07-operation-record.json"], "Operation")
        self.assertEqual(kinds["records/11-operation-record-cda.xml"], "Operation")
        self.assertEqual(kinds["records/10-discharge-record.json"], "Discharge")
        # FHIR and CDA records of the stay name one patient and one encounter.
        self.assertEqual(len({r["patient"]["reference"] for r in receipts}), 1)
        encounters = {r["encounter"]["reference"] for r in records if r["local_id"] != "records/06-informed-consent.json"}
        self.assertEqual(len(encounters), 1)

    def test_receipts_verify_against_the_chain(self):
        paths = list(receipts_in(self.state))
        result = self.chain.client("receipt", "verify", "--json", *paths, check=0)
        self.assertTrue(all(entry["valid"] for entry in json.loads(result.stdout)))

    def test_edited_receipt_is_invalid(self):
        path = receipt_for(self.state, "records/02-admission-record.json")
        with open(path, encoding="utf-8") as f:
            receipt = json.load(f)
        edits = (
            ("generated_at", receipt["generated_at"] - 60_000),
            ("block_number", 1),
            ("kind", "Discharge"),
            ("kind", "NoSuchKind"),
            ("encounter", dict(receipt["encounter"], sequence=receipt["encounter"]["sequence"] + 1)),
            ("encounter", None),
            ("extrinsic_index", None),
        )
        for field, value in edits:
            edited = dict(receipt, **{field: value})
            target = os.path.join(self.work, f"edited-{field}.json")
            with open(target, "w", encoding="utf-8") as f:
                json.dump(edited, f)
            with self.subTest(field=field, value=value):
                result = self.chain.client("receipt", "verify", target, check=EXIT_MISMATCH)
                self.assertIn("INVALID", result.stdout)
                self.assertIn("[FAIL]", result.stdout)
        salted = dict(receipt, patient=dict(receipt["patient"], identifier="someone else"))
        target = os.path.join(self.work, "edited-patient.json")
        with open(target, "w", encoding="utf-8") as f:
            json.dump(salted, f)
        result = self.chain.client("receipt", "verify", target, check=EXIT_MISMATCH)
        self.assertRegex(result.stdout, r"\[FAIL\] patient reference")

    def test_amendment_tamper_and_unknown_record_verdicts(self):
        path = os.path.join(self.records, "records", "03-first-progress-note.json")
        original = os.path.join(self.work, "original-03.json")
        shutil.copy(path, original)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("</div>", "<p>上级医师补充意见。</p></div>", 1))
        self.chain.gateway(
            "anchor", self.state, "--reason", "senior-review", "--base", self.records, path, check=0
        )
        receipt = receipt_for(self.state, "records/03-first-progress-note.json")
        earlier = self.chain.client("verify", "--json", "--receipt", receipt, original, check=EXIT_MATCHES_EARLIER)
        report = json.loads(earlier.stdout)
        self.assertEqual(report["matched_version"], 0)
        self.assertEqual(len(report["versions"]), 2)
        self.assertEqual(report["versions"][1]["amendment"], "SeniorReview")
        self.chain.client("verify", "--receipt", receipt, path, check=EXIT_MATCHES_LATEST)
        zh = self.chain.client("verify", "--lang", "zh", "--receipt", receipt, original, check=EXIT_MATCHES_EARLIER)
        self.assertIn("与较早版本相符", zh.stdout)

        lab = os.path.join(self.records, "records", "04-lab-observation.json")
        with open(lab, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('"value": 6.0', text)
        tampered = os.path.join(self.work, "tampered-04.json")
        with open(tampered, "w", encoding="utf-8") as f:
            f.write(text.replace('"value": 6.0', '"value": 6', 1))
        lab_receipt = receipt_for(self.state, "records/04-lab-observation.json")
        en = self.chain.client("verify", "--lang", "en", "--receipt", lab_receipt, tampered, check=EXIT_MISMATCH)
        self.assertIn("MISMATCH", en.stdout)

        unknown = self.chain.client("verify", "--record-id", "ab" * 32, lab, check=EXIT_NOT_ANCHORED)
        self.assertIn("NOT ANCHORED", unknown.stdout)
        local = self.chain.client(
            "verify", "--local-id", "records/04-lab-observation.json", "--institution",
            str(self.chain.hospital), lab, check=EXIT_MATCHES_LATEST,
        )
        self.assertIn("MATCHES", local.stdout)

    def test_verify_in_a_case_reads_its_evidence_report(self):
        self.chain.client(
            "admin", "register-court", "--clerk", "//TestClerk", "--designator", "京0105",
            "--name", "北京市朝阳区人民法院", check=0,
        )
        receipt = receipt_for(self.state, "records/07-operation-record.json")
        self.chain.client(
            "admin", "open-case", "--clerk", "//TestClerk", "--number", "(2026)京0105民初7号",
            "--institution", str(self.chain.hospital), "--receipt", receipt, check=0,
        )
        record = os.path.join(self.records, "records", "07-operation-record.json")
        result = self.chain.client(
            "verify", "--json", "--case", "（2026）京0105民初7号", "--receipt", receipt, record,
            check=EXIT_MATCHES_LATEST,
        )
        report = json.loads(result.stdout)
        with open(receipt, encoding="utf-8") as stored:
            anchored = json.load(stored)
        # The chain's record view names the patient, encounter and class the gateway anchored.
        self.assertEqual(report["patient"], anchored["patient"]["reference"].removeprefix("0x"))
        self.assertEqual(report["encounter"], anchored["encounter"]["reference"].removeprefix("0x"))
        self.assertEqual(report["class"], anchored["encounter"]["class"])
        case = report["case"]
        self.assertEqual(case["number"], "（2026）京0105民初7号")
        self.assertEqual(case["court_name"], "北京市朝阳区人民法院")
        self.assertTrue(case["open"])
        self.assertEqual(case["seals"], [])
        zh = self.chain.client(
            "verify", "--lang", "zh", "--case", "（2026）京0105民初7号", "--receipt", receipt, record,
            check=EXIT_MATCHES_LATEST,
        )
        self.assertIn("案件: （2026）京0105民初7号", zh.stdout)
        self.assertIn("审理中", zh.stdout)
        self.assertIn("没有封存涉及该病历", zh.stdout)
        missing = self.chain.client(
            "verify", "--case", "（2026）京0105民初999号", "--receipt", receipt, record, check=1,
        )
        self.assertIn("no case has the number", missing.stderr)

    def test_batch_member_verifies_by_receipt(self):
        stream = os.path.join(self.records, "vitals", "monitor-bed-12.ndjson")
        receipt = receipt_for(self.state, "vitals/monitor-bed-12.ndjson#L30")
        result = self.chain.client("verify", "--json", "--receipt", receipt, stream, check=EXIT_MATCHES_LATEST)
        self.assertEqual(json.loads(result.stdout)["batch"]["status"], "Valid")
        other = receipt_for(self.state, "vitals/monitor-bed-12.ndjson#L31")
        with open(other, encoding="utf-8") as f:
            wrong_line = dict(json.load(f), line=30)
        target = os.path.join(self.work, "wrong-line.json")
        with open(target, "w", encoding="utf-8") as f:
            json.dump(wrong_line, f)
        self.chain.client("verify", "--receipt", target, stream, check=EXIT_MISMATCH)

    def test_invalid_json_is_rejected_until_anchored_raw(self):
        bad = os.path.join(self.work, "bad", "broken.json")
        os.makedirs(os.path.dirname(bad))
        with open(bad, "w", encoding="utf-8") as f:
            f.write('{\n  "resourceType": "Observation",\n  "value": 6.0,,\n}\n')
        state = os.path.join(self.work, "bad-state")
        result = self.chain.gateway("anchor", state, bad, check=1)
        self.assertIn("broken.json", result.stderr)
        self.assertIn("line 3, column 16", result.stderr)
        self.assertIn("--raw", result.stderr)
        self.assertEqual(receipts_in(state), {})
        with sqlite3.connect(os.path.join(state, "journal.sqlite")) as db:
            self.assertEqual(db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0], 0)
        self.chain.gateway("anchor", state, "--raw", bad, check=0)
        (receipt,) = receipts_in(state).values()
        self.assertEqual(receipt["format"], "raw")

    def test_non_operator_gets_a_clear_error_and_no_receipt(self):
        state = os.path.join(self.work, "stranger-state")
        path = os.path.join(SAMPLES, "records", "04-lab-observation.json")
        result = self.chain.client(
            "anchor", "--institution", str(self.chain.hospital), "--signer", "//Bob",
            "--state-dir", state, path, check=1,
        )
        self.assertIn("NotAnOperator", result.stderr)
        self.assertIn("签名账户不是", result.stderr)
        self.assertEqual(receipts_in(state), {})
        with sqlite3.connect(os.path.join(state, "journal.sqlite")) as db:
            states = db.execute("SELECT state FROM jobs").fetchall()
        self.assertEqual(states, [("failed",)])
        # Run again with the gateway's key: the failed job is tried again, not forgotten.
        retried = self.chain.gateway("anchor", state, path, check=0)
        self.assertIn("tried again", retried.stderr)
        self.assertEqual(len(receipts_in(state)), 1)

    def test_same_local_id_twice_is_rejected(self):
        folder = os.path.join(self.work, "same-name")
        for sub in ("a", "b"):
            os.makedirs(os.path.join(folder, sub))
        shutil.copy(os.path.join(SAMPLES, "records", "01-encounter.json"), os.path.join(folder, "a", "report.json"))
        shutil.copy(os.path.join(SAMPLES, "records", "04-lab-observation.json"), os.path.join(folder, "b", "report.json"))
        state = os.path.join(self.work, "same-name-state")
        result = self.chain.gateway(
            "anchor", state, os.path.join(folder, "a", "report.json"),
            os.path.join(folder, "b", "report.json"), check=1,
        )
        self.assertIn('both have the local record id "report.json"', result.stderr)
        self.assertEqual([r["version"] for r in receipts_in(state).values()], [0])
        self.chain.gateway(
            "anchor", state, "--base", folder, os.path.join(folder, "a", "report.json"),
            os.path.join(folder, "b", "report.json"), check=0,
        )

    def test_watch_exits_when_idle_despite_rejected_files(self):
        folder = os.path.join(self.work, "with-broken")
        os.makedirs(folder)
        with open(os.path.join(folder, "broken.json"), "w", encoding="utf-8") as f:
            f.write('{"a":')
        shutil.copy(os.path.join(SAMPLES, "records", "04-lab-observation.json"), os.path.join(folder, "lab-idle.json"))
        state = os.path.join(self.work, "with-broken-state")
        result = self.chain.gateway(
            "watch", state, "--interval-ms", "200", "--exit-when-idle", folder, timeout=120, check=1,
        )
        self.assertIn("rejected:", result.stderr)
        self.assertIn("broken.json", result.stderr)
        self.assertEqual(len(receipts_in(state)), 1)

    def test_second_gateway_on_one_journal_is_refused(self):
        folder = os.path.join(self.work, "locked")
        os.makedirs(folder)
        state = os.path.join(self.work, "locked-state")
        first = subprocess.Popen(
            [CLIENT, "--url", self.chain.url, "watch", "--institution", str(self.chain.hospital),
             "--signer", "//TestGateway", "--state-dir", state, folder],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.addCleanup(lambda: first.poll() is None and first.kill())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not os.path.exists(os.path.join(state, "journal.sqlite")):
            time.sleep(0.2)
        second = self.chain.gateway(
            "anchor", state, os.path.join(SAMPLES, "records", "04-lab-observation.json"), check=1,
        )
        self.assertIn("another medanchor process is using", second.stderr)
        first.send_signal(signal.SIGINT)
        self.assertEqual(first.wait(timeout=60), 0)

    def test_inconsistent_verify_arguments_are_errors(self):
        stream = os.path.join(self.records, "vitals", "monitor-bed-12.ndjson")
        receipt = receipt_for(self.state, "vitals/monitor-bed-12.ndjson#L3")
        result = self.chain.client("verify", "--receipt", receipt, "--line", "4", stream, check=1)
        self.assertIn("contradicts the receipt", result.stderr)
        bad_url = run("--url", "http://127.0.0.1:9", "verify", "--record-id", "00" * 32, stream, check=1)
        self.assertIn("invalid --url", bad_url.stderr)
        missing = self.chain.client("receipt", "verify", os.path.join(self.work, "no-such-receipt.json"), check=1)
        self.assertIn("cannot read the receipt", missing.stderr)

    def test_rate_limited_anchors_wait_for_later_blocks(self):
        # 2,400 first anchors go out at once as twelve calls of 200, above an institution's
        # limit of 1,000 anchors per block at the starting reputation tier, so calls that land
        # in one block with ten others fail with RateLimitExceeded and must be submitted again
        # for later blocks rather than given up.
        folder = os.path.join(self.work, "burst")
        os.makedirs(folder)
        for n in range(2400):
            with open(os.path.join(folder, f"obs-{n:03}.json"), "w", encoding="utf-8") as f:
                json.dump({"resourceType": "Observation", "id": f"burst-{n}", "status": "final"}, f)
        state = os.path.join(self.work, "burst-state")
        files = sorted(glob.glob(os.path.join(folder, "*.json")))
        result = self.chain.gateway("anchor", state, *files, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertIn("wait for a later block", result.stderr)
        receipts = receipts_in(state).values()
        self.assertEqual(len(receipts), 2400)
        self.assertGreater(len({r["block_number"] for r in receipts}), 1)

    def test_unreachable_node_names_the_url(self):
        port = devnode.free_port()
        url = f"ws://127.0.0.1:{port}"
        started = time.monotonic()
        result = run(
            "--url", url, "--connect-timeout", "3", "verify", "--record-id", "00" * 32,
            os.path.join(SAMPLES, "records", "04-lab-observation.json"), check=1,
        )
        self.assertIn(f"cannot reach the MedAnchor node at {url}", result.stderr)
        self.assertIn("retrying", result.stderr)
        self.assertLess(time.monotonic() - started, 30)


class WatchRestartTest(unittest.TestCase):
    """A gateway killed while submitting loses nothing and anchors nothing twice."""

    def test_killed_gateway_resumes_without_loss_or_duplicates(self):
        chain = Chain()
        self.addCleanup(chain.stop)
        work = tempfile.mkdtemp(prefix="medanchor-watch-")
        self.addCleanup(shutil.rmtree, work, True)
        folder = os.path.join(work, "incoming")
        state = os.path.join(work, "state")
        os.makedirs(os.path.join(folder, "vitals"))
        with open(os.path.join(SAMPLES, "records", "04-lab-observation.json"), encoding="utf-8") as f:
            template = json.load(f)
        with open(os.path.join(SAMPLES, "vitals", "monitor-bed-12.ndjson"), encoding="utf-8") as f:
            stream_lines = f.read().splitlines()

        def write_records(first, count):
            for n in range(first, first + count):
                record = dict(template, id=f"lab-{n}")
                with open(os.path.join(folder, f"lab-{n:03}.json"), "w", encoding="utf-8") as f:
                    json.dump(record, f, ensure_ascii=False)

        stream = os.path.join(folder, "vitals", "monitor.ndjson")
        write_records(0, 300)
        with open(stream, "w", encoding="utf-8") as f:
            f.write("\n".join(stream_lines[:30]) + "\n")

        command = [
            CLIENT, "--url", chain.url, "watch", "--institution", str(chain.hospital),
            "--signer", "//TestGateway", "--state-dir", state, "--interval-ms", "200",
            "--max-in-flight", "4", folder,
        ]
        log = open(os.path.join(work, "first.log"), "w")
        first = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(receipts_in(state)) < 5:
            time.sleep(0.2)
        first.send_signal(signal.SIGKILL)
        first.wait()
        log.close()
        before = len(receipts_in(state))
        with open(os.path.join(work, "first.log"), encoding="utf-8", errors="replace") as f:
            first_log = f.read()
        self.assertGreaterEqual(before, 5, first_log[-2000:])
        with sqlite3.connect(os.path.join(state, "journal.sqlite")) as db:
            pending = db.execute("SELECT COUNT(*) FROM jobs WHERE state = 'pending'").fetchone()[0]
        self.assertGreater(pending, 0, "the gateway was killed after it had finished")

        # While it is down, more records arrive and the monitor keeps writing.
        write_records(300, 20)
        with open(stream, "a", encoding="utf-8") as f:
            f.write("\n".join(stream_lines[30:50]) + "\n")

        second = run(*command[1:-1], "--exit-when-idle", folder, timeout=600)
        self.assertEqual(second.returncode, 0, second.stderr[-3000:])
        receipts = list(receipts_in(state).values())
        records = [r for r in receipts if r["batch"] is None]
        members = [r for r in receipts if r["batch"] is not None]
        self.assertEqual(sorted(r["local_id"] for r in records), sorted(f"lab-{n:03}.json" for n in range(320)))
        self.assertEqual(
            sorted(r["local_id"] for r in members),
            sorted(f"vitals/monitor.ndjson#L{n}" for n in range(1, 51)),
        )
        self.assertTrue(all(r["version"] == 0 for r in records))
        with sqlite3.connect(os.path.join(state, "journal.sqlite")) as db:
            states = dict(db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall())
        self.assertEqual(set(states), {"final"})
        # The chain holds one version of each record: nothing was anchored twice.
        sample = [r for r in records][:: max(1, len(records) // 25)]
        for receipt in sample:
            record_file = os.path.join(folder, receipt["local_id"])
            result = chain.client("verify", "--json", "--record-id", receipt["record_id"], record_file, check=0)
            self.assertEqual(len(json.loads(result.stdout)["versions"]), 1)


class NodeOutageTest(unittest.TestCase):
    """A gateway whose node goes down reconnects when it returns and loses nothing."""

    def test_gateway_survives_node_restart(self):
        chain = Chain()
        self.addCleanup(chain.stop)
        work = tempfile.mkdtemp(prefix="medanchor-outage-")
        self.addCleanup(shutil.rmtree, work, True)
        folder = os.path.join(work, "incoming")
        state = os.path.join(work, "state")
        os.makedirs(folder)

        def write_records(first, count):
            for n in range(first, first + count):
                with open(os.path.join(folder, f"obs-{n:03}.json"), "w", encoding="utf-8") as f:
                    json.dump({"resourceType": "Observation", "id": f"outage-{n}", "status": "final"}, f)

        write_records(0, 20)
        log_path = os.path.join(work, "watch.log")
        log = open(log_path, "w")
        self.addCleanup(log.close)
        watch = subprocess.Popen(
            [CLIENT, "--url", chain.url, "watch", "--institution", str(chain.hospital),
             "--signer", "//TestGateway", "--state-dir", state, "--interval-ms", "200", folder],
            stdout=log, stderr=subprocess.STDOUT,
        )
        self.addCleanup(lambda: watch.poll() is None and watch.kill())

        def wait_for_receipts(count, timeout):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and len(receipts_in(state)) < count:
                self.assertIsNone(watch.poll(), "the gateway exited")
                time.sleep(0.3)
            with open(log_path, encoding="utf-8", errors="replace") as f:
                tail = f.read()[-3000:]
            self.assertEqual(len(receipts_in(state)), count, tail)

        wait_for_receipts(20, 120)
        # The node goes down; records keep arriving meanwhile.
        chain.node.stop()
        write_records(20, 15)
        time.sleep(5)
        self.assertIsNone(watch.poll(), "the gateway must wait for the node, not exit")
        chain.node.start()
        wait_for_receipts(35, 180)

        watch.send_signal(signal.SIGINT)
        self.assertEqual(watch.wait(timeout=90), 0)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            output = f.read()
        self.assertIn("reconnected", output)
        with sqlite3.connect(os.path.join(state, "journal.sqlite")) as db:
            states = dict(db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall())
        self.assertEqual(states, {"final": 35})


class PrunedStateTest(unittest.TestCase):
    """Receipts stay checkable after the node has discarded the state of their block."""

    def test_receipts_verify_after_state_pruning(self):
        chain = Chain(extra_args=["--state-pruning=8"])
        self.addCleanup(chain.stop)
        work = tempfile.mkdtemp(prefix="medanchor-pruned-")
        self.addCleanup(shutil.rmtree, work, True)
        record = os.path.join(work, "04-lab-observation.json")
        shutil.copy(os.path.join(SAMPLES, "records", "04-lab-observation.json"), record)
        chain.gateway("anchor", os.path.join(work, "state"), record, check=0)
        (receipt,) = receipts_in(os.path.join(work, "state"))
        with open(receipt, encoding="utf-8") as f:
            block = json.load(f)["block_number"]
        chain.node.wait_finalized(block + 12, timeout=120)
        chain.client("receipt", "verify", receipt, check=0)
        chain.client("verify", "--receipt", receipt, record, check=EXIT_MATCHES_LATEST)
        # A gateway with a new journal has new salts, so it cannot claim the old anchor: it
        # says the record is anchored and writes no receipt with a wrong patient reference.
        fresh = os.path.join(work, "fresh-state")
        result = chain.gateway("anchor", fresh, record, check=1)
        self.assertIn("RecordAlreadyAnchored", result.stderr)
        self.assertEqual(receipts_in(fresh), {})


class StartScriptTest(unittest.TestCase):
    """scripts/start.sh starts a dev chain and runs the main job on the samples."""

    def test_start_runs_main_job_and_prints_verdicts(self):
        ports = [str(devnode.free_port()) for _ in range(3)]
        result = subprocess.run(
            [os.path.join(ROOT, "scripts", "start.sh"), "--exit-after-job", "--rpc-port", ports[0],
             "--p2p-port", ports[1], "--prometheus-port", ports[2]],
            capture_output=True, text=True, timeout=900,
        )
        self.assertEqual(result.returncode, 0, result.stdout[-3000:] + result.stderr[-3000:])
        summary = result.stdout[result.stdout.index("=== 核验结论汇总 / verdicts ==="):]
        self.assertEqual(
            [line.strip() for line in summary.splitlines() if line.strip().startswith("->")],
            [
                "-> 与较早版本相符（之后被修改） / matches an earlier version (amended since)",
                "-> 一致（与最新版本相符） / matches the latest version",
                "-> 一致（与最新版本相符） / matches the latest version",
                "-> 不一致（内容被篡改） / mismatch (content changed)",
            ],
        )
        self.assertIn("核验结论: 不一致", result.stdout)
        self.assertIn("Verdict: MATCHES the latest anchored version", result.stdout)


if __name__ == "__main__":
    unittest.main()
