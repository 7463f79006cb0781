//! Runtime API of the anchors pallet: what courts, auditors and the `medanchor` client read
//! about anchored records without sending a transaction.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// `decl_runtime_apis!` repeats the generic parameter's bound in the code it generates.
#![allow(clippy::multiple_bound_locations)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use medanchor_primitives::{
	anchors::{
		BatchId, BatchView, EncounterView, InstitutionAnchors, ProofStatus, RecordPage, RecordView,
		Verification,
	},
	institutions::EntityId,
	records::{BatchLeaf, ContentHash, EncounterRef, Hash32, PatientRef, RecordId},
};

sp_api::decl_runtime_apis! {
	/// Records, encounters, batches and verification of presented documents.
	pub trait AnchorsApi<BlockNumber: Codec> {
		/// Returns a record with every version, its timing facts and writing-deadline status.
		fn record(id: RecordId) -> Option<RecordView<BlockNumber>>;

		/// Returns an encounter's numbering gaps, the kinds anchored and the kinds missing.
		fn encounter(institution: EntityId, encounter: EncounterRef) -> Option<EncounterView>;

		/// Compares a presented document's content hash with the record's versions.
		fn verify_content(record: RecordId, presented: ContentHash) -> Verification;

		/// Returns a batch anchor.
		fn batch(id: BatchId) -> Option<BatchView<BlockNumber>>;

		/// Checks that `leaf` is member `index` of a batch, given its audit path.
		fn verify_batch_member(
			batch: BatchId,
			leaf: BatchLeaf,
			index: u64,
			proof: Vec<Hash32>,
		) -> ProofStatus;

		/// Returns a page of a patient's records in anchoring order, from position `cursor`.
		fn patient_records(patient: PatientRef, cursor: u32, limit: u32) -> RecordPage;

		/// Returns the anchors an institution made in blocks `from..=to`, one page at a time.
		fn institution_anchors(
			institution: EntityId,
			from: BlockNumber,
			to: BlockNumber,
			limit: u32,
		) -> InstitutionAnchors<BlockNumber>;
	}
}
