//! Types the judicial pallet shares with the anchors and reputation pallets and with clients:
//! identifiers, who presented a document, what a seal holds, the messages the patient side
//! signs, and the read access to anchors that courts need.

use crate::{
	anchors::{BatchId, BatchView, ProofStatus, RecordPage, RecordView, Verification},
	institutions::EntityId,
	records::{BatchLeaf, ContentHash, Hash32, PatientRef, RecordId},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Identifier of a court, assigned in registration order.
pub type CourtId = u32;

/// Identifier of a case, assigned in the order cases are opened.
pub type CaseId = u32;

/// Identifier of a seal, assigned in the order seals are made.
pub type SealId = u32;

/// Prefix of the message the patient side signs to agree to a seal.
pub const SEAL_AGREEMENT_CONTEXT: &[u8] = b"MEDANCHOR/SEAL-AGREEMENT/1";

/// Prefix of the message the patient side signs to add records to an agreed seal.
pub const SEAL_ADDITION_CONTEXT: &[u8] = b"MEDANCHOR/SEAL-ADDITION/1";

/// The party that presented a document to the court.
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
pub enum Presenter {
	/// A medical institution named in the case.
	#[codec(index = 0)]
	Institution(EntityId),
	/// The patient or the patient's family or representative (患方).
	#[codec(index = 1)]
	PatientSide,
	/// The court itself, from evidence it preserved or obtained (证据保全).
	#[codec(index = 2)]
	Court,
}

/// An anchor that a seal can hold.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum SealItem {
	/// A record with every version.
	#[codec(index = 0)]
	Record(RecordId),
	/// A batch anchor with every member.
	#[codec(index = 1)]
	Batch(BatchId),
}

/// Builds the message the patient side signs to agree to seal `items` with `institution`.
///
/// It is the context prefix, the chain's genesis hash, and the SCALE encoding of the tuple
/// `(reference, institution, patient, items)`, where `reference` is the 32-byte reference of
/// the seal list that the institution chose and `items` is encoded as a vector.
pub fn seal_agreement_message(
	genesis: &[u8; 32],
	reference: &[u8; 32],
	institution: EntityId,
	patient: &PatientRef,
	items: &[SealItem],
) -> Vec<u8> {
	let mut message = Vec::with_capacity(SEAL_AGREEMENT_CONTEXT.len().saturating_add(128));
	message.extend_from_slice(SEAL_AGREEMENT_CONTEXT);
	message.extend_from_slice(genesis);
	(reference, institution, patient, items).encode_to(&mut message);
	message
}

/// Builds the message the patient side signs to add `items` to an agreed seal.
///
/// It is the context prefix, the chain's genesis hash, and the SCALE encoding of the tuple
/// `(reference, addition, items)`, where `addition` counts the additions made before, from 0.
pub fn seal_addition_message(
	genesis: &[u8; 32],
	reference: &[u8; 32],
	addition: u32,
	items: &[SealItem],
) -> Vec<u8> {
	let mut message = Vec::with_capacity(SEAL_ADDITION_CONTEXT.len().saturating_add(96));
	message.extend_from_slice(SEAL_ADDITION_CONTEXT);
	message.extend_from_slice(genesis);
	(reference, addition, items).encode_to(&mut message);
	message
}

/// Read access to anchored records and batches, for courts.
pub trait AnchorLookup<BlockNumber> {
	/// Returns a record with every version.
	fn record(id: &RecordId) -> Option<RecordView<BlockNumber>>;

	/// Returns a batch anchor.
	fn batch(id: &BatchId) -> Option<BatchView<BlockNumber>>;

	/// Compares a presented document's hash with a record's versions.
	fn verify_content(id: &RecordId, presented: ContentHash) -> Verification;

	/// Checks that `leaf` is member `index` of a batch, with the audit path `proof`.
	fn verify_batch_member(
		id: &BatchId,
		leaf: BatchLeaf,
		index: u64,
		proof: Vec<Hash32>,
	) -> ProofStatus;

	/// Returns up to `limit` positions of a patient's index from `cursor` on.
	fn patient_records(patient: &PatientRef, cursor: u32, limit: u32) -> RecordPage;
}
