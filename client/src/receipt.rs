//! Receipts: what the gateway hands to the institution's archive and to the patient for each
//! anchored record, and how a receipt is checked against the chain.

use crate::gateway::{BatchJob, BatchMember, RecordJob};
use medanchor_primitives::{
	anchors::{BatchView, Timeliness, VersionView},
	institutions::EntityId,
	records::{ContentHash, HashAlgorithm},
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The receipt format's name and version.
pub const RECEIPT_FORMAT: &str = "medanchor-receipt/1";

/// A record's anchor, as the gateway saw it finalized.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
	pub receipt_format: String,
	/// Genesis hash of the chain, hex.
	pub chain: String,
	pub institution: EntityId,
	/// The institution's own record id, and the chain's record id derived from it.
	pub local_id: String,
	pub record_id: String,
	/// Version number, 0 for the first anchor.
	pub version: u32,
	pub file: String,
	/// Line of an NDJSON record.
	pub line: Option<usize>,
	pub format: crate::canon::Format,
	pub content_hash: ReceiptHash,
	pub kind: String,
	pub patient: PatientCommitment,
	pub encounter: Option<EncounterCommitment>,
	/// Milliseconds since the Unix epoch.
	pub generated_at: u64,
	pub anchored_at: u64,
	pub delay_ms: u64,
	pub timeliness: String,
	pub block_number: u32,
	pub block_hash: String,
	/// Index of the anchoring extrinsic in its block, when found.
	pub extrinsic_index: Option<u32>,
	/// Present for a member of a Merkle batch.
	pub batch: Option<BatchProof>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceiptHash {
	pub algorithm: String,
	pub digest: String,
}

/// The patient's commitment: reference = Blake2b-256(domain ‖ salt ‖ identifier).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatientCommitment {
	pub identifier: String,
	pub salt: String,
	pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EncounterCommitment {
	pub identifier: String,
	pub reference: String,
	pub sequence: u32,
	pub class: String,
}

/// A batch member's inclusion proof.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchProof {
	pub batch_id: String,
	pub local_id: String,
	pub leaf_index: u64,
	pub leaf_count: u32,
	pub leaf_salt: String,
	pub algorithm: String,
	pub root: String,
	/// RFC 6962 audit path, from the leaf up.
	pub proof: Vec<String>,
}

/// Decodes 32 bytes of hex (with or without `0x`).
pub fn hex32(text: &str) -> Result<[u8; 32], String> {
	let text = text.strip_prefix("0x").unwrap_or(text);
	let bytes = hex::decode(text).map_err(|_| format!("invalid hex \"{text}\""))?;
	bytes.try_into().map_err(|_| format!("\"{text}\" is not 32 bytes of hex"))
}

pub fn algorithm_name(algorithm: HashAlgorithm) -> &'static str {
	match algorithm {
		HashAlgorithm::Blake2b256 => "blake2b-256",
		HashAlgorithm::Sha256 => "sha256",
		HashAlgorithm::Sm3 => "sm3",
	}
}

pub fn algorithm_from_name(name: &str) -> Option<HashAlgorithm> {
	match name.to_ascii_lowercase().as_str() {
		"blake2b-256" | "blake2b" => Some(HashAlgorithm::Blake2b256),
		"sha256" | "sha-256" => Some(HashAlgorithm::Sha256),
		"sm3" => Some(HashAlgorithm::Sm3),
		_ => None,
	}
}

pub fn timeliness_name(timeliness: Timeliness) -> &'static str {
	match timeliness {
		Timeliness::AtGeneration => "at_generation",
		Timeliness::Late => "late",
	}
}

fn hash_of(hash: &ContentHash) -> ReceiptHash {
	ReceiptHash {
		algorithm: algorithm_name(hash.algorithm).into(),
		digest: hex::encode(hash.digest),
	}
}

impl Receipt {
	/// The content hash as the chain types it.
	pub fn content_hash(&self) -> Result<ContentHash, String> {
		let algorithm = algorithm_from_name(&self.content_hash.algorithm)
			.ok_or_else(|| format!("unknown hash algorithm \"{}\"", self.content_hash.algorithm))?;
		Ok(ContentHash { algorithm, digest: hex32(&self.content_hash.digest)? })
	}
}

pub fn for_record(
	genesis: &str,
	institution: EntityId,
	job: &RecordJob,
	version: &VersionView<u32>,
	block_hash: String,
	extrinsic_index: Option<u32>,
) -> Receipt {
	Receipt {
		receipt_format: RECEIPT_FORMAT.into(),
		chain: genesis.into(),
		institution,
		local_id: job.local_id.clone(),
		record_id: job.record_id.clone(),
		version: job.version,
		file: job.file.clone(),
		line: job.line,
		format: job.format,
		content_hash: hash_of(&version.content_hash),
		kind: format!("{:?}", job.kind),
		patient: PatientCommitment {
			identifier: job.patient_identifier.clone(),
			salt: job.salt.clone(),
			reference: job.patient_ref.clone(),
		},
		encounter: Some(EncounterCommitment {
			identifier: job.encounter_identifier.clone(),
			reference: job.encounter_ref.clone(),
			sequence: job.sequence,
			class: format!("{:?}", job.class),
		}),
		generated_at: version.generated_at,
		anchored_at: version.anchored_at,
		delay_ms: version.delay,
		timeliness: timeliness_name(version.timeliness).into(),
		block_number: version.block,
		block_hash,
		extrinsic_index,
		batch: None,
	}
}

#[allow(clippy::too_many_arguments)]
pub fn for_batch_member(
	genesis: &str,
	institution: EntityId,
	job: &BatchJob,
	member: &BatchMember,
	view: &BatchView<u32>,
	block_hash: String,
	extrinsic_index: Option<u32>,
	batch: BatchProof,
) -> Receipt {
	Receipt {
		receipt_format: RECEIPT_FORMAT.into(),
		chain: genesis.into(),
		institution,
		local_id: member.local_id.clone(),
		record_id: member.record_id.clone(),
		version: 0,
		file: job.file.clone(),
		line: member.line,
		format: job.format,
		content_hash: hash_of(&member.content_hash),
		kind: format!("{:?}", job.kind),
		patient: PatientCommitment {
			identifier: job.patient_identifier.clone(),
			salt: job.salt.clone(),
			reference: job.patient_ref.clone(),
		},
		encounter: None,
		generated_at: member.generated_at,
		anchored_at: view.anchored_at,
		delay_ms: view.anchored_at.saturating_sub(member.generated_at),
		timeliness: timeliness_name(view.timeliness).into(),
		block_number: view.block,
		block_hash,
		extrinsic_index,
		batch: Some(batch),
	}
}

/// Writes a receipt under `dir` and returns its path; an existing receipt is never replaced.
pub fn write(dir: &Path, receipt: &Receipt) -> Result<PathBuf, String> {
	std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
	let safe: String = receipt
		.local_id
		.chars()
		.map(|c| if c.is_alphanumeric() || c == '-' || c == '.' || c == '_' { c } else { '_' })
		.collect();
	let path =
		dir.join(format!("{safe}.v{}.{}.receipt.json", receipt.version, &receipt.record_id[..8]));
	let json = serde_json::to_string_pretty(receipt).map_err(|e| e.to_string())?;
	if let Ok(existing) = std::fs::read_to_string(&path) {
		if existing == json {
			return Ok(path);
		}
		return Err(format!("{} exists with other content; it was left as it is", path.display()));
	}
	std::fs::write(&path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
	Ok(path)
}

/// Reads a receipt file.
pub fn read(path: &Path) -> Result<Receipt, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| format!("cannot read the receipt {}: {e}", path.display()))?;
	let receipt: Receipt = serde_json::from_str(&text)
		.map_err(|e| format!("{} is not a MedAnchor receipt: {e}", path.display()))?;
	if receipt.receipt_format != RECEIPT_FORMAT {
		return Err(format!(
			"{} has receipt format \"{}\"; this client reads \"{RECEIPT_FORMAT}\"",
			path.display(),
			receipt.receipt_format
		));
	}
	Ok(receipt)
}
