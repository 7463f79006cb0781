//! Anchors as the pallet takes them in calls and keeps them in storage.
//!
//! ## What an anchor commits to
//!
//! A record's anchor stores the content hash the institution submitted, `{algorithm, digest}`:
//! Blake2b-256 (RFC 7693, 32-byte output, no key), SHA-256 (FIPS 180-4) or SM3
//! (GB/T 32905-2016) over the record's canonical bytes. The bytes themselves never reach the
//! chain. A batch stores the root of an RFC 6962 Merkle tree whose leaves are 106-byte
//! SCALE-encoded [`BatchLeaf`](medanchor_primitives::records::BatchLeaf) values. The byte
//! layout and the tree are documented in [`medanchor_primitives::records`].
//!
//! Times are milliseconds since the Unix epoch (UTC). `generated_at` is the source system's
//! claim; `anchored_at` is the timestamp of the block that included the anchor.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::Get, traits::ConstU32, BoundedVec};
use medanchor_primitives::{
	anchors::{
		AmendmentReason, AnchorTally, EncounterClass, EventTime, KindSet, Millis, SequenceGap,
		Timeliness, WritingRule, WritingStatus, MILLIS_PER_DAY,
	},
	institutions::EntityId,
	records::{ContentHash, EncounterRef, HashAlgorithm, PatientRef, RecordId, RecordKind},
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

extern crate alloc;
use alloc::vec::Vec;

/// Number of positions one page of an index holds.
///
/// The patient, encounter and institution indexes keep their entries in pages rather than
/// one storage entry each: a page's key is stored once for up to this many entries.
pub const INDEX_PAGE_SIZE: u32 = 32;

/// The bound of an index page.
pub type IndexPageSize = ConstU32<INDEX_PAGE_SIZE>;

/// Returns the page that contains `position` of an index and the position's slot in the page.
pub fn page_of(position: u32) -> (u32, usize) {
	(position / INDEX_PAGE_SIZE, (position % INDEX_PAGE_SIZE) as usize)
}

/// Stores `entry` at `slot` of `page`, filling any slots before it that the page lacks with
/// `None`. Returns `false`, leaving the page as it was, when the slot lies outside the page
/// or already contains an entry.
pub fn put_in_slot<E>(
	page: &mut BoundedVec<Option<E>, IndexPageSize>,
	slot: usize,
	entry: E,
) -> bool {
	if slot >= INDEX_PAGE_SIZE as usize {
		return false;
	}
	if let Some(existing) = page.get(slot) {
		if existing.is_some() {
			return false;
		}
	}
	while page.len() <= slot {
		if page.try_push(None).is_err() {
			return false;
		}
	}
	match page.get_mut(slot) {
		Some(place) => {
			*place = Some(entry);
			true
		},
		None => false,
	}
}

/// Empties `slot` of `page`. Returns whether the page still contains an entry.
pub fn clear_slot<E>(page: &mut BoundedVec<Option<E>, IndexPageSize>, slot: usize) -> bool {
	if let Some(place) = page.get_mut(slot) {
		*place = None;
	}
	page.iter().any(Option::is_some)
}

/// Stores `entry` at `slot` of a stored page, creating the page when it is missing. Returns
/// `false`, leaving the page as it was, where [`put_in_slot`] does.
pub fn put_in_stored_slot<E>(
	stored: &mut Option<BoundedVec<Option<E>, IndexPageSize>>,
	slot: usize,
	entry: E,
) -> bool {
	put_in_slot(stored.get_or_insert_with(BoundedVec::new), slot, entry)
}

/// Empties `slot` of a stored page, removing the page when no entry is left on it.
pub fn clear_stored_slot<E>(
	stored: &mut Option<BoundedVec<Option<E>, IndexPageSize>>,
	slot: usize,
) {
	if let Some(page) = stored {
		if !clear_slot(page, slot) {
			*stored = None;
		}
	}
}

/// A content hash as a call submits it: the digest's length is checked against the
/// algorithm's, so a wrong length gets its own error instead of failing to decode.
#[derive(Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, PartialEq, TypeInfo)]
pub struct SubmittedHash {
	/// The hash function.
	pub algorithm: HashAlgorithm,
	/// Its output; every supported algorithm gives 32 bytes.
	pub digest: Vec<u8>,
}

impl SubmittedHash {
	/// Returns the hash with a 32-byte digest, or `None` for any other length.
	pub fn checked(&self) -> Option<ContentHash> {
		let digest: [u8; 32] = self.digest.as_slice().try_into().ok()?;
		Some(ContentHash { algorithm: self.algorithm, digest })
	}
}

impl From<ContentHash> for SubmittedHash {
	fn from(hash: ContentHash) -> Self {
		SubmittedHash { algorithm: hash.algorithm, digest: hash.digest.to_vec() }
	}
}

/// The first version of a record, as a gateway submits it.
#[derive(Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, PartialEq, TypeInfo)]
pub struct NewRecord {
	/// The record's id, unique on the chain.
	pub id: RecordId,
	/// Salted commitment to the patient.
	pub patient: PatientRef,
	/// Salted commitment to the encounter the record belongs to.
	pub encounter: EncounterRef,
	/// The encounter's class; every record of an encounter names the same class.
	pub class: EncounterClass,
	/// The record's place in its encounter, from 1, as the EMR system numbers its records.
	pub sequence: u32,
	/// The record's kind.
	pub kind: RecordKind,
	/// The hash of the record's canonical content.
	pub content_hash: SubmittedHash,
	/// When the EMR system generated the record.
	pub generated_at: Millis,
	/// The clinical event the record documents, for writing deadlines.
	pub event: Option<EventTime>,
}

/// A Merkle root over a stream of records, as a gateway or device submits it.
#[derive(Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, PartialEq, TypeInfo)]
pub struct NewBatch {
	/// The batch's id, unique on the chain.
	pub id: [u8; 32],
	/// Kind of every member.
	pub kind: RecordKind,
	/// Encounter class whose retention period applies to the batch.
	pub class: EncounterClass,
	/// Patient reference, when every member belongs to one patient.
	pub patient: Option<PatientRef>,
	/// The tree's root, with the hash function of its leaves and nodes.
	pub root: SubmittedHash,
	/// Number of leaves.
	pub leaf_count: u32,
	/// `generated_at` of the earliest member.
	pub first_generated_at: Millis,
	/// `generated_at` of the latest member.
	pub last_generated_at: Millis,
}

/// One stored version of a record.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct Version<BlockNumber> {
	/// The hash of this version's content.
	pub content_hash: ContentHash,
	/// When the source system generated this version.
	#[codec(compact)]
	pub generated_at: Millis,
	/// Timestamp of the anchoring block.
	#[codec(compact)]
	pub anchored_at: Millis,
	/// Number of the anchoring block.
	pub block: BlockNumber,
	/// Position of this anchor among the institution's anchors in that block.
	#[codec(compact)]
	pub index_in_block: u32,
	/// Whether it was anchored within the generation window.
	pub timeliness: Timeliness,
	/// The clinical event it documents.
	pub event: Option<EventTime>,
	/// Whether it was written within its writing deadline.
	pub writing: WritingStatus,
	/// The reason for the amendment; `None` for the first version.
	pub amendment: Option<AmendmentReason>,
	/// The evidence storage platform that submitted it, when not the institution itself.
	pub via_platform: Option<EntityId>,
}

impl<BlockNumber> Version<BlockNumber> {
	/// Returns `anchored_at` minus `generated_at`, zero when the source clock ran ahead.
	pub fn delay(&self) -> Millis {
		self.anchored_at.saturating_sub(self.generated_at)
	}
}

/// A stored record with all its versions.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
#[scale_info(skip_type_params(MaxVersions))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct RecordInfo<BlockNumber, MaxVersions: Get<u32>> {
	/// The institution that owns the record.
	#[codec(compact)]
	pub institution: EntityId,
	/// The encounter. Its entry contains the patient and the class while it lists the record.
	pub encounter: EncounterRef,
	/// The patient and the class, kept here once the record is no longer listed under its
	/// encounter: a record under legal hold when its encounter's retention ended. `None`
	/// while the encounter lists the record.
	pub unlisted: Option<EncounterFacts>,
	/// The record's place in the encounter.
	#[codec(compact)]
	pub sequence: u32,
	/// The record's kind.
	pub kind: RecordKind,
	/// Position of the record in its patient's index.
	#[codec(compact)]
	pub patient_index: u32,
	/// Versions, oldest first; never empty.
	pub versions: BoundedVec<Version<BlockNumber>, MaxVersions>,
}

/// The patient and the class, which a record shares with its encounter.
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
)]
pub struct EncounterFacts {
	/// Salted commitment to the patient.
	pub patient: PatientRef,
	/// The encounter's class.
	pub class: EncounterClass,
}

/// The filling end of a patient's index: how many positions it has used and the entries of
/// its last page while that page fills. A page that fills moves to its own storage entry, so
/// that an anchor reads and writes one entry of the index, not a count and a page.
#[derive(
	Clone,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct PatientIndexHead {
	/// Positions used, pruned ones included.
	pub count: u32,
	/// Entries of the positions from the last multiple of the page size up to `count`, in
	/// order; `None` where a record was pruned. Never full.
	pub open: BoundedVec<Option<RecordId>, IndexPageSize>,
	/// Block timestamp of the latest anchor that listed a record here; pruning leaves it.
	pub listed_at: Millis,
}

impl PatientIndexHead {
	/// Returns the first position of the open entries.
	pub fn open_from(&self) -> u32 {
		self.count.saturating_sub(self.count % INDEX_PAGE_SIZE)
	}

	/// Returns the slot of `position` among the open entries, or `None` when the position
	/// lies on a full page or beyond the count.
	pub fn open_slot(&self, position: u32) -> Option<usize> {
		(self.open_from()..self.count).contains(&position).then(|| page_of(position).1)
	}
}

/// An institution's anchors in the latest block it anchored in.
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
)]
pub struct BlockUsageInfo<BlockNumber> {
	/// The block.
	pub block: BlockNumber,
	/// Anchors made in it: records, amendments and batches count one each.
	pub anchors: u32,
	/// The institution's rate limit in that block, fixed by its first anchor there.
	pub limit: u32,
	/// The anchors' findings, reported to the observer when the block ends.
	pub tally: AnchorTally,
}

/// The state of one encounter of one institution.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
#[scale_info(skip_type_params(MaxGaps))]
pub struct EncounterInfo<MaxGaps: Get<u32>> {
	/// Patient reference of every record in the encounter.
	pub patient: PatientRef,
	/// The encounter's class.
	pub class: EncounterClass,
	/// The sequence number after the highest one anchored.
	pub next_sequence: u32,
	/// Sequence numbers below `next_sequence` that no record holds, in ascending order.
	pub gaps: BoundedVec<SequenceGap, MaxGaps>,
	/// Kinds anchored in the encounter.
	pub kinds: KindSet,
	/// Whether an anchor showed that an operation took place: an anaesthesia record, or a
	/// record documenting the end of an operation.
	pub operation_evidenced: bool,
	/// Kinds missing when the first discharge record of an inpatient encounter was anchored.
	pub missing_at_discharge: Option<KindSet>,
	/// Records anchored in the encounter and still listed under it.
	pub records: u32,
	/// The first page of the encounter's list of records: those numbered 1 to 31, in
	/// anchoring order. It lives here because every anchor of the encounter writes this
	/// entry anyway; later pages are entries of `EncounterRecords`.
	pub first_page: BoundedVec<RecordId, IndexPageSize>,
	/// Timestamp of the latest anchor; retention counts from here.
	pub last_anchor_at: Millis,
	/// Day of the retention queue the encounter waits in.
	pub queued_day: u32,
}

impl<MaxGaps: Get<u32>> EncounterInfo<MaxGaps> {
	/// Returns the patient and the class, which every record of the encounter shares.
	pub fn facts(&self) -> EncounterFacts {
		EncounterFacts { patient: self.patient, class: self.class }
	}

	/// Returns the kinds an inpatient encounter must contain, given what was anchored.
	pub fn required_kinds(&self) -> KindSet {
		let mut required = KindSet::default();
		if self.class != EncounterClass::Inpatient {
			return required;
		}
		required.insert(RecordKind::Admission);
		required.insert(RecordKind::ProgressNote);
		required.insert(RecordKind::Discharge);
		if self.operation_evidenced {
			required.insert(RecordKind::Operation);
		}
		required
	}

	/// Returns the required kinds still missing.
	pub fn missing_kinds(&self) -> KindSet {
		self.required_kinds().without(self.kinds)
	}
}

/// A stored batch anchor.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct BatchInfo<BlockNumber> {
	/// The institution that owns the batch.
	pub institution: EntityId,
	/// Kind of its members.
	pub kind: RecordKind,
	/// Encounter class whose retention period applies.
	pub class: EncounterClass,
	/// Patient reference, when every member belongs to one patient.
	pub patient: Option<PatientRef>,
	/// The tree's root and hash function.
	pub root: ContentHash,
	/// Number of leaves.
	pub leaf_count: u32,
	/// `generated_at` of the earliest member.
	pub first_generated_at: Millis,
	/// `generated_at` of the latest member.
	pub last_generated_at: Millis,
	/// Timestamp of the anchoring block.
	pub anchored_at: Millis,
	/// Number of the anchoring block.
	pub block: BlockNumber,
	/// Position of this anchor among the institution's anchors in that block.
	pub index_in_block: u32,
	/// Whether the latest member was anchored within the generation window.
	pub timeliness: Timeliness,
	/// The evidence storage platform that submitted it, when not the institution itself.
	pub via_platform: Option<EntityId>,
}

/// The writing deadline of each rule, in milliseconds after the event.
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeadlinePolicy {
	/// First progress note after admission.
	pub first_progress_note: Millis,
	/// Admission record after admission.
	pub admission_record: Millis,
	/// Operation record after the end of the operation.
	pub operation_record: Millis,
	/// Rescue record after the rescue.
	pub rescue_record: Millis,
	/// Discharge record after discharge.
	pub discharge_record: Millis,
}

const HOUR: Millis = 3_600_000;
const EIGHT_HOURS: Millis = 8 * HOUR;
const SIX_HOURS: Millis = 6 * HOUR;
const TWENTY_FOUR_HOURS: Millis = 24 * HOUR;

impl Default for DeadlinePolicy {
	/// Returns the deadlines of the medical-record writing rules (病历书写基本规范, 2010):
	/// first progress note 8 hours, admission record 24 hours, operation record 24 hours,
	/// rescue record 6 hours after the rescue ends, discharge record 24 hours.
	fn default() -> Self {
		DeadlinePolicy {
			first_progress_note: EIGHT_HOURS,
			admission_record: TWENTY_FOUR_HOURS,
			operation_record: TWENTY_FOUR_HOURS,
			rescue_record: SIX_HOURS,
			discharge_record: TWENTY_FOUR_HOURS,
		}
	}
}

impl DeadlinePolicy {
	/// Returns the deadline of `rule`.
	pub fn get(&self, rule: WritingRule) -> Millis {
		match rule {
			WritingRule::FirstProgressNote => self.first_progress_note,
			WritingRule::AdmissionRecord => self.admission_record,
			WritingRule::OperationRecord => self.operation_record,
			WritingRule::RescueRecord => self.rescue_record,
			WritingRule::DischargeRecord => self.discharge_record,
		}
	}

	/// Sets the deadline of `rule`.
	pub fn set(&mut self, rule: WritingRule, deadline: Millis) {
		let slot = match rule {
			WritingRule::FirstProgressNote => &mut self.first_progress_note,
			WritingRule::AdmissionRecord => &mut self.admission_record,
			WritingRule::OperationRecord => &mut self.operation_record,
			WritingRule::RescueRecord => &mut self.rescue_record,
			WritingRule::DischargeRecord => &mut self.discharge_record,
		};
		*slot = deadline;
	}
}

/// Retention period of each encounter class, in days after the encounter's latest anchor.
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetentionPolicy {
	/// Outpatient records.
	pub outpatient: u32,
	/// Emergency records.
	pub emergency: u32,
	/// Inpatient records.
	pub inpatient: u32,
}

/// 15 years of 365 days plus the most leap days 15 years can hold.
pub const FIFTEEN_YEARS_IN_DAYS: u32 = 15 * 365 + 4;

/// 30 years of 365 days plus the most leap days 30 years can hold.
pub const THIRTY_YEARS_IN_DAYS: u32 = 30 * 365 + 8;

impl Default for RetentionPolicy {
	/// Returns the retention periods of the medical-record management rules
	/// (医疗机构病历管理规定, 2013): at least 15 years for outpatient and emergency records, at
	/// least 30 years for inpatient records.
	fn default() -> Self {
		RetentionPolicy {
			outpatient: FIFTEEN_YEARS_IN_DAYS,
			emergency: FIFTEEN_YEARS_IN_DAYS,
			inpatient: THIRTY_YEARS_IN_DAYS,
		}
	}
}

impl RetentionPolicy {
	/// Returns the retention period of `class` in days.
	pub fn get(&self, class: EncounterClass) -> u32 {
		match class {
			EncounterClass::Outpatient => self.outpatient,
			EncounterClass::Emergency => self.emergency,
			EncounterClass::Inpatient => self.inpatient,
		}
	}

	/// Sets the retention period of `class`.
	pub fn set(&mut self, class: EncounterClass, days: u32) {
		let slot = match class {
			EncounterClass::Outpatient => &mut self.outpatient,
			EncounterClass::Emergency => &mut self.emergency,
			EncounterClass::Inpatient => &mut self.inpatient,
		};
		*slot = days;
	}
}

/// Something the retention queue will check for expiry.
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
)]
pub enum PruneItem {
	/// Every record of an encounter, once the encounter's latest anchor has expired.
	#[codec(index = 0)]
	Encounter(EntityId, EncounterRef),
	/// One record that a legal hold kept back when its encounter expired.
	#[codec(index = 1)]
	Record(RecordId),
	/// A batch.
	#[codec(index = 2)]
	Batch([u8; 32]),
}

/// How far the retention queue of one class has been worked through.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct PruneCursor {
	/// Day (since the Unix epoch) of the queue being worked through.
	pub day: u32,
	/// Next item of that day.
	pub index: u32,
}

/// Returns the day since the Unix epoch that `at` falls in.
pub fn day_of(at: Millis) -> u32 {
	u32::try_from(at.checked_div(MILLIS_PER_DAY).unwrap_or_default()).unwrap_or(u32::MAX)
}
