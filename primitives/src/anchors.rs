//! Types for a record's timing and encounter as the anchoring pallet records them, and the
//! traits through which it talks to the judicial and reputation pallets.

use crate::{
	institutions::EntityId,
	records::{ContentHash, EncounterRef, PatientRef, RecordId, RecordKind},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
pub type Millis = u64;

/// Number of a version of a record: 0 is the first anchor, each amendment adds one.
pub type VersionIndex = u16;

/// Identifier of a batch anchor: 32 bytes chosen by the submitter. Opaque to the chain.
pub type BatchId = [u8; 32];

/// Milliseconds in a day, the unit of retention periods.
pub const MILLIS_PER_DAY: Millis = 86_400_000;

/// Kind of encounter (就诊类型) a record belongs to; it decides the retention period and
/// whether the encounter is checked for missing records at discharge.
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
pub enum EncounterClass {
	/// Outpatient visit (门诊).
	#[codec(index = 0)]
	Outpatient,
	/// Emergency visit (急诊).
	#[codec(index = 1)]
	Emergency,
	/// Inpatient stay (住院).
	#[codec(index = 2)]
	Inpatient,
}

impl EncounterClass {
	/// Every class, in codec order.
	pub const ALL: [EncounterClass; 3] =
		[EncounterClass::Outpatient, EncounterClass::Emergency, EncounterClass::Inpatient];
}

/// A clinical event whose record must be written within a deadline.
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
pub enum ClinicalEvent {
	/// The patient's admission (入院).
	#[codec(index = 0)]
	Admission,
	/// The end of an operation (手术结束).
	#[codec(index = 1)]
	OperationEnd,
	/// The end of a rescue of a critically ill patient (抢救结束); the rescue record is due
	/// within 6 hours of it by default.
	#[codec(index = 2)]
	Rescue,
	/// The patient's discharge (出院).
	#[codec(index = 3)]
	Discharge,
}

/// The clinical event a record documents and when it happened.
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
pub struct EventTime {
	/// The event.
	pub event: ClinicalEvent,
	/// When it happened, in milliseconds since the Unix epoch.
	pub at: Millis,
}

/// A writing deadline of the medical-record writing rules (病历书写基本规范): a record of a
/// given kind documenting a given event must be written within a set time of the event.
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
pub enum WritingRule {
	/// First progress note (首次病程记录) after admission: a progress note documenting an
	/// admission. 8 hours by default.
	#[codec(index = 0)]
	FirstProgressNote,
	/// Admission record (入院记录) after admission. 24 hours by default.
	#[codec(index = 1)]
	AdmissionRecord,
	/// Operation record (手术记录) after the end of the operation. 24 hours by default.
	#[codec(index = 2)]
	OperationRecord,
	/// Rescue record (抢救记录) after the end of a rescue: a progress note documenting a
	/// rescue. 6 hours by default.
	#[codec(index = 3)]
	RescueRecord,
	/// Discharge record (出院记录) after discharge. 24 hours by default.
	#[codec(index = 4)]
	DischargeRecord,
}

impl WritingRule {
	/// Every rule, in codec order.
	pub const ALL: [WritingRule; 5] = [
		WritingRule::FirstProgressNote,
		WritingRule::AdmissionRecord,
		WritingRule::OperationRecord,
		WritingRule::RescueRecord,
		WritingRule::DischargeRecord,
	];

	/// Returns the rule that applies to a record of `kind` documenting `event`, if any.
	pub fn applying_to(kind: RecordKind, event: ClinicalEvent) -> Option<WritingRule> {
		match (kind, event) {
			(RecordKind::ProgressNote, ClinicalEvent::Admission) => {
				Some(WritingRule::FirstProgressNote)
			},
			(RecordKind::Admission, ClinicalEvent::Admission) => Some(WritingRule::AdmissionRecord),
			(RecordKind::Operation, ClinicalEvent::OperationEnd) => {
				Some(WritingRule::OperationRecord)
			},
			(RecordKind::ProgressNote, ClinicalEvent::Rescue) => Some(WritingRule::RescueRecord),
			(RecordKind::Discharge, ClinicalEvent::Discharge) => Some(WritingRule::DischargeRecord),
			_ => None,
		}
	}
}

/// Whether an anchor reached the chain at the record's generation (生成即上链) or after the
/// fact (事后上链).
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
pub enum Timeliness {
	/// The anchoring delay was within the generation window.
	#[codec(index = 0)]
	AtGeneration,
	/// The anchoring delay exceeded the generation window.
	#[codec(index = 1)]
	Late,
}

/// Whether a record was written within its writing deadline.
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
pub enum WritingStatus {
	/// The anchor names no clinical event, or no writing rule covers its kind and event.
	#[codec(index = 0)]
	NoDeadline,
	/// Written within the deadline of the rule, the deadline included.
	#[codec(index = 1)]
	OnTime(WritingRule),
	/// Written after the deadline of the rule.
	#[codec(index = 2)]
	Late(WritingRule),
}

/// Why a record was amended (病历修改原因).
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
pub enum AmendmentReason {
	/// Correction of an error in the record (更正错误).
	#[codec(index = 0)]
	Correction,
	/// Content added to the record (补充内容).
	#[codec(index = 1)]
	Supplement,
	/// Review and revision by a senior physician (上级医师审查修改).
	#[codec(index = 2)]
	SeniorReview,
	/// Change made at the patient's request (应患者要求).
	#[codec(index = 3)]
	PatientRequest,
	/// Any other reason, documented in the institution's own system.
	#[codec(index = 4)]
	Other,
}

/// A set of record kinds, one bit per [`RecordKind`] codec index.
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
	Serialize,
	Deserialize,
)]
pub struct KindSet(pub u16);

impl KindSet {
	/// Returns the set holding only `kind`.
	pub fn of(kind: RecordKind) -> Self {
		KindSet(1u16 << kind_index(kind))
	}

	/// Returns whether the set contains `kind`.
	pub fn contains(self, kind: RecordKind) -> bool {
		self.0 & (1u16 << kind_index(kind)) != 0
	}

	/// Adds `kind` to the set.
	pub fn insert(&mut self, kind: RecordKind) {
		self.0 |= 1u16 << kind_index(kind);
	}

	/// Returns the kinds in `self` that `other` lacks.
	pub fn without(self, other: KindSet) -> KindSet {
		KindSet(self.0 & !other.0)
	}

	/// Returns whether the set is empty.
	pub fn is_empty(self) -> bool {
		self.0 == 0
	}

	/// Returns the number of kinds in the set.
	pub fn len(self) -> u32 {
		self.0.count_ones()
	}

	/// Returns the kinds in the set, in codec order.
	pub fn kinds(self) -> Vec<RecordKind> {
		RecordKind::ALL.iter().copied().filter(|kind| self.contains(*kind)).collect()
	}
}

fn kind_index(kind: RecordKind) -> u32 {
	// Every kind's code is below 14, so the shift stays inside the 16 bits.
	u32::from(kind.code())
}

/// An inclusive range of sequence numbers missing from an encounter.
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
pub struct SequenceGap {
	/// First missing sequence number.
	pub first: u32,
	/// Last missing sequence number.
	pub last: u32,
}

impl SequenceGap {
	/// Returns the number of missing sequence numbers.
	pub fn count(&self) -> u32 {
		self.last.saturating_sub(self.first).saturating_add(1)
	}

	/// Returns whether `sequence` lies in the gap.
	pub fn contains(&self, sequence: u32) -> bool {
		self.first <= sequence && sequence <= self.last
	}
}

/// The facts about one anchor that the reputation pallet scores.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct AnchorOutcome {
	/// Whether it was anchored at generation.
	pub timeliness: Timeliness,
	/// Whether the record was written within its deadline.
	pub writing: WritingStatus,
	/// Sequence numbers that this anchor showed to be missing from its encounter.
	pub new_gaps: u32,
	/// Kinds missing from an inpatient encounter that this anchor discharged.
	pub missing_kinds: u32,
}

/// The anchors of one institution in one block, summed for scoring.
///
/// Every count saturates at `u32::MAX`.
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
pub struct AnchorTally {
	/// Anchors made within the generation window.
	pub at_generation: u32,
	/// Anchors made after the generation window.
	pub late: u32,
	/// Records written within their writing deadline.
	pub written_on_time: u32,
	/// Records written after their writing deadline.
	pub written_late: u32,
	/// Sequence numbers the anchors showed to be missing from their encounters.
	pub new_gaps: u32,
	/// Kinds missing from the inpatient encounters the anchors discharged.
	pub missing_kinds: u32,
}

impl AnchorTally {
	/// Adds one anchor's outcome.
	pub fn add(&mut self, outcome: &AnchorOutcome) {
		match outcome.timeliness {
			Timeliness::AtGeneration => self.at_generation = self.at_generation.saturating_add(1),
			Timeliness::Late => self.late = self.late.saturating_add(1),
		}
		match outcome.writing {
			WritingStatus::OnTime(_) => {
				self.written_on_time = self.written_on_time.saturating_add(1)
			},
			WritingStatus::Late(_) => self.written_late = self.written_late.saturating_add(1),
			WritingStatus::NoDeadline => {},
		}
		self.new_gaps = self.new_gaps.saturating_add(outcome.new_gaps);
		self.missing_kinds = self.missing_kinds.saturating_add(outcome.missing_kinds);
	}

	/// Returns the number of anchors counted.
	pub fn anchors(&self) -> u32 {
		self.at_generation.saturating_add(self.late)
	}
}

/// Receives the anchors of each institution, summed per block, for scoring.
///
/// The anchors pallet calls it once per institution at the end of every block in which the
/// institution anchored, so that scoring costs one update per institution and block however
/// many anchors the block holds.
pub trait AnchorObserver {
	/// Called with the anchors `institution` made in the current block.
	fn on_anchors(institution: EntityId, tally: &AnchorTally);
}

impl AnchorObserver for () {
	fn on_anchors(_institution: EntityId, _tally: &AnchorTally) {}
}

/// Legal holds (封存) on records and batches: a held anchor is neither amended nor pruned.
pub trait LegalHold {
	/// Returns whether `record` is under a legal hold.
	fn is_record_held(record: &RecordId) -> bool;

	/// Returns whether `batch` is under a legal hold.
	fn is_batch_held(batch: &BatchId) -> bool;
}

/// No holds at all, for runtimes without a judicial pallet.
impl LegalHold for () {
	fn is_record_held(_record: &RecordId) -> bool {
		false
	}

	fn is_batch_held(_batch: &BatchId) -> bool {
		false
	}
}

/// The share of the base anchoring rate limit an institution gets, from its reputation tier.
pub trait RateLimitScale {
	/// Returns the institution's rate limit in per cent of the base limit: 100 is the base.
	fn percent_of_base(institution: EntityId) -> u32;
}

/// Every institution gets the base limit, for runtimes without a reputation pallet.
impl RateLimitScale for () {
	fn percent_of_base(_institution: EntityId) -> u32 {
		100
	}
}

/// A presented document's hash compared with a record's versions.
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
pub enum Verdict {
	/// The hash equals the latest version's.
	#[codec(index = 0)]
	MatchesLatest,
	/// The hash equals an earlier version's: the record was amended since.
	#[codec(index = 1)]
	MatchesEarlierVersion,
	/// The record is anchored, but no version has this hash.
	#[codec(index = 2)]
	Mismatch,
	/// No record with this id is anchored (never, or pruned after its retention period).
	#[codec(index = 3)]
	NotAnchored,
}

/// The outcome of a verification, with the timing facts of the version that matched.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize)]
pub struct Verification {
	/// The verdict.
	pub verdict: Verdict,
	/// The matching version, if any.
	pub version: Option<VersionIndex>,
	/// Whether the matching version was anchored at generation.
	pub timeliness: Option<Timeliness>,
	/// Whether the matching version was written within its deadline.
	pub writing: Option<WritingStatus>,
	/// Number of versions the record has; 0 when it is not anchored.
	pub versions: u32,
}

/// The result of checking a batch inclusion proof.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum ProofStatus {
	/// The leaf is a member of the batch at the given index.
	Valid,
	/// The proof is well formed but does not lead to the batch's root.
	Invalid,
	/// The proof has the wrong number of hashes for the index and the batch's size.
	WrongProofLength,
	/// The index is not below the batch's leaf count.
	IndexOutOfRange,
	/// No batch with this id is anchored.
	BatchNotFound,
}

/// One version of a record as the runtime API returns it.
#[derive(
	Clone,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct VersionView<BlockNumber> {
	/// The version's number, 0 for the first anchor.
	pub index: VersionIndex,
	/// The hash of this version's content.
	pub content_hash: ContentHash,
	/// When the source system generated this version.
	pub generated_at: Millis,
	/// Timestamp of the block that anchored it.
	pub anchored_at: Millis,
	/// Number of the block that anchored it.
	pub block: BlockNumber,
	/// `anchored_at` minus `generated_at`, zero when the source clock ran ahead.
	pub delay: Millis,
	/// Whether it was anchored at generation.
	pub timeliness: Timeliness,
	/// The clinical event it documents, if the anchor named one.
	pub event: Option<EventTime>,
	/// Whether it was written within its deadline.
	pub writing: WritingStatus,
	/// The reason for the amendment; `None` for the first version.
	pub amendment: Option<AmendmentReason>,
	/// The evidence storage platform that submitted it for the institution, if any.
	pub via_platform: Option<EntityId>,
}

/// A record with every version, as the runtime API returns it.
#[derive(
	Clone,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct RecordView<BlockNumber> {
	/// The record's id.
	pub id: RecordId,
	/// The institution that owns it.
	pub institution: EntityId,
	/// The patient reference.
	pub patient: PatientRef,
	/// The encounter reference.
	pub encounter: EncounterRef,
	/// The encounter's class.
	pub class: EncounterClass,
	/// The record's sequence number in its encounter.
	pub sequence: u32,
	/// The record's kind.
	pub kind: RecordKind,
	/// Its versions, oldest first.
	pub versions: Vec<VersionView<BlockNumber>>,
}

/// An encounter as the runtime API returns it.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize)]
pub struct EncounterView {
	/// The institution.
	pub institution: EntityId,
	/// The encounter reference.
	pub encounter: EncounterRef,
	/// The patient reference of its records.
	pub patient: PatientRef,
	/// Its class.
	pub class: EncounterClass,
	/// The sequence number after the highest one anchored.
	pub next_sequence: u32,
	/// Sequence numbers below `next_sequence` that no record holds.
	pub gaps: Vec<SequenceGap>,
	/// Kinds anchored in the encounter.
	pub kinds: Vec<RecordKind>,
	/// Kinds an inpatient encounter must contain and still lacks; empty for other classes.
	pub missing_kinds: Vec<RecordKind>,
	/// Kinds that were missing when the first discharge record was anchored; `None` before
	/// discharge and for other classes.
	pub missing_at_discharge: Option<Vec<RecordKind>>,
	/// Number of records anchored in the encounter and still in state.
	pub records: u32,
	/// Timestamp of the encounter's latest anchor, from which retention counts.
	pub last_anchor_at: Millis,
}

/// A batch anchor as the runtime API returns it.
#[derive(
	Clone,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct BatchView<BlockNumber> {
	/// The batch's id.
	pub id: BatchId,
	/// The institution that owns it.
	pub institution: EntityId,
	/// Kind of its members.
	pub kind: RecordKind,
	/// Encounter class that decides its retention period.
	pub class: EncounterClass,
	/// Patient reference of its members, if they belong to one patient.
	pub patient: Option<PatientRef>,
	/// The Merkle root, with the tree's hash algorithm.
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
	/// Whether the latest member was anchored at generation.
	pub timeliness: Timeliness,
	/// The evidence storage platform that submitted it for the institution, if any.
	pub via_platform: Option<EntityId>,
}

/// One page of record ids.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize)]
pub struct RecordPage {
	/// Record ids of the page, in anchoring order.
	pub records: Vec<RecordId>,
	/// Cursor to pass for the next page; `None` on the last page.
	pub next: Option<u32>,
}

/// An anchor in the per-institution index.
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
pub enum AnchorRef {
	/// The first version of a record.
	#[codec(index = 0)]
	Record(RecordId),
	/// A later version of a record.
	#[codec(index = 1)]
	Amendment(RecordId, VersionIndex),
	/// A batch.
	#[codec(index = 2)]
	Batch(BatchId),
}

/// Anchors of an institution in a range of blocks.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize)]
pub struct InstitutionAnchors<BlockNumber> {
	/// The anchors found, with their block, oldest first.
	pub anchors: Vec<(BlockNumber, AnchorRef)>,
	/// First block not yet searched, because the page filled up or the search reached the
	/// runtime API's block limit. `None` when the whole range was searched.
	pub next_block: Option<BlockNumber>,
}
