//! Tests of record facts, identifiers, receipts and the evidence report's text that need no chain.

use crate::{canon, facts, ids};
use medanchor_primitives::{
	anchors::{ClinicalEvent, EncounterClass},
	records::{self, BatchLeaf, ContentHash, HashAlgorithm, RecordKind},
};

fn facts_of(text: &str) -> facts::RecordFacts {
	let format = if text.starts_with('<') { canon::Format::Xml } else { canon::Format::Json };
	let records = canon::canonicalize(format, text.as_bytes()).unwrap();
	facts::read(&records[0].parsed)
}

#[test]
fn fhir_resource_types_map_to_kinds() {
	let cases = [
		(
			r#"{"resourceType":"Encounter","status":"in-progress","period":{"start":"2026-11-02T09:20:00+08:00"}}"#,
			RecordKind::Admission,
		),
		(
			r#"{"resourceType":"Encounter","status":"finished","period":{"end":"2026-11-06T09:30:00+08:00"}}"#,
			RecordKind::Discharge,
		),
		(r#"{"resourceType":"Procedure"}"#, RecordKind::Operation),
		(
			r#"{"resourceType":"Observation","category":[{"coding":[{"code":"vital-signs"}]}]}"#,
			RecordKind::VitalSigns,
		),
		(
			r#"{"resourceType":"Observation","category":[{"coding":[{"code":"laboratory"}]}]}"#,
			RecordKind::ExaminationReport,
		),
		(
			r#"{"resourceType":"DiagnosticReport","category":[{"coding":[{"code":"RAD"}]}]}"#,
			RecordKind::Imaging,
		),
		(r#"{"resourceType":"DiagnosticReport"}"#, RecordKind::ExaminationReport),
		(r#"{"resourceType":"Condition"}"#, RecordKind::Diagnosis),
		(r#"{"resourceType":"CarePlan"}"#, RecordKind::TreatmentPlan),
		(r#"{"resourceType":"MedicationRequest"}"#, RecordKind::Order),
		(r#"{"resourceType":"Consent"}"#, RecordKind::InformedConsent),
		(r#"{"resourceType":"ImagingStudy"}"#, RecordKind::Imaging),
		(
			r#"{"resourceType":"Composition","type":{"coding":[{"system":"http://loinc.org","code":"18842-5"}]}}"#,
			RecordKind::Discharge,
		),
		(
			r#"{"resourceType":"Composition","type":{"text":"手术知情同意书"}}"#,
			RecordKind::InformedConsent,
		),
		(r#"{"resourceType":"Composition","type":{"text":"麻醉记录"}}"#, RecordKind::Anaesthesia),
		(
			r#"{"resourceType":"DocumentReference","type":{"coding":[{"code":"11506-3"}]}}"#,
			RecordKind::ProgressNote,
		),
		(r#"{"resourceType":"Composition","type":{"text":"unknown"}}"#, RecordKind::Other),
		(r#"{"resourceType":"Patient"}"#, RecordKind::Other),
	];
	for (text, kind) in cases {
		assert_eq!(facts_of(text).kind, Some(kind), "{text}");
	}
}

#[test]
fn fhir_and_cda_name_patient_and_encounter_alike() {
	let fhir = facts_of(
		r#"{"resourceType":"Procedure","subject":{"reference":"Patient/p1","identifier":{"system":"urn:oid:2.16.156.10011.1.12","value":"0001234"}},"encounter":{"reference":"Encounter/zy-1"},"performedPeriod":{"end":"2026-11-03T09:40:00+08:00"}}"#,
	);
	let cda = facts_of(
		r#"<ClinicalDocument xmlns="urn:hl7-org:v3"><code code="11504-8"/><recordTarget><patientRole><id root="2.16.156.10011.1.12" extension="0001234"/></patientRole></recordTarget><componentOf><encompassingEncounter><id root="2.16.156.10011.1.12" extension="zy-1"/></encompassingEncounter></componentOf></ClinicalDocument>"#,
	);
	assert_eq!(fhir.patient.as_deref(), Some("2.16.156.10011.1.12|0001234"));
	assert_eq!(cda.patient, fhir.patient);
	assert_eq!(fhir.encounter.as_deref(), Some("zy-1"));
	assert_eq!(cda.encounter, fhir.encounter);
	assert_eq!(cda.kind, Some(RecordKind::Operation));
	let event = fhir.event.expect("the end of the operation");
	assert_eq!(event.event, ClinicalEvent::OperationEnd);
	assert_eq!(event.at, 1_793_670_000_000);
}

#[test]
fn encounter_class_comes_from_its_code() {
	let facts = facts_of(r#"{"resourceType":"Encounter","id":"zy-1","class":{"code":"IMP"}}"#);
	assert_eq!(facts.class, Some(EncounterClass::Inpatient));
	assert_eq!(facts.encounter.as_deref(), Some("zy-1"));
	let facts = facts_of(r#"{"resourceType":"Encounter","class":{"code":"EMER"}}"#);
	assert_eq!(facts.class, Some(EncounterClass::Emergency));
}

#[test]
fn datetimes_parse_with_offsets_only() {
	assert_eq!(facts::parse_datetime("1970-01-01T00:00:00Z"), Some(0));
	assert_eq!(facts::parse_datetime("1970-01-01T08:00:00+08:00"), Some(0));
	assert_eq!(facts::parse_datetime("2026-11-03T09:40:00.5+08:00"), Some(1_793_670_000_500));
	assert_eq!(facts::parse_datetime("2019-07-26T02:51:58,352+00:00"), Some(1_564_109_518_352));
	assert_eq!(facts::parse_datetime("2000-02-29T12:00:00Z"), Some(951_825_600_000));
	for bad in
		["2026-11-03", "2026-11-03T09:40:00", "2026-13-03T09:40:00Z", "2026-11-03T24:00:00Z", "x"]
	{
		assert_eq!(facts::parse_datetime(bad), None, "{bad}");
	}
}

/// Values computed by the independent Python implementation in scripts/canonical_hash.py.
#[test]
fn identifiers_match_the_reference_implementation() {
	assert_eq!(
		hex::encode(ids::record_id(3, "records/04-lab-observation.json")),
		"e6569cc2fd0559d6e4ce396604316abc271204dfcd248856436793ae428ab893"
	);
	let salt = [1u8; 32];
	assert_eq!(
		hex::encode(ids::patient_ref(&salt, "2.16.156.10011.1.12|0001234")),
		"8516af45c50984f151e08417e569ce8812fc04b26ed64ddb0d53f8e663302b21"
	);
	assert_eq!(
		hex::encode(ids::encounter_ref(&salt, "zy-20261102-0057")),
		"badf74bc8b2de9c9c794ef5c342c5788d47a1442a19b06e4af995f1805e68b16"
	);
	assert_eq!(
		hex::encode(ids::batch_id(7, "vitals/monitor.ndjson#L1-L60")),
		"134804c543908b5781bdbbaeee508f6bac302070c685b41344b9694348358869"
	);
}

fn vectors(name: &str) -> serde_json::Value {
	// Read at run time: checkouts that share one target directory reuse a test binary
	// compiled in another checkout, whose compile-time path may no longer exist.
	let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets it");
	let path = format!("{manifest_dir}/../primitives/test-vectors/{name}");
	serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn algorithm(name: &str) -> HashAlgorithm {
	match name {
		"Blake2b256" => HashAlgorithm::Blake2b256,
		"Sha256" => HashAlgorithm::Sha256,
		"Sm3" => HashAlgorithm::Sm3,
		other => panic!("unknown algorithm {other} in the test vectors"),
	}
}

fn hex_bytes(value: &serde_json::Value) -> Vec<u8> {
	hex::decode(value.as_str().expect("a hex string")).expect("valid hex")
}

fn hex32(value: &serde_json::Value) -> [u8; 32] {
	hex_bytes(value).try_into().expect("32 bytes")
}

/// The primitives' test vectors (made by an independent Python implementation), recomputed
/// through the code paths the client uses for content hashes and batch receipts.
#[test]
fn primitives_test_vectors_pass_in_the_client() {
	let hashes = vectors("hashes.json");
	let mut checked = 0;
	for case in hashes["cases"].as_array().expect("hash cases") {
		let input = hex_bytes(&case["input"]);
		for name in ["Blake2b256", "Sha256", "Sm3"] {
			let hash = ContentHash::of(algorithm(name), &input);
			assert_eq!(hash.digest.to_vec(), hex_bytes(&case[name]), "{name} of {}", case["input"]);
			checked += 1;
		}
	}
	assert!(checked >= 9, "only {checked} hash vectors");

	let merkle = vectors("merkle.json");
	let mut trees = 0;
	for case in merkle["cases"].as_array().expect("merkle cases") {
		let tree = algorithm(case["treeAlgorithm"].as_str().unwrap());
		let members = case["members"].as_array().unwrap();
		let leaves: Vec<BatchLeaf> = members
			.iter()
			.map(|m| BatchLeaf {
				record_id: hex32(&m["recordId"]),
				kind: RecordKind::ALL[m["kind"].as_u64().unwrap() as usize],
				content_hash: ContentHash {
					algorithm: algorithm(m["contentAlgorithm"].as_str().unwrap()),
					digest: hex32(&m["contentDigest"]),
				},
				generated_at: m["generatedAt"].as_u64().unwrap(),
				salt: hex32(&m["salt"]),
			})
			.collect();
		let leaf_hashes: Vec<[u8; 32]> = leaves.iter().map(|l| l.leaf_hash(tree)).collect();
		for (index, member) in members.iter().enumerate() {
			assert_eq!(codec::Encode::encode(&leaves[index]), hex_bytes(&member["leaf"]));
			assert_eq!(leaf_hashes[index], hex32(&member["leafHash"]));
			let expected: Vec<[u8; 32]> =
				member["proof"].as_array().unwrap().iter().map(hex32).collect();
			let proof = records::inclusion_proof(tree, &leaf_hashes, index).unwrap();
			assert_eq!(proof, expected, "proof of leaf {index} in a tree of {}", leaves.len());
			let root = hex32(&case["root"]);
			let size = leaves.len() as u64;
			assert_eq!(
				records::verify_inclusion(
					tree,
					&root,
					&leaf_hashes[index],
					index as u64,
					size,
					&proof
				),
				Ok(true)
			);
		}
		assert_eq!(records::batch_root(tree, &leaves).unwrap(), hex32(&case["root"]));
		trees += 1;
	}
	assert!(trees >= 3, "only {trees} trees");
}

#[test]
fn chain_types_match_metadata_file() {
	// Read at run time: checkouts that share one target directory reuse a test binary
	// compiled in another checkout, whose compile-time path may no longer exist.
	let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets it");
	let path = format!("{manifest_dir}/metadata/medanchor.scale");
	let bytes = std::fs::read(&path).expect("the client's metadata file is readable");
	let metadata = subxt::Metadata::decode_from(&bytes).expect("the metadata file decodes");
	assert!(
		crate::chain::runtime::is_codegen_valid_for(&metadata),
		"the client's chain types were generated from other metadata than {path}; rebuild the \
		 client (client/build.rs makes cargo do so when the file changes)"
	);
}

/// Returns an evidence report of a record that a case sealed and gave a verdict on.
fn report_with_case() -> crate::verify::Report {
	use crate::verify::{Report, ReportCase, ReportSeal, ReportVerdict};
	Report {
		file: "discharge.json".into(),
		verdict: "matches_latest".into(),
		matched_version: Some(0),
		presented_hash: Vec::new(),
		record_id: "11".repeat(32),
		institution: Some(0),
		kind: Some("Discharge".into()),
		class: Some("Inpatient".into()),
		patient: Some("aa".repeat(32)),
		encounter: Some("ee".repeat(32)),
		held: Some(true),
		finalized_block: 12,
		versions: Vec::new(),
		batch: None,
		case: Some(ReportCase {
			number: "（2026）京0105民初7号".into(),
			id: 3,
			court_name: "北京市朝阳区人民法院".into(),
			open: true,
			seals: vec![ReportSeal {
				id: "1".into(),
				basis: "court order in case 3".into(),
				basis_zh: "法院在案件 3 中决定封存".into(),
				state: "Active".into(),
				created_block: 10,
			}],
			verdicts: vec![ReportVerdict {
				case: 3,
				verdict: "MatchesEarlierVersion".into(),
				version: Some(0),
				presented_by: "PatientSide".into(),
				block: 11,
			}],
			queries: 1,
			truncated: false,
		}),
	}
}

#[test]
fn report_reads_in_chinese() {
	let text = crate::verify::render(&report_with_case(), crate::messages::Lang::Zh);
	assert!(text.contains("就诊类型: 住院\n"), "{text}");
	assert!(text.contains(&format!("患者标识（加盐承诺）: {}\n", "aa".repeat(32))), "{text}");
	assert!(text.contains(&format!("就诊标识（加盐承诺）: {}\n", "ee".repeat(32))), "{text}");
	assert!(text.contains("封存 1: 法院在案件 3 中决定封存 (有效, 区块 #10)"), "{text}");
	assert!(
		text.contains("案件核验结论 3: 与较早版本相符 (版本 0, 提交方 患方, 区块 #11)"),
		"{text}"
	);
	for english in
		["Inpatient", "court order", "Active", "MatchesEarlierVersion", "PatientSide", "Some("]
	{
		assert!(!text.contains(english), "{english} in {text}");
	}
}

#[test]
fn report_reads_in_english() {
	let text = crate::verify::render(&report_with_case(), crate::messages::Lang::En);
	assert!(text.contains("Encounter class: inpatient\n"), "{text}");
	assert!(text.contains("seal 1: court order in case 3 (active, block #10)"), "{text}");
	assert!(
		text.contains(
			"verdict in case 3: matches an earlier version (version 0, presented by the patient \
			 side, block #11)"
		),
		"{text}"
	);
}
