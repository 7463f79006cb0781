//! Unit tests of the anchors pallet on the mock runtime.

use crate::{
	mock::*, AmendmentReason, AnchorRef, AnchorTally, BatchInfo, Batches, ClinicalEvent,
	ContentHash, DeadlinePolicy, EncounterClass, EncounterRecords, Encounters, Error, Event,
	EventTime, HashAlgorithm, InstitutionAnchors, KindSet, NewBatch, NewRecord, PatientIndexHeads,
	PatientRecords, RecordKind, Records, RetentionPolicy, SequenceGap, SubmittedHash, Timeliness,
	WritingRule, WritingStatus,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError;

mod amend_record;
mod anchor_batch;
mod anchor_record;
mod anchor_records;
mod block_reports;
mod encounters;
mod fees;
mod genesis;
mod index_pages;
mod parameters;
mod queries;
mod retention;
mod writing_deadlines;

/// Hour in milliseconds.
const HOUR: u64 = 3_600_000;

/// Amends `record` as the hospital's gateway with a new hash, generated now.
fn amend(
	record: u8,
	previous: u16,
	content: &[u8],
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Anchors::amend_record(
		RuntimeOrigin::signed(HOSPITAL_GATEWAY),
		id(record),
		previous,
		hash_of(content).into(),
		now(),
		AmendmentReason::Correction,
		None,
	)
}

/// Returns the missing-kinds field of `EncounterDischarged` for `kinds`.
fn kinds(kinds: &[RecordKind]) -> BoundedVec<RecordKind, frame_support::traits::ConstU32<14>> {
	BoundedVec::truncate_from(kinds.to_vec())
}
