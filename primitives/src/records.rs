//! Medical records as the chain stores them: identifiers, content hashes, record kinds, the
//! encoding of batch members and the Merkle trees that batch anchors commit to.
//!
//! Everything here is deterministic and documented byte for byte, so that a court expert can
//! recompute an anchor or check an inclusion proof with other tools.
//!
//! ## Batch leaf encoding
//!
//! A record anchored as a member of a batch is encoded as the SCALE encoding of
//! [`BatchLeaf`], 106 bytes:
//!
//! | offset | length | field |
//! |---|---|---|
//! | 0 | 32 | record id |
//! | 32 | 1 | record kind, the index in [`RecordKind`] |
//! | 33 | 1 | content-hash algorithm: 0 Blake2b-256, 1 SHA-256, 2 SM3 |
//! | 34 | 32 | content-hash digest |
//! | 66 | 8 | `generated_at`, milliseconds since the Unix epoch, little-endian |
//! | 74 | 32 | per-record random salt |
//!
//! ## Merkle tree
//!
//! The tree over `n ≥ 1` leaves follows RFC 6962 section 2.1 with the batch's hash function
//! `H` (Blake2b-256, SHA-256 or SM3, each with a 32-byte output):
//!
//! - leaf hash: `H(0x00 ‖ leaf bytes)`;
//! - inner node: `H(0x01 ‖ left ‖ right)`;
//! - the root of `n > 1` leaves splits them at `k`, the largest power of two below `n`:
//!   `H(0x01 ‖ root(leaves[0..k]) ‖ root(leaves[k..n]))`.
//!
//! The distinct prefixes keep a leaf hash from passing as an inner node and the reverse. An
//! inclusion proof is the RFC 6962 audit path: the sibling hashes from the leaf up to the root.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Identifier of a record: 32 bytes chosen by the institution, usually the hash of its local
/// record id. Opaque to the chain.
pub type RecordId = [u8; 32];

/// Salted commitment to a patient's identity; the salt stays with the institution and the
/// patient.
pub type PatientRef = [u8; 32];

/// Salted commitment to an encounter (one outpatient visit, emergency visit or inpatient
/// stay).
pub type EncounterRef = [u8; 32];

/// A 32-byte hash output.
pub type Hash32 = [u8; 32];

/// Prefix of a leaf hash (RFC 6962).
pub const LEAF_PREFIX: u8 = 0x00;

/// Prefix of an inner-node hash (RFC 6962).
pub const NODE_PREFIX: u8 = 0x01;

/// A hash function MedAnchor accepts for record contents and batch trees.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum HashAlgorithm {
	/// BLAKE2b with a 32-byte output (RFC 7693), the default.
	#[codec(index = 0)]
	Blake2b256,
	/// SHA-256 (FIPS 180-4).
	#[codec(index = 1)]
	Sha256,
	/// SM3 (GB/T 32905-2016), required by many Chinese public systems.
	#[codec(index = 2)]
	Sm3,
}

impl HashAlgorithm {
	/// Hashes the concatenation of `parts` with this algorithm.
	pub fn hash(self, parts: &[&[u8]]) -> Hash32 {
		match self {
			HashAlgorithm::Blake2b256 => {
				let mut state = blake2b_simd_state();
				for part in parts {
					state.update(part);
				}
				let mut out = [0u8; 32];
				out.copy_from_slice(state.finalize().as_bytes());
				out
			},
			HashAlgorithm::Sha256 => {
				use sha2::Digest;
				let mut state = sha2::Sha256::new();
				for part in parts {
					state.update(part);
				}
				state.finalize().into()
			},
			HashAlgorithm::Sm3 => {
				use sm3::Digest;
				let mut state = sm3::Sm3::new();
				for part in parts {
					state.update(part);
				}
				state.finalize().into()
			},
		}
	}
}

fn blake2b_simd_state() -> blake2b_simd::State {
	blake2b_simd::Params::new().hash_length(32).to_state()
}

/// The hash of a record's content, with the algorithm that produced it.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct ContentHash {
	/// The hash function.
	pub algorithm: HashAlgorithm,
	/// Its 32-byte output.
	pub digest: Hash32,
}

impl ContentHash {
	/// Hashes `content` with `algorithm`.
	pub fn of(algorithm: HashAlgorithm, content: &[u8]) -> Self {
		Self { algorithm, digest: algorithm.hash(&[content]) }
	}
}

/// The kind of a medical record, following the sections of an inpatient medical record under
/// the medical-record writing rules (病历书写基本规范).
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Ord,
	PartialOrd,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum RecordKind {
	/// Admission record (入院记录).
	#[codec(index = 0)]
	Admission,
	/// Progress note (病程记录), the first one included.
	#[codec(index = 1)]
	ProgressNote,
	/// Diagnosis (诊断).
	#[codec(index = 2)]
	Diagnosis,
	/// Medical order (医嘱).
	#[codec(index = 3)]
	Order,
	/// Treatment plan (诊疗计划).
	#[codec(index = 4)]
	TreatmentPlan,
	/// Operation record (手术记录).
	#[codec(index = 5)]
	Operation,
	/// Anaesthesia record (麻醉记录).
	#[codec(index = 6)]
	Anaesthesia,
	/// Nursing record (护理记录).
	#[codec(index = 7)]
	Nursing,
	/// Informed consent (知情同意书).
	#[codec(index = 8)]
	InformedConsent,
	/// Examination or laboratory report (检查、检验报告).
	#[codec(index = 9)]
	ExaminationReport,
	/// Vital signs (生命体征).
	#[codec(index = 10)]
	VitalSigns,
	/// Imaging (影像).
	#[codec(index = 11)]
	Imaging,
	/// Discharge record (出院记录).
	#[codec(index = 12)]
	Discharge,
	/// Any other record.
	#[codec(index = 13)]
	Other,
}

impl RecordKind {
	/// Every kind, in codec order.
	pub const ALL: [RecordKind; 14] = [
		RecordKind::Admission,
		RecordKind::ProgressNote,
		RecordKind::Diagnosis,
		RecordKind::Order,
		RecordKind::TreatmentPlan,
		RecordKind::Operation,
		RecordKind::Anaesthesia,
		RecordKind::Nursing,
		RecordKind::InformedConsent,
		RecordKind::ExaminationReport,
		RecordKind::VitalSigns,
		RecordKind::Imaging,
		RecordKind::Discharge,
		RecordKind::Other,
	];

	/// Returns the kind's codec index, the byte that encodes it.
	pub fn code(self) -> u8 {
		self as u8
	}
}

/// A record anchored as a member of a batch; its SCALE encoding is the leaf of the batch's
/// Merkle tree (see the module documentation for the byte layout).
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct BatchLeaf {
	/// The record's id.
	pub record_id: RecordId,
	/// The record's kind.
	pub kind: RecordKind,
	/// The hash of the record's content.
	pub content_hash: ContentHash,
	/// When the source system generated the record, in milliseconds since the Unix epoch.
	pub generated_at: u64,
	/// A random value chosen per record, so that a low-entropy record (one vital-sign
	/// reading) cannot be guessed from its leaf hash.
	pub salt: [u8; 32],
}

/// Length of an encoded [`BatchLeaf`].
pub const BATCH_LEAF_LENGTH: usize = 106;

impl BatchLeaf {
	/// Returns the leaf hash of this member in a tree built with `algorithm`.
	pub fn leaf_hash(&self, algorithm: HashAlgorithm) -> Hash32 {
		leaf_hash(algorithm, &self.encode())
	}
}

/// Returns `H(0x00 ‖ leaf)`.
pub fn leaf_hash(algorithm: HashAlgorithm, leaf: &[u8]) -> Hash32 {
	algorithm.hash(&[&[LEAF_PREFIX], leaf])
}

/// Returns `H(0x01 ‖ left ‖ right)`.
pub fn node_hash(algorithm: HashAlgorithm, left: &Hash32, right: &Hash32) -> Hash32 {
	algorithm.hash(&[&[NODE_PREFIX], left, right])
}

/// Failure of a Merkle operation.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum MerkleError {
	/// A tree needs at least one leaf.
	Empty,
	/// The leaf index is not below the number of leaves.
	IndexOutOfRange,
	/// The proof has the wrong number of hashes for the leaf index and tree size.
	WrongProofLength,
}

/// Returns the largest power of two strictly below `n`, for `n ≥ 2`.
fn split_point(n: usize) -> usize {
	let mut k = 1usize;
	while k.saturating_mul(2) < n {
		k = k.saturating_mul(2);
	}
	k
}

/// Returns the root of the tree whose leaf hashes are `leaves`.
pub fn root_of_leaf_hashes(
	algorithm: HashAlgorithm,
	leaves: &[Hash32],
) -> Result<Hash32, MerkleError> {
	match leaves {
		[] => Err(MerkleError::Empty),
		[only] => Ok(*only),
		_ => {
			let (left, right) = leaves.split_at(split_point(leaves.len()));
			let left = root_of_leaf_hashes(algorithm, left)?;
			let right = root_of_leaf_hashes(algorithm, right)?;
			Ok(node_hash(algorithm, &left, &right))
		},
	}
}

/// Returns the root of the tree over `members`.
pub fn batch_root(algorithm: HashAlgorithm, members: &[BatchLeaf]) -> Result<Hash32, MerkleError> {
	let leaves: Vec<Hash32> = members.iter().map(|member| member.leaf_hash(algorithm)).collect();
	root_of_leaf_hashes(algorithm, &leaves)
}

/// Returns the audit path of leaf `index`: the sibling hashes from the leaf up to the root.
pub fn inclusion_proof(
	algorithm: HashAlgorithm,
	leaves: &[Hash32],
	index: usize,
) -> Result<Vec<Hash32>, MerkleError> {
	if leaves.is_empty() {
		return Err(MerkleError::Empty);
	}
	if index >= leaves.len() {
		return Err(MerkleError::IndexOutOfRange);
	}
	let mut path = Vec::new();
	collect_path(algorithm, leaves, index, &mut path)?;
	Ok(path)
}

// Appends the path of `index` within `leaves`, deepest sibling first (RFC 6962 PATH).
fn collect_path(
	algorithm: HashAlgorithm,
	leaves: &[Hash32],
	index: usize,
	path: &mut Vec<Hash32>,
) -> Result<(), MerkleError> {
	if leaves.len() <= 1 {
		return Ok(());
	}
	let k = split_point(leaves.len());
	let (left, right) = leaves.split_at(k);
	if index < k {
		collect_path(algorithm, left, index, path)?;
		path.push(root_of_leaf_hashes(algorithm, right)?);
	} else {
		collect_path(algorithm, right, index.saturating_sub(k), path)?;
		path.push(root_of_leaf_hashes(algorithm, left)?);
	}
	Ok(())
}

/// Checks that `leaf_hash` is leaf `index` of a tree of `size` leaves with root `root`.
///
/// This is the verification algorithm of RFC 9162 section 2.1.3.2.
pub fn verify_inclusion(
	algorithm: HashAlgorithm,
	root: &Hash32,
	leaf_hash: &Hash32,
	index: u64,
	size: u64,
	proof: &[Hash32],
) -> Result<bool, MerkleError> {
	if size == 0 {
		return Err(MerkleError::Empty);
	}
	if index >= size {
		return Err(MerkleError::IndexOutOfRange);
	}
	let mut fn_ = index;
	let mut sn = size.saturating_sub(1);
	let mut r = *leaf_hash;
	for p in proof {
		if sn == 0 {
			return Err(MerkleError::WrongProofLength);
		}
		if fn_ & 1 == 1 || fn_ == sn {
			r = node_hash(algorithm, p, &r);
			if fn_ & 1 == 0 {
				while fn_ & 1 == 0 && fn_ != 0 {
					fn_ >>= 1;
					sn >>= 1;
				}
			}
		} else {
			r = node_hash(algorithm, &r, p);
		}
		fn_ >>= 1;
		sn >>= 1;
	}
	if sn != 0 {
		return Err(MerkleError::WrongProofLength);
	}
	Ok(r == *root)
}
