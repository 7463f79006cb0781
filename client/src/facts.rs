//! Facts a record states about itself: its kind, patient, encounter and the clinical event it
//! documents, read from FHIR resources, HL7 CDA documents and openEHR compositions.

use crate::canon::{json::Value, xml, Parsed};
use medanchor_primitives::{
	anchors::{ClinicalEvent, EncounterClass, EventTime},
	records::RecordKind,
};

/// Facts read from a record; each is `None` where the record does not state it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordFacts {
	pub kind: Option<RecordKind>,
	/// The patient identifier as the source system writes it (`system|value` or a reference).
	pub patient: Option<String>,
	/// The encounter identifier (`Encounter/ID` or `root|extension`).
	pub encounter: Option<String>,
	pub class: Option<EncounterClass>,
	pub event: Option<EventTime>,
	/// The document or resource identifier, for messages.
	pub source_id: Option<String>,
}

/// Returns the kind detected from a record's facts, or imaging for DICOM files.
pub fn detected_kind(facts: &RecordFacts, format: crate::canon::Format) -> Option<RecordKind> {
	facts.kind.or((format == crate::canon::Format::Dicom).then_some(RecordKind::Imaging))
}

/// Reads the facts of a parsed record.
pub fn read(parsed: &Parsed) -> RecordFacts {
	match parsed {
		Parsed::Json(value) => fhir(value).unwrap_or_else(|| openehr(value)),
		Parsed::Xml(text) => xml::parse(text).map(|doc| cda(&doc)).unwrap_or_default(),
		Parsed::Raw => RecordFacts::default(),
	}
}

/// Kinds of documents by LOINC document type code.
const LOINC_KINDS: &[(&str, RecordKind)] = &[
	("34117-2", RecordKind::Admission),    // History and physical note
	("11506-3", RecordKind::ProgressNote), // Progress note
	("11488-4", RecordKind::ProgressNote), // Consult note
	("11504-8", RecordKind::Operation),    // Surgical operation note
	("28570-0", RecordKind::Operation),    // Procedure note
	("18842-5", RecordKind::Discharge),    // Discharge summary
	("59284-0", RecordKind::InformedConsent), // Consent document
	("18748-4", RecordKind::Imaging),      // Diagnostic imaging study
	("11502-2", RecordKind::ExaminationReport), // Laboratory report
	("8716-3", RecordKind::VitalSigns),    // Vital signs
	("34746-8", RecordKind::Nursing),      // Nurse note
	("18776-5", RecordKind::TreatmentPlan), // Plan of care note
];

/// Kinds by words in a document's title or type text, tried in this order so that, for
/// example, 手术知情同意书 is a consent and 手术麻醉记录 an anaesthesia record.
const TITLE_KINDS: &[(&str, RecordKind)] = &[
	("知情同意", RecordKind::InformedConsent),
	("麻醉", RecordKind::Anaesthesia),
	("出院", RecordKind::Discharge),
	("入院", RecordKind::Admission),
	("手术", RecordKind::Operation),
	("护理", RecordKind::Nursing),
	("病程", RecordKind::ProgressNote),
	("查房", RecordKind::ProgressNote),
	("讨论", RecordKind::ProgressNote),
	("生命体征", RecordKind::VitalSigns),
	("影像", RecordKind::Imaging),
	("检查", RecordKind::ExaminationReport),
	("检验", RecordKind::ExaminationReport),
	("化验", RecordKind::ExaminationReport),
	("医嘱", RecordKind::Order),
	("诊断", RecordKind::Diagnosis),
	("计划", RecordKind::TreatmentPlan),
];

fn kind_by_code_or_title(codes: &[&str], titles: &[&str]) -> Option<RecordKind> {
	for code in codes {
		if let Some((_, kind)) = LOINC_KINDS.iter().find(|(c, _)| c == code) {
			return Some(*kind);
		}
	}
	for (word, kind) in TITLE_KINDS {
		if titles.iter().any(|t| t.contains(word)) {
			return Some(*kind);
		}
	}
	None
}

fn codings(concept: Option<&Value>) -> (Vec<&str>, Vec<&str>) {
	let mut codes = Vec::new();
	let mut titles = Vec::new();
	let Some(concept) = concept else { return (codes, titles) };
	// A CodeableConcept, or (R5 Encounter.class, Observation.category) a list of them.
	let concepts: Vec<&Value> = match concept.as_array() {
		Some(items) => items.iter().collect(),
		None => vec![concept],
	};
	for concept in concepts {
		if let Some(text) = concept.str_at(&["text"]) {
			titles.push(text);
		}
		for coding in concept.get("coding").and_then(Value::as_array).unwrap_or(&[]) {
			if let Some(code) = coding.str_at(&["code"]) {
				codes.push(code);
			}
			if let Some(display) = coding.str_at(&["display"]) {
				titles.push(display);
			}
		}
		// A bare Coding (R4 Encounter.class).
		if let Some(code) = concept.str_at(&["code"]) {
			codes.push(code);
		}
	}
	(codes, titles)
}

/// Returns `system|value` of an identifier, writing an OID system (`urn:oid:1.2.3`) as the
/// bare OID, the way CDA writes `root|extension`, so both formats name a patient alike.
fn identifier(system: Option<&str>, value: &str) -> String {
	match system {
		Some(system) => format!("{}|{value}", system.strip_prefix("urn:oid:").unwrap_or(system)),
		None => value.to_string(),
	}
}

/// Returns the identifier a FHIR Reference names: its logical identifier when present, else
/// the literal reference (`Patient/123`).
fn reference_id(reference: Option<&Value>) -> Option<String> {
	let reference = reference?;
	if let Some(value) = reference.str_at(&["identifier", "value"]) {
		return Some(identifier(reference.str_at(&["identifier", "system"]), value));
	}
	reference.str_at(&["reference"]).map(str::to_string)
}

/// Returns the encounter id a FHIR Reference names: the resource id of `Encounter/ID`, so
/// that it matches the extension of a CDA `encompassingEncounter/id`.
fn encounter_id(reference: Option<&Value>) -> Option<String> {
	let id = reference_id(reference)?;
	Some(match id.strip_prefix("Encounter/") {
		Some(bare) => bare.to_string(),
		None => id,
	})
}

fn class_of(codes: &[&str]) -> Option<EncounterClass> {
	codes.iter().find_map(|code| match *code {
		"IMP" | "ACUTE" | "NONAC" => Some(EncounterClass::Inpatient),
		"EMER" => Some(EncounterClass::Emergency),
		"AMB" | "HH" | "VR" | "OBSENC" | "SS" => Some(EncounterClass::Outpatient),
		_ => None,
	})
}

fn fhir(resource: &Value) -> Option<RecordFacts> {
	let resource_type = resource.str_at(&["resourceType"])?;
	let id = resource.str_at(&["id"]);
	let mut facts = RecordFacts {
		source_id: id.map(|id| format!("{resource_type}/{id}")),
		patient: reference_id(resource.get("subject"))
			.or_else(|| reference_id(resource.get("patient"))),
		encounter: encounter_id(resource.get("encounter"))
			.or_else(|| encounter_id(resource.path(&["context", "encounter"])?.as_array()?.first()))
			.or_else(|| encounter_id(resource.get("context"))),
		..RecordFacts::default()
	};
	let category = codings(resource.get("category"));
	let of_type = codings(resource.get("type"));
	facts.kind = Some(match resource_type {
		"Encounter" => {
			facts.encounter = id.map(str::to_string);
			facts.class = class_of(&codings(resource.get("class")).0);
			let finished = resource.str_at(&["status"]) == Some("finished")
				|| resource.str_at(&["status"]) == Some("completed")
				|| resource.str_at(&["period", "end"]).is_some();
			if finished {
				facts.event = event(ClinicalEvent::Discharge, resource.str_at(&["period", "end"]));
				RecordKind::Discharge
			} else {
				facts.event =
					event(ClinicalEvent::Admission, resource.str_at(&["period", "start"]));
				RecordKind::Admission
			}
		},
		"Procedure" => {
			facts.event =
				event(ClinicalEvent::OperationEnd, resource.str_at(&["performedPeriod", "end"]));
			RecordKind::Operation
		},
		"Observation" => match () {
			_ if category.0.contains(&"vital-signs") => RecordKind::VitalSigns,
			_ if category.0.contains(&"imaging") => RecordKind::Imaging,
			_ => RecordKind::ExaminationReport,
		},
		"DiagnosticReport" => {
			if category.0.iter().any(|c| ["RAD", "imaging", "18748-4"].contains(c))
				|| resource.get("imagingStudy").is_some()
			{
				RecordKind::Imaging
			} else {
				RecordKind::ExaminationReport
			}
		},
		"ImagingStudy" | "Media" => RecordKind::Imaging,
		"Condition" => RecordKind::Diagnosis,
		"CarePlan" => RecordKind::TreatmentPlan,
		"MedicationRequest" | "ServiceRequest" | "NutritionOrder" | "DeviceRequest" => {
			RecordKind::Order
		},
		"MedicationAdministration" => RecordKind::Nursing,
		"Consent" => RecordKind::InformedConsent,
		"Composition" | "DocumentReference" => {
			let mut titles = of_type.1.clone();
			if let Some(title) = resource.str_at(&["title"]) {
				titles.push(title);
			}
			kind_by_code_or_title(&of_type.0, &titles).unwrap_or(RecordKind::Other)
		},
		"Bundle" => return Some(bundle(resource, facts)),
		"Patient" => {
			facts.patient = patient_identifier(resource).or(facts.source_id.clone());
			RecordKind::Other
		},
		_ => RecordKind::Other,
	});
	Some(facts)
}

fn patient_identifier(patient: &Value) -> Option<String> {
	let first = patient.get("identifier")?.as_array()?.first()?;
	Some(identifier(first.str_at(&["system"]), first.str_at(&["value"])?))
}

fn bundle(resource: &Value, mut facts: RecordFacts) -> RecordFacts {
	let entries: Vec<&Value> = resource
		.get("entry")
		.and_then(Value::as_array)
		.unwrap_or(&[])
		.iter()
		.filter_map(|entry| entry.get("resource"))
		.collect();
	let first_of = |name: &str| entries.iter().find(|r| r.str_at(&["resourceType"]) == Some(name));
	let is_document = resource.str_at(&["type"]) == Some("document");
	if let Some(composition) = first_of("Composition").filter(|_| is_document) {
		let inner = fhir(composition).unwrap_or_default();
		facts.kind = inner.kind;
		facts.patient = inner.patient;
		facts.encounter = inner.encounter;
	} else {
		facts.kind = Some(RecordKind::Other);
	}
	if facts.patient.is_none() {
		if let Some(patient) = first_of("Patient") {
			facts.patient = patient_identifier(patient)
				.or_else(|| patient.str_at(&["id"]).map(|id| format!("Patient/{id}")));
		}
	}
	facts
}

/// openEHR compositions in the canonical or flat JSON formats.
fn openehr(value: &Value) -> RecordFacts {
	let mut facts = RecordFacts::default();
	let names: Vec<String> = match value {
		Value::Object(members) => members.iter().map(|(name, _)| name.to_lowercase()).collect(),
		_ => Vec::new(),
	};
	let archetype = value.str_at(&["archetype_node_id"]).unwrap_or("").to_lowercase();
	let title = value.str_at(&["name", "value"]).unwrap_or("").to_lowercase();
	let is_composition = value.str_at(&["_type"]) == Some("COMPOSITION")
		|| archetype.starts_with("openehr-ehr-composition")
		|| names.iter().any(|n| n.contains('/'));
	if is_composition {
		let vital = archetype.contains("vital")
			|| title.contains("vital")
			|| names.iter().any(|n| n.starts_with("vital"));
		facts.kind = Some(if vital { RecordKind::VitalSigns } else { RecordKind::Other });
	}
	facts
}

fn cda(document: &roxmltree::Document) -> RecordFacts {
	let root = document.root_element();
	let mut facts = RecordFacts::default();
	if root.tag_name().name() != "ClinicalDocument" {
		return facts;
	}
	let id_of = |node: Option<roxmltree::Node>| {
		let node = node?;
		let root = node.attribute("root")?;
		Some(match node.attribute("extension") {
			Some(extension) => format!("{root}|{extension}"),
			None => root.to_string(),
		})
	};
	let code = child(root, "code");
	let codes: Vec<&str> = code.and_then(|c| c.attribute("code")).into_iter().collect();
	let mut titles: Vec<&str> = code.and_then(|c| c.attribute("displayName")).into_iter().collect();
	if let Some(title) = child(root, "title").and_then(|t| t.text()) {
		titles.push(title);
	}
	facts.kind = Some(kind_by_code_or_title(&codes, &titles).unwrap_or(RecordKind::Other));
	facts.source_id = id_of(child(root, "setId")).or_else(|| id_of(child(root, "id")));
	facts.patient = id_of(
		child(root, "recordTarget")
			.and_then(|n| child(n, "patientRole"))
			.and_then(|n| child(n, "id")),
	);
	let encounter = child(root, "componentOf")
		.and_then(|n| child(n, "encompassingEncounter"))
		.and_then(|n| child(n, "id"));
	facts.encounter = encounter
		.and_then(|n| n.attribute("extension").map(str::to_string))
		.or_else(|| id_of(encounter));
	facts
}

fn child<'a, 'input>(
	node: roxmltree::Node<'a, 'input>,
	name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
	node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn event(event: ClinicalEvent, at: Option<&str>) -> Option<EventTime> {
	Some(EventTime { event, at: parse_datetime(at?)? })
}

/// Parses an ISO 8601 / FHIR `dateTime` with a time and an offset into milliseconds since the
/// Unix epoch. Dates without a time or an offset are ambiguous and give `None`.
pub fn parse_datetime(text: &str) -> Option<u64> {
	let bytes = text.as_bytes();
	let number = |range: std::ops::Range<usize>| -> Option<i64> {
		let part = text.get(range)?;
		if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
			return None;
		}
		part.parse().ok()
	};
	if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b'T' {
		return None;
	}
	let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
	let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
	if !(1..=12).contains(&month)
		|| !(1..=31).contains(&day)
		|| hour > 23
		|| minute > 59
		|| second > 60
	{
		return None;
	}
	let mut pos = 19;
	let mut millis = 0i64;
	if matches!(bytes.get(pos), Some(b'.' | b',')) {
		let start = pos + 1;
		pos = start;
		while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
			pos += 1;
		}
		let fraction = text.get(start..pos)?;
		if fraction.is_empty() {
			return None;
		}
		let padded: String = fraction.chars().chain("000".chars()).take(3).collect();
		millis = padded.parse().ok()?;
	}
	let offset_minutes = match bytes.get(pos) {
		Some(b'Z') if pos + 1 == bytes.len() => 0,
		Some(sign @ (b'+' | b'-')) if pos + 6 == bytes.len() && bytes[pos + 3] == b':' => {
			let minutes = number(pos + 1..pos + 3)? * 60 + number(pos + 4..pos + 6)?;
			if *sign == b'+' {
				minutes
			} else {
				-minutes
			}
		},
		_ => return None,
	};
	let days = days_from_civil(year, month, day);
	let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
	u64::try_from(seconds.checked_mul(1_000)?.checked_add(millis)?).ok()
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
	let year = if month <= 2 { year - 1 } else { year };
	let era = year.div_euclid(400);
	let year_of_era = year - era * 400;
	let month_index = (month + 9) % 12;
	let day_of_year = (153 * month_index + 2) / 5 + day - 1;
	let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	era * 146_097 + day_of_era - 719_468
}
