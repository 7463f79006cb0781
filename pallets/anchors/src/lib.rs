//! # Anchors pallet
//!
//! Anchors (上链存证) of electronic medical records. The pallet stores the hash of every record
//! at the moment it is generated, each later amendment as a new version, and Merkle roots of
//! high-volume streams. It also records the facts a court needs to judge them: anchoring
//! delay, writing deadlines, gaps in an encounter's numbering and kinds missing at discharge.
//!
//! ## Overview
//!
//! A hospital's EMR system (a gateway account) anchors each record as soon as it is written.
//! The anchor names the record's id, a salted patient reference, the encounter it belongs to
//! and its sequence number there, its kind, the hash of its content and its generation time. The chain
//! adds the block's time and number and classifies the anchor as made at generation
//! (生成即上链) or late (事后上链). An amendment (病历修改) adds a version and keeps every
//! earlier one. Monitors and other devices anchor one Merkle root per batch of readings.
//!
//! Anchors are kept for the retention period of their encounter class (15 years for
//! outpatient and emergency records, 30 for inpatient ones, by default) and then pruned from
//! state in idle block time, unless a legal hold (封存) protects them. The blocks keep the
//! history.
//!
//! ## Terminology
//!
//! - **Record id**: 32 bytes chosen by the institution, normally the hash of its local id.
//! - **Patient reference** and **encounter reference**: 32-byte salted commitments; the salts
//!   stay with the institution and the patient, so the chain holds no personal data.
//! - **Generation window** (`GenerationWindow`): the anchoring delay up to which an anchor
//!   counts as made at generation; a delay exactly equal to the window still counts.
//! - **Writing deadline**: how soon after a clinical event the medical-record writing rules
//!   (病历书写基本规范) require its record: first progress note 8 hours after admission,
//!   admission record 24 hours, operation record 24 hours after the operation, rescue record
//!   6 hours, discharge record 24 hours. The health authority may change each.
//! - **Encounter**: one outpatient visit, emergency visit or inpatient stay. Its records are
//!   numbered from 1; a number skipped is recorded as a gap, and a record anchored later
//!   with that number fills it.
//! - **Batch**: a Merkle root over records of one stream, each member proven later with an
//!   inclusion proof.
//!
//! ## Assumptions
//!
//! - `generated_at` is the source system's claim. The chain rejects claims more than
//!   `MaxClockDrift` ahead of the block time and records the delay for everything else.
//! - A successful anchor costs nothing: the transaction fee is withdrawn on inclusion and
//!   refunded in full. A rejected anchor keeps paying it, so a gateway cannot fill blocks
//!   with failing calls for free. A gateway account therefore needs a balance that covers
//!   the fee of its largest call.

#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]
// Runtime code must not panic; tests may.
#![cfg_attr(
	not(test),
	deny(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::unwrap_used)
)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use medanchor_primitives::{
	anchors::{
		AmendmentReason, AnchorObserver, AnchorOutcome, AnchorRef, AnchorTally, BatchId,
		ClinicalEvent, EncounterClass, EventTime, KindSet, LegalHold, Millis, RateLimitScale,
		SequenceGap, Timeliness, VersionIndex, WritingRule, WritingStatus,
	},
	institutions::{AccountRole, EntityId, EntityKind, InstitutionRegistry},
	records::{ContentHash, EncounterRef, HashAlgorithm, PatientRef, RecordId, RecordKind},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	dispatch::PostDispatchInfo,
	pallet_prelude::*,
	traits::{EnsureOrigin, UnixTime},
	weights::WeightMeter,
};
use frame_system::pallet_prelude::*;
use sp_runtime::{ArithmeticError, SaturatedConversion};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::anchors";

/// A record as stored by this pallet.
pub type RecordOf<T> = RecordInfo<BlockNumberFor<T>, <T as Config>::MaxVersions>;

/// An encounter as stored by this pallet.
pub type EncounterOf<T> = EncounterInfo<<T as Config>::MaxGapsPerEncounter>;

/// A batch as stored by this pallet.
pub type BatchOf<T> = BatchInfo<BlockNumberFor<T>>;

/// An institution's anchors in one block, as stored by this pallet.
pub type BlockUsageOf<T> = BlockUsageInfo<BlockNumberFor<T>>;

/// Runtime set-up for the benchmarks, beyond this pallet's `Config`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an active institution and an evidence storage platform that the institution
	/// delegated anchoring to. Returns the institution's id and the platform's gateway and
	/// device accounts.
	fn delegated_platform(seed: u32) -> (EntityId, AccountId, AccountId);

	/// Sets the block time, in milliseconds since the Unix epoch.
	fn set_time(at: Millis);
}

/// Which account roles a call accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Submitter {
	/// Gateway accounts only: records and amendments.
	Gateway,
	/// Gateway or device accounts: batches.
	GatewayOrDevice,
}

/// The entity an anchor is made for, and the platform that made it on the entity's behalf.
struct Acting {
	institution: EntityId,
	via_platform: Option<EntityId>,
}

impl Acting {
	/// Returns the reads that the benchmarks count and an anchor made this way does not pay.
	fn unread(&self) -> u32 {
		unread_reads(self.via_platform)
	}
}

/// Returns the reads that the benchmarks count and an anchor made through `via_platform`
/// does not pay. The timestamp inherent writes the block's time before any anchor, so that
/// read is served from the block's overlay. The benchmarks act through a delegated
/// platform. Without a platform, the institution's registry entry and the delegation are
/// not read.
fn unread_reads(via_platform: Option<EntityId>) -> u32 {
	if via_platform.is_some() {
		1
	} else {
		3
	}
}

// Calls take each detail as its own argument, so polkadot.js shows one labelled field each.
#[allow(clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Configuration of the anchors pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The registry of entities: the entity each account acts for, and whether
		/// institutions and delegations are active.
		type Registry: InstitutionRegistry<Self::AccountId>;

		/// The block time, from the timestamp pallet.
		type Time: UnixTime;

		/// Legal holds on records and batches, from the judicial pallet.
		type Holds: LegalHold;

		/// Weight of one call of `Holds`, at its worst case; this pallet's own benchmarks run
		/// without holds.
		type HoldCheckWeight: Get<Weight>;

		/// Each institution's share of the base rate limit, from its reputation tier.
		type RateLimit: RateLimitScale;

		/// Receives every anchor, for reputation scoring.
		type Observer: AnchorObserver;

		/// Origin that sets writing deadlines and retention periods: the health authority.
		type ParameterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Largest anchoring delay, in milliseconds, at which an anchor still counts as made
		/// at generation.
		#[pallet::constant]
		type GenerationWindow: Get<Millis>;

		/// Maximum time, in milliseconds, that `generated_at` may lie ahead of the block time;
		/// an anchor further ahead is rejected.
		#[pallet::constant]
		type MaxClockDrift: Get<Millis>;

		/// Anchors an institution may make per block at the base tier; records, amendments
		/// and batches count one each.
		#[pallet::constant]
		type BaseRateLimit: Get<u32>;

		/// Maximum number of records in one `anchor_records` call.
		#[pallet::constant]
		type MaxRecordsPerCall: Get<u32>;

		/// Maximum number of versions of a record, the first one included.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// Maximum number of separate gaps in one encounter's numbering.
		#[pallet::constant]
		type MaxGapsPerEncounter: Get<u32>;

		/// Maximum number of leaves in one batch.
		#[pallet::constant]
		type MaxBatchLeaves: Get<u32>;

		/// Maximum number of entries a runtime API page returns, and of blocks one
		/// institution-range query searches.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// Maximum number of institutions that may anchor in one block. Each institution's
		/// first anchor in a block pays for reporting the block's anchors to `Observer`, so
		/// a bound above what block weight admits never rejects an anchor.
		#[pallet::constant]
		type MaxInstitutionsPerBlock: Get<u32>;

		/// Weights of this pallet's calls and of pruning.
		type WeightInfo: WeightInfo;

		/// Sets up institutions and block times for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The in-code storage version.
	// NOTE: version 0 covers four layouts of the indexes: one entry per record, pages of 32,
	// then a patient's filling page kept with the count in `PatientIndexHeads`, and since
	// then an encounter's first page kept in its `Encounters` entry. It also covers two
	// layouts of `Records`: with the patient, the class and fixed-width integers, and now
	// without them. There is no migration between them, since no chain runs the pallet. On a
	// chain with entries of an earlier layout they would not decode: queries would report
	// such records as not anchored while the indexes still list their ids.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// The anchors pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Anchored records with all their versions.
	// Blake2 because record ids are chosen by institutions.
	// NOTE: a record adds about 340 bytes of state: 221 here, about 37 in each of the
	// patient's and the institution's index, 32 in its encounter's list and its share of the
	// encounter and queue entries. Reaching 200 bytes needs
	// a compact value here, a patient index by encounter and the institution index given up
	// for block bodies (see docs/benchmarks.md).
	#[pallet::storage]
	pub type Records<T: Config> = StorageMap<_, Blake2_128Concat, RecordId, RecordOf<T>>;

	/// Encounters by institution and encounter reference.
	#[pallet::storage]
	pub type Encounters<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EntityId, Blake2_128Concat, EncounterRef, EncounterOf<T>>;

	/// Records listed under each encounter, by page of sequence numbers: page `p` holds the
	/// records numbered `32p` to `32p + 31`, in anchoring order. Page 0 is kept in the
	/// encounter's entry instead, so only pages from 1 are stored here. Pruning follows this
	/// list; an empty page is removed.
	#[pallet::storage]
	pub type EncounterRecords<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, EntityId>,
			NMapKey<Blake2_128Concat, EncounterRef>,
			NMapKey<Twox64Concat, u32>,
		),
		BoundedVec<RecordId, IndexPageSize>,
	>;

	/// Full pages of each patient reference's records, in anchoring order, by page of 32
	/// positions. A pruned record leaves `None` at its position; a page without records is
	/// removed.
	#[pallet::storage]
	pub type PatientRecords<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		PatientRef,
		Twox64Concat,
		u32,
		BoundedVec<Option<RecordId>, IndexPageSize>,
	>;

	/// The number of positions each patient's index has used and the page still filling.
	#[pallet::storage]
	pub type PatientIndexHeads<T: Config> =
		StorageMap<_, Blake2_128Concat, PatientRef, PatientIndexHead>;

	/// Anchors of each institution by block, for courts' range queries, by page of 32
	/// positions in the block. A pruned anchor leaves `None`; a page without anchors is
	/// removed.
	#[pallet::storage]
	pub type InstitutionAnchors<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, EntityId>,
			NMapKey<Twox64Concat, BlockNumberFor<T>>,
			NMapKey<Twox64Concat, u32>,
		),
		BoundedVec<Option<AnchorRef>, IndexPageSize>,
	>;

	/// Anchors each institution made in its latest anchoring block, with their findings.
	#[pallet::storage]
	pub type BlockUsage<T: Config> = StorageMap<_, Twox64Concat, EntityId, BlockUsageOf<T>>;

	/// Institutions that anchored in the current block, in the order of their first anchor;
	/// their findings are reported to `Observer` when the block ends. Empty between blocks.
	#[pallet::storage]
	pub type Unreported<T: Config> =
		StorageValue<_, BoundedVec<EntityId, T::MaxInstitutionsPerBlock>, ValueQuery>;

	/// Anchored batches.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Blake2_128Concat, BatchId, BatchOf<T>>;

	/// Writing deadlines in force.
	#[pallet::storage]
	pub type WritingDeadlines<T: Config> = StorageValue<_, DeadlinePolicy, ValueQuery>;

	/// Retention periods in force.
	#[pallet::storage]
	pub type RetentionPeriods<T: Config> = StorageValue<_, RetentionPolicy, ValueQuery>;

	/// Items waiting for their retention period to end, by class, day of their latest anchor
	/// and position.
	#[pallet::storage]
	pub type PruneQueue<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, EncounterClass>,
			NMapKey<Twox64Concat, u32>,
			NMapKey<Twox64Concat, u32>,
		),
		PruneItem,
	>;

	/// Number of items queued for each class and day.
	#[pallet::storage]
	pub type PruneQueueLength<T: Config> =
		StorageMap<_, Twox64Concat, (EncounterClass, u32), u32, ValueQuery>;

	/// How far pruning has worked through each class's queue; absent until something of the
	/// class is queued.
	#[pallet::storage]
	pub type PruneCursors<T: Config> = StorageMap<_, Twox64Concat, EncounterClass, PruneCursor>;

	/// Genesis configuration: the writing deadlines and retention periods in force at block 0.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Writing deadlines; the medical-record writing rules' values by default.
		pub writing_deadlines: DeadlinePolicy,
		/// Retention periods; the medical-record management rules' values by default.
		pub retention_periods: RetentionPolicy,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for rule in WritingRule::ALL {
				let deadline = self.writing_deadlines.get(rule);
				if let Err(error) = Pallet::<T>::check_deadline(deadline) {
					panic!("anchors genesis: writing deadline of {rule:?} is invalid: {error:?}");
				}
			}
			for class in EncounterClass::ALL {
				let days = self.retention_periods.get(class);
				if let Err(error) = Pallet::<T>::check_retention(days) {
					panic!("anchors genesis: retention period of {class:?} is invalid: {error:?}");
				}
			}
			WritingDeadlines::<T>::put(self.writing_deadlines);
			RetentionPeriods::<T>::put(self.retention_periods);
		}
	}

	/// Events of the anchors pallet. They carry ids, hashes and times, never personal data.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The first version of a record was anchored.
		RecordAnchored {
			/// The institution that owns the record.
			institution: EntityId,
			/// The record.
			record: RecordId,
			/// The record's kind.
			kind: RecordKind,
			/// The record's encounter.
			encounter: EncounterRef,
			/// Its sequence number in the encounter.
			sequence: u32,
			/// The hash of its content.
			content_hash: ContentHash,
			/// Anchoring delay in milliseconds.
			delay: Millis,
			/// Whether it was anchored at generation.
			timeliness: Timeliness,
			/// Whether it was written within its deadline.
			writing: WritingStatus,
			/// The platform that submitted it, if not the institution.
			via_platform: Option<EntityId>,
		},
		/// A record was amended with a new version.
		RecordAmended {
			/// The institution that owns the record.
			institution: EntityId,
			/// The record.
			record: RecordId,
			/// The new version's number.
			version: VersionIndex,
			/// The hash of the new version's content.
			content_hash: ContentHash,
			/// The reason for the amendment.
			reason: AmendmentReason,
			/// Anchoring delay of the new version in milliseconds.
			delay: Millis,
			/// Whether the new version was anchored at generation.
			timeliness: Timeliness,
			/// Whether the new version was written within its deadline.
			writing: WritingStatus,
			/// The platform that submitted it, if not the institution.
			via_platform: Option<EntityId>,
		},
		/// A batch root was anchored.
		BatchAnchored {
			/// The institution that owns the batch.
			institution: EntityId,
			/// The batch.
			batch: BatchId,
			/// The Merkle root and its hash function.
			root: ContentHash,
			/// Number of leaves.
			leaf_count: u32,
			/// Anchoring delay of the latest member in milliseconds.
			delay: Millis,
			/// Whether the latest member was anchored at generation.
			timeliness: Timeliness,
			/// The device or gateway account that submitted it.
			submitter: T::AccountId,
			/// The platform that submitted it, if not the institution.
			via_platform: Option<EntityId>,
		},
		/// Sequence numbers were skipped in an encounter: records that exist at the
		/// institution but were not anchored, or were withheld or deleted.
		SequenceGapRecorded {
			/// The institution.
			institution: EntityId,
			/// The encounter.
			encounter: EncounterRef,
			/// First missing number.
			first: u32,
			/// Last missing number.
			last: u32,
		},
		/// A record filled a gap in its encounter's numbering.
		SequenceGapFilled {
			/// The institution.
			institution: EntityId,
			/// The encounter.
			encounter: EncounterRef,
			/// The number that is no longer missing.
			sequence: u32,
		},
		/// The first discharge record of an inpatient encounter was anchored, and the
		/// encounter was checked for the kinds it must contain.
		EncounterDischarged {
			/// The institution.
			institution: EntityId,
			/// The encounter.
			encounter: EncounterRef,
			/// The discharge record.
			record: RecordId,
			/// Kinds the encounter lacked; empty when it was complete.
			missing_kinds: BoundedVec<RecordKind, ConstU32<14>>,
		},
		/// A record's retention period ended and the record left state.
		RecordPruned {
			/// The institution that owned it.
			institution: EntityId,
			/// The record.
			record: RecordId,
		},
		/// A batch's retention period ended and the batch left state.
		BatchPruned {
			/// The institution that owned it.
			institution: EntityId,
			/// The batch.
			batch: BatchId,
		},
		/// A writing deadline was changed; anchors made earlier keep their classification.
		WritingDeadlineSet {
			/// The rule.
			rule: WritingRule,
			/// The new deadline in milliseconds after the event.
			deadline: Millis,
		},
		/// A retention period was changed; it applies to anchors already stored.
		RetentionPeriodSet {
			/// The encounter class.
			class: EncounterClass,
			/// The new period in days after the encounter's latest anchor.
			days: u32,
		},
	}

	/// Errors of the anchors pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The signer is not a gateway or device account of any entity: it was never added, or
		/// it was removed.
		NotAnOperator,
		/// The signer's role may not make this call: records and amendments come from gateway
		/// accounts, batches from gateway or device accounts.
		WrongRole,
		/// An evidence storage platform anchored without naming the institution it acts for.
		InstitutionRequired,
		/// The named entity is an evidence storage platform, not a medical institution.
		NotAnInstitution,
		/// No entity has the named id.
		InstitutionNotFound,
		/// The named institution, or the entity the signer acts for, is suspended or revoked.
		InstitutionNotActive,
		/// The named institution has not delegated anchoring to the signer's platform, or the
		/// signer belongs to another institution.
		NotDelegated,
		/// The record belongs to another institution.
		NotRecordOwner,
		/// A record with this id is already anchored; amend it instead.
		RecordAlreadyAnchored,
		/// No record with this id is anchored.
		RecordNotFound,
		/// A batch with this id is already anchored.
		BatchAlreadyAnchored,
		/// The sequence number is 0 or `u32::MAX`; records are numbered from 1.
		InvalidSequence,
		/// Another record of the encounter already has this sequence number.
		SequenceAlreadyUsed,
		/// The encounter's numbering would have more than `MaxGapsPerEncounter` separate gaps:
		/// the record skips numbers when the limit is reached, or takes a number from the
		/// middle of a gap, splitting it in two, at the limit. Fill a number at either end of
		/// a gap first.
		TooManyGaps,
		/// The encounter was first anchored with another patient reference.
		EncounterPatientMismatch,
		/// The encounter was first anchored with another encounter class.
		EncounterClassMismatch,
		/// `generated_at` lies more than `MaxClockDrift` after the block time; check the
		/// source system's clock.
		GeneratedInFuture,
		/// The clinical event happened after the record was generated.
		EventAfterGeneration,
		/// The digest's length is not the 32 bytes of the named algorithm.
		UnsupportedDigestLength,
		/// The amendment names a version the record does not have.
		PreviousVersionNotFound,
		/// The amendment names a version that a later one already superseded; amend the latest.
		PreviousVersionSuperseded,
		/// The amendment's `generated_at` is earlier than that of the version it amends.
		AmendmentPredatesPrevious,
		/// The record is under a legal hold (封存) and may not be amended.
		RecordHeld,
		/// The record already has `MaxVersions` versions.
		TooManyVersions,
		/// `anchor_records` was called with no record.
		NoRecords,
		/// `anchor_records` was called with more than `MaxRecordsPerCall` records.
		TooManyRecords,
		/// The batch has no leaves.
		EmptyBatch,
		/// The batch has more than `MaxBatchLeaves` leaves.
		TooManyLeaves,
		/// The batch's first member was generated after its last one.
		InvalidBatchTimes,
		/// The institution used up its anchors for this block; submit in a later block.
		RateLimitExceeded,
		/// `MaxInstitutionsPerBlock` institutions already anchored in this block; submit in a
		/// later block.
		TooManyInstitutionsInBlock,
		/// The index position the anchor would take is already taken. Positions come from
		/// counters kept in state, so the pallet's state is inconsistent; `try_state` names
		/// the fault.
		IndexPositionTaken,
		/// A writing deadline must be between 1 millisecond and 30 days.
		InvalidDeadline,
		/// A retention period must be between 1 and 36,525 days (100 years).
		InvalidRetentionPeriod,
		/// The record's retention period ended while a legal hold kept it. It has left its
		/// encounter and is removed once no hold keeps it, so it takes no new version.
		RecordRetentionEnded,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		// Reporting a block's anchors costs a fixed part, charged here, and a part per
		// institution, charged to the institution's first anchor of the block.
		fn on_initialize(_block: BlockNumberFor<T>) -> Weight {
			T::WeightInfo::report_anchors(0)
		}

		fn on_finalize(_block: BlockNumberFor<T>) {
			Self::report_anchors();
		}

		fn on_idle(_block: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::prune_expired(remaining)
		}

		fn integrity_test() {
			assert!(T::BaseRateLimit::get() > 0, "BaseRateLimit must allow an anchor");
			assert!(T::MaxRecordsPerCall::get() > 0, "MaxRecordsPerCall must be positive");
			assert!(
				T::MaxVersions::get() > 0 && T::MaxVersions::get() <= u32::from(u16::MAX),
				"MaxVersions must be between 1 and 65535"
			);
			assert!(T::MaxGapsPerEncounter::get() > 0, "MaxGapsPerEncounter must be positive");
			assert!(T::MaxBatchLeaves::get() > 0, "MaxBatchLeaves must be positive");
			assert!(T::MaxPageSize::get() > 0, "MaxPageSize must be positive");
			assert!(
				T::MaxInstitutionsPerBlock::get() > 0,
				"MaxInstitutionsPerBlock must be positive"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Anchors the first version of a record.
		///
		/// The chain stores the record with the block's number and timestamp, the anchoring
		/// delay and its classification (at generation or late), and the writing-deadline
		/// status when the record names a clinical event. It tracks the record's sequence
		/// number in its encounter and records any numbers skipped. The first discharge
		/// record of an inpatient encounter triggers a check for missing kinds.
		///
		/// Origin: a gateway account of an active institution, or of an evidence storage
		/// platform that names an institution which delegated anchoring to it.
		///
		/// Fees: the normal fee is withdrawn on inclusion and refunded in full when the call
		/// succeeds; a rejected call keeps paying it.
		///
		/// # Events
		/// - `RecordAnchored`; `SequenceGapRecorded` or `SequenceGapFilled` when the numbering
		///   changes; `EncounterDischarged` for the first inpatient discharge record.
		///
		/// # Errors
		/// - `NotAnOperator`, `WrongRole`, `InstitutionRequired`, `NotAnInstitution`,
		///   `InstitutionNotFound`, `InstitutionNotActive`, `NotDelegated`: see the error docs.
		/// - `GeneratedInFuture`, `EventAfterGeneration`, `UnsupportedDigestLength`: bad times
		///   or hash.
		/// - `RecordAlreadyAnchored`, `InvalidSequence`, `SequenceAlreadyUsed`, `TooManyGaps`,
		///   `EncounterPatientMismatch`, `EncounterClassMismatch`: the record does not fit.
		/// - `RateLimitExceeded`: the institution's anchors for this block are used up.
		/// - `TooManyInstitutionsInBlock`: too many institutions anchored in this block.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::anchor_record().saturating_add(Pallet::<T>::report_weight()))]
		pub fn anchor_record(
			origin: OriginFor<T>,
			institution: Option<EntityId>,
			record: NewRecord,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let acting = Self::acting_for(&who, institution, Submitter::Gateway)?;
			let path = Self::do_anchor_record(&acting, record)?;
			Ok(Self::charged(T::WeightInfo::anchor_record(), path, u32::from(!path.queued)))
		}

		/// Anchors the first versions of several records in one call, all or none.
		///
		/// Each record is handled as by `anchor_record`, in order. If any is rejected, none is
		/// stored, and the error is that of the first rejected record.
		///
		/// Origin and fees: as `anchor_record`; every record counts against the rate limit.
		///
		/// # Events
		/// - The events of `anchor_record` for each record.
		///
		/// # Errors
		/// - `NoRecords`, `TooManyRecords`: the list is empty or longer than
		///   `MaxRecordsPerCall`.
		/// - Every error of `anchor_record`.
		///
		/// ## Complexity
		/// - O(n) in the number of records.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::anchor_records_weight(
			(records.len() as u32).min(T::MaxRecordsPerCall::get())
		).saturating_add(Pallet::<T>::report_weight()))]
		pub fn anchor_records(
			origin: OriginFor<T>,
			institution: Option<EntityId>,
			records: Vec<NewRecord>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(!records.is_empty(), Error::<T>::NoRecords);
			let records: BoundedVec<NewRecord, T::MaxRecordsPerCall> =
				records.try_into().map_err(|_| Error::<T>::TooManyRecords)?;
			let count = records.len() as u32;
			let acting = Self::acting_for(&who, institution, Submitter::Gateway)?;
			let mut first = false;
			let mut own_spared = 0u32;
			let mut pages_opened = 0u32;
			let mut classes = Vec::new();
			for (position, record) in records.into_iter().enumerate() {
				if !classes.contains(&record.class) {
					classes.push(record.class);
				}
				let path = Self::do_anchor_record(&acting, record)?;
				first |= path.first;
				own_spared = own_spared.saturating_add(path.own_spared);
				if position > 0 && path.opened_page {
					pages_opened = pages_opened.saturating_add(1);
				}
			}
			// Records of one call share the queue's length and cursor, so a record that queues
			// nothing saves less than `enqueue`: the call is charged as if every record queued.
			// Its benchmark gives each record an encounter and a patient of its own, and counts
			// each entry once however many records wrote it. So of the shared entries that
			// earlier extrinsics wrote, only the institution's block usage is left out, because
			// every call reads and writes it. Each record's own spared entries are left out
			// too, those that an earlier record of the call wrote included.
			let path = AnchorPath {
				first,
				queued: true,
				spared: own_spared.saturating_add(u32::from(!first)),
				own_spared,
				unread: acting.unread(),
				opened_page: false,
			};
			let classes = u32::try_from(classes.len()).unwrap_or(u32::MAX);
			let benchmarked = Self::anchor_records_extra(count, pages_opened, classes);
			Ok(Self::charged(benchmarked, path, 0))
		}

		/// Anchors a new version of a record (病历修改), naming the version it replaces.
		///
		/// Earlier versions stay in state; the record's latest version becomes the new one.
		///
		/// Origin: a gateway account of the institution that owns the record, or of a
		/// platform the institution delegated anchoring to.
		///
		/// Fees: the normal fee is withdrawn on inclusion and refunded in full when the call
		/// succeeds; a rejected call keeps paying it.
		///
		/// # Events
		/// - `RecordAmended`.
		///
		/// # Errors
		/// - `NotAnOperator`, `WrongRole`, `NotDelegated`, `NotRecordOwner`,
		///   `InstitutionNotActive`: the signer may not amend this record, or the platform's
		///   institution is suspended or revoked.
		/// - `RecordNotFound`, `PreviousVersionNotFound`, `PreviousVersionSuperseded`: the
		///   record or version named does not fit.
		/// - `GeneratedInFuture`, `EventAfterGeneration`, `AmendmentPredatesPrevious`,
		///   `UnsupportedDigestLength`: bad times or hash.
		/// - `RecordHeld`: the record is sealed.
		/// - `RecordRetentionEnded`: the record's retention ended while a seal kept it.
		/// - `TooManyVersions`, `RateLimitExceeded`, `TooManyInstitutionsInBlock`: limits
		///   reached.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::amend_record()
				.saturating_add(T::HoldCheckWeight::get())
				.saturating_add(Pallet::<T>::report_weight())
		)]
		pub fn amend_record(
			origin: OriginFor<T>,
			record: RecordId,
			previous: VersionIndex,
			content_hash: SubmittedHash,
			generated_at: Millis,
			reason: AmendmentReason,
			event: Option<EventTime>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let path = Self::do_amend_record(
				&who,
				record,
				previous,
				content_hash,
				generated_at,
				reason,
				event,
			)?;
			let benchmarked =
				T::WeightInfo::amend_record().saturating_add(T::HoldCheckWeight::get());
			Ok(Self::charged(benchmarked, path, u32::from(!path.queued)))
		}

		/// Anchors the Merkle root of a batch of records from one stream.
		///
		/// Members are proven later with an inclusion proof against the root. Timeliness is
		/// judged by the latest member's `generated_at`, since a batch waits for its last
		/// member by design.
		///
		/// Origin: a gateway or device account of an active institution, or of a platform
		/// that names an institution which delegated anchoring to it.
		///
		/// Fees: the normal fee is withdrawn on inclusion and refunded in full when the call
		/// succeeds; a rejected call keeps paying it.
		///
		/// # Events
		/// - `BatchAnchored`.
		///
		/// # Errors
		/// - `NotAnOperator`, `WrongRole`, `InstitutionRequired`, `NotAnInstitution`,
		///   `InstitutionNotFound`, `InstitutionNotActive`, `NotDelegated`: see the error docs.
		/// - `EmptyBatch`, `TooManyLeaves`, `InvalidBatchTimes`, `GeneratedInFuture`,
		///   `UnsupportedDigestLength`: the batch is malformed.
		/// - `BatchAlreadyAnchored`, `RateLimitExceeded`, `TooManyInstitutionsInBlock`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::anchor_batch().saturating_add(Pallet::<T>::report_weight()))]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			institution: Option<EntityId>,
			batch: NewBatch,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let acting = Self::acting_for(&who, institution, Submitter::GatewayOrDevice)?;
			let path = Self::do_anchor_batch(&who, &acting, batch)?;
			Ok(Self::charged(T::WeightInfo::anchor_batch(), path, 0))
		}

		/// Sets the writing deadline of one rule.
		///
		/// Records anchored earlier keep the classification they received.
		///
		/// Origin: `ParameterOrigin` (the health authority). Fees: normal.
		///
		/// # Events
		/// - `WritingDeadlineSet`.
		///
		/// # Errors
		/// - `InvalidDeadline`: zero or longer than 30 days.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_writing_deadline())]
		pub fn set_writing_deadline(
			origin: OriginFor<T>,
			rule: WritingRule,
			deadline: Millis,
		) -> DispatchResult {
			T::ParameterOrigin::ensure_origin(origin)?;
			Self::check_deadline(deadline)?;
			WritingDeadlines::<T>::mutate(|policy| policy.set(rule, deadline));
			Self::deposit_event(Event::WritingDeadlineSet { rule, deadline });
			Ok(())
		}

		/// Sets the retention period of one encounter class.
		///
		/// The period applies to anchors already stored: shortening it lets pruning reach
		/// them sooner.
		///
		/// Origin: `ParameterOrigin` (the health authority). Fees: normal.
		///
		/// # Events
		/// - `RetentionPeriodSet`.
		///
		/// # Errors
		/// - `InvalidRetentionPeriod`: zero or longer than 100 years.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_retention_period())]
		pub fn set_retention_period(
			origin: OriginFor<T>,
			class: EncounterClass,
			days: u32,
		) -> DispatchResult {
			T::ParameterOrigin::ensure_origin(origin)?;
			Self::check_retention(days)?;
			RetentionPeriods::<T>::mutate(|policy| policy.set(class, days));
			Self::deposit_event(Event::RetentionPeriodSet { class, days });
			Ok(())
		}
	}
}

/// Maximum writing deadline the health authority may set: 30 days.
pub const MAX_DEADLINE: Millis = 30 * MILLIS_PER_DAY_U64;

/// Maximum retention period the health authority may set: 100 years of 365.25 days.
pub const MAX_RETENTION_DAYS: u32 = 36_525;

const MILLIS_PER_DAY_U64: Millis = medanchor_primitives::anchors::MILLIS_PER_DAY;

// Public API for other pallets and the runtime.
impl<T: Config> Pallet<T> {
	/// Returns the record stored under `id`.
	pub fn record(id: &RecordId) -> Option<RecordOf<T>> {
		Records::<T>::get(id)
	}

	/// Returns the patient and the class of `record`: its own copy once it left its
	/// encounter, otherwise its encounter's. `None` only if the encounter that lists the
	/// record is missing, which `try_state` reports.
	pub fn facts_of(record: &RecordOf<T>) -> Option<EncounterFacts> {
		match record.unlisted {
			Some(facts) => Some(facts),
			None => Encounters::<T>::get(record.institution, record.encounter)
				.map(|encounter| encounter.facts()),
		}
	}

	/// Returns the current block's timestamp in milliseconds.
	pub fn now_millis() -> Millis {
		T::Time::now().as_millis().saturated_into()
	}

	/// Returns how many anchors `institution` may make per block.
	pub fn rate_limit(institution: EntityId) -> u32 {
		let scaled = u64::from(T::BaseRateLimit::get())
			.saturating_mul(u64::from(T::RateLimit::percent_of_base(institution)))
			.checked_div(100)
			.unwrap_or_default();
		u32::try_from(scaled).unwrap_or(u32::MAX)
	}

	/// Checks every invariant of the pallet's storage:
	///
	/// - every record has at least one version, its versions' generation times and blocks
	///   never decrease, and it points to a registered institution;
	/// - every record sits at its position in its patient's index, and every record that
	///   index lists exists, at a position below the patient's count;
	/// - every encounter's gaps are ascending, disjoint, non-empty and below its next sequence
	///   number, and its record count equals the records listed under it;
	/// - every record listed under an encounter exists and names that encounter, and its
	///   sequence number falls in the page it is listed on;
	/// - every record is listed under its encounter, unless it keeps its own patient and
	///   class because it left the encounter;
	/// - every entry of an institution's index names an anchor that exists;
	/// - no index keeps a page without entries;
	/// - every queue cursor lies at or before every queued day of its class;
	/// - no institution's block usage counts more anchors than its limit, and its tally
	///   counts each of them;
	/// - no institution waits for its anchors to be reported once a block has ended.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;

		// Records that their encounter should list, per encounter.
		let mut staying: BTreeMap<(EntityId, EncounterRef), u32> = BTreeMap::new();
		for (id, record) in Records::<T>::iter() {
			ensure!(!record.versions.is_empty(), "a record has no version");
			for pair in record.versions.windows(2) {
				if let [older, newer] = pair {
					ensure!(
						older.generated_at <= newer.generated_at,
						"a record's versions go back in time"
					);
					ensure!(older.block <= newer.block, "a record's versions go back in blocks");
				}
			}
			ensure!(
				T::Registry::kind(record.institution).is_some(),
				"a record points to an unregistered institution"
			);
			let facts = Self::facts_of(&record).ok_or("a listed record's encounter is missing")?;
			ensure!(
				Self::patient_record_at(facts.patient, record.patient_index) == Some(id),
				"a record is missing from its patient's index"
			);
			if record.unlisted.is_none() {
				let count = staying.entry((record.institution, record.encounter)).or_default();
				*count = count.saturating_add(1);
			}
		}

		for (patient, page, entries) in PatientRecords::<T>::iter() {
			ensure!(entries.iter().any(Option::is_some), "a patient's index keeps an empty page");
			ensure!(
				entries.len() == INDEX_PAGE_SIZE as usize,
				"a patient's index keeps a page that is not full"
			);
			let open_from = PatientIndexHeads::<T>::get(patient).unwrap_or_default().open_from();
			ensure!(
				page.saturating_add(1).saturating_mul(INDEX_PAGE_SIZE) <= open_from,
				"a patient's index keeps a page at or beyond its open page"
			);
			for id in entries.iter().flatten() {
				ensure!(Records::<T>::contains_key(id), "a patient's index lists a missing record");
			}
		}
		for (_, head) in PatientIndexHeads::<T>::iter() {
			ensure!(
				head.open.len() == page_of(head.count).1,
				"a patient's open page does not match the index's count"
			);
			for id in head.open.iter().flatten() {
				ensure!(Records::<T>::contains_key(id), "a patient's index lists a missing record");
			}
		}

		let mut listed: BTreeMap<(EntityId, EncounterRef), u32> = BTreeMap::new();
		for ((_, _, page), ids) in EncounterRecords::<T>::iter() {
			ensure!(page != 0, "an encounter's first page is stored apart from the encounter");
			ensure!(!ids.is_empty(), "an encounter's list keeps a later page empty");
		}
		let first_pages = Encounters::<T>::iter()
			.map(|(institution, encounter, info)| ((institution, encounter, 0), info.first_page));
		for ((institution, encounter, page), ids) in
			first_pages.chain(EncounterRecords::<T>::iter())
		{
			for id in ids {
				let record = Records::<T>::get(id).ok_or("an encounter lists a missing record")?;
				ensure!(
					record.institution == institution
						&& record.encounter == encounter
						&& page_of(record.sequence).0 == page,
					"an encounter lists a record of another encounter or page"
				);
				ensure!(record.unlisted.is_none(), "an encounter lists a record that left it");
				let count = listed.entry((institution, encounter)).or_default();
				*count = count.saturating_add(1);
			}
		}
		ensure!(staying == listed, "a record is missing from its encounter's list");
		for (institution, encounter, info) in Encounters::<T>::iter() {
			let mut floor = 1u32;
			for gap in &info.gaps {
				ensure!(gap.first >= floor, "an encounter's gaps overlap or are out of order");
				ensure!(gap.first <= gap.last, "an encounter has an empty gap");
				ensure!(gap.last < info.next_sequence, "a gap lies beyond the next sequence");
				floor = gap.last.saturating_add(1);
			}
			let count = listed.remove(&(institution, encounter)).unwrap_or_default();
			ensure!(count == info.records, "an encounter's record count is wrong");
		}
		ensure!(listed.is_empty(), "records are listed under a missing encounter");

		for (_, entries) in InstitutionAnchors::<T>::iter() {
			ensure!(
				entries.iter().any(Option::is_some),
				"an institution's index keeps an empty page"
			);
			for anchor in entries.into_iter().flatten() {
				let exists = match anchor {
					AnchorRef::Record(id) => Records::<T>::contains_key(id),
					AnchorRef::Amendment(id, version) => Records::<T>::get(id)
						.is_some_and(|record| usize::from(version) < record.versions.len()),
					AnchorRef::Batch(id) => Batches::<T>::contains_key(id),
				};
				ensure!(exists, "an institution's index names a missing anchor");
			}
		}

		for ((class, day), _) in PruneQueueLength::<T>::iter() {
			let cursor = PruneCursors::<T>::get(class).ok_or("a queue has no cursor")?;
			ensure!(cursor.day <= day, "a queue cursor passed a queued day");
		}

		for (_, usage) in BlockUsage::<T>::iter() {
			ensure!(usage.anchors <= usage.limit, "an institution anchored beyond its limit");
			ensure!(usage.anchors == usage.tally.anchors(), "a tally misses anchors");
		}
		ensure!(Unreported::<T>::get().is_empty(), "anchors were left unreported at block end");
		Ok(())
	}
}

// Private helpers.
impl<T: Config> Pallet<T> {
	fn check_deadline(deadline: Millis) -> Result<(), Error<T>> {
		ensure!(deadline > 0 && deadline <= MAX_DEADLINE, Error::<T>::InvalidDeadline);
		Ok(())
	}

	fn check_retention(days: u32) -> Result<(), Error<T>> {
		ensure!(days > 0 && days <= MAX_RETENTION_DAYS, Error::<T>::InvalidRetentionPeriod);
		Ok(())
	}

	/// Returns the active entity `who` acts for.
	fn actor_of(who: &T::AccountId) -> Result<medanchor_primitives::institutions::Actor, Error<T>> {
		match T::Registry::actor(who) {
			Some(actor) => Ok(actor),
			// Bound to an entity that is not active: suspended or revoked.
			None if T::Registry::binding(who).is_some() => Err(Error::<T>::InstitutionNotActive),
			None => Err(Error::<T>::NotAnOperator),
		}
	}

	/// Resolves the institution `who` anchors for.
	fn acting_for(
		who: &T::AccountId,
		named: Option<EntityId>,
		submitter: Submitter,
	) -> Result<Acting, Error<T>> {
		let actor = Self::actor_of(who)?;
		let role_allowed = matches!(
			(submitter, actor.role),
			(_, AccountRole::Gateway) | (Submitter::GatewayOrDevice, AccountRole::Device)
		);
		ensure!(role_allowed, Error::<T>::WrongRole);

		let own_institution = actor.kind.is_institution();
		match named {
			None => {
				ensure!(own_institution, Error::<T>::InstitutionRequired);
				Ok(Acting { institution: actor.entity, via_platform: None })
			},
			Some(entity) if entity == actor.entity => {
				ensure!(own_institution, Error::<T>::NotAnInstitution);
				Ok(Acting { institution: entity, via_platform: None })
			},
			Some(entity) => {
				let kind = T::Registry::kind(entity).ok_or(Error::<T>::InstitutionNotFound)?;
				ensure!(kind.is_institution(), Error::<T>::NotAnInstitution);
				ensure!(T::Registry::is_active(entity), Error::<T>::InstitutionNotActive);
				ensure!(!own_institution, Error::<T>::NotDelegated);
				ensure!(T::Registry::is_delegated(entity, actor.entity), Error::<T>::NotDelegated);
				Ok(Acting { institution: entity, via_platform: Some(actor.entity) })
			},
		}
	}

	/// Checks `generated_at` against the block time and returns the block time.
	fn check_generated_at(generated_at: Millis) -> Result<Millis, Error<T>> {
		let now = Self::now_millis();
		ensure!(
			generated_at <= now.saturating_add(T::MaxClockDrift::get()),
			Error::<T>::GeneratedInFuture
		);
		Ok(now)
	}

	fn timeliness(generated_at: Millis, anchored_at: Millis) -> Timeliness {
		if anchored_at.saturating_sub(generated_at) <= T::GenerationWindow::get() {
			Timeliness::AtGeneration
		} else {
			Timeliness::Late
		}
	}

	fn writing_status(
		kind: RecordKind,
		event: Option<EventTime>,
		generated_at: Millis,
	) -> Result<WritingStatus, Error<T>> {
		let Some(event) = event else { return Ok(WritingStatus::NoDeadline) };
		ensure!(event.at <= generated_at, Error::<T>::EventAfterGeneration);
		let Some(rule) = WritingRule::applying_to(kind, event.event) else {
			return Ok(WritingStatus::NoDeadline);
		};
		let deadline = WritingDeadlines::<T>::get().get(rule);
		if generated_at.saturating_sub(event.at) <= deadline {
			Ok(WritingStatus::OnTime(rule))
		} else {
			Ok(WritingStatus::Late(rule))
		}
	}

	/// Counts one anchor of `institution` against its rate limit in this block. Returns the
	/// institution's usage with the anchor counted, its position among the institution's
	/// anchors in the block, and whether it is the institution's first anchor there. The
	/// first anchor fixes the block's limit and lists the institution for reporting.
	fn count_anchor(institution: EntityId) -> Result<(BlockUsageOf<T>, u32, bool), Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let (mut usage, first) = match BlockUsage::<T>::get(institution) {
			Some(usage) if usage.block == now => (usage, false),
			_ => {
				let limit = Self::rate_limit(institution);
				let usage =
					BlockUsageInfo { block: now, anchors: 0, limit, tally: AnchorTally::default() };
				(usage, true)
			},
		};
		ensure!(usage.anchors < usage.limit, Error::<T>::RateLimitExceeded);
		if first {
			Unreported::<T>::try_append(institution)
				.map_err(|_| Error::<T>::TooManyInstitutionsInBlock)?;
		}
		let position = usage.anchors;
		usage.anchors = position.saturating_add(1);
		Ok((usage, position, first))
	}

	/// Adds an anchor's findings to its institution's usage and stores the usage.
	fn tally_anchor(institution: EntityId, mut usage: BlockUsageOf<T>, outcome: AnchorOutcome) {
		usage.tally.add(&outcome);
		BlockUsage::<T>::insert(institution, usage);
	}

	/// Reports each institution's anchors of the current block to `Observer` and empties the
	/// list of institutions waiting for it. Returns the number of institutions reported.
	pub(crate) fn report_anchors() -> u32 {
		let now = frame_system::Pallet::<T>::block_number();
		let mut reported = 0u32;
		for institution in Unreported::<T>::take() {
			match BlockUsage::<T>::get(institution) {
				Some(usage) if usage.block == now => {
					T::Observer::on_anchors(institution, &usage.tally);
					reported = reported.saturating_add(1);
				},
				_ => log::warn!(
					target: LOG_TARGET,
					"institution {institution} was listed for reporting without anchors in block {now:?}"
				),
			}
		}
		reported
	}

	/// Returns the weight `anchor_records` declares for `count` records: its benchmark, and
	/// the shared entries that the benchmark does not show, at their worst.
	pub fn anchor_records_weight(count: u32) -> Weight {
		// Starting at the last slot of a page, the records open a page at every 32nd.
		let pages = count.saturating_add(INDEX_PAGE_SIZE.saturating_sub(2)) / INDEX_PAGE_SIZE;
		let classes = count.min(EncounterClass::ALL.len() as u32);
		Self::anchor_records_extra(count, pages, classes)
	}

	/// Returns the benchmarked weight of `anchor_records` for `count` records, with
	/// `pages_opened` pages of the institution's index opened after the call's first record
	/// and records of `classes` encounter classes. The benchmark's records open one page and
	/// are of one class: its fit per record rounds the share of later pages away, and each
	/// further class writes its own retention-queue length and may set up its own cursor.
	fn anchor_records_extra(count: u32, pages_opened: u32, classes: u32) -> Weight {
		let pages = u64::from(pages_opened);
		let extra_classes = classes.saturating_sub(1);
		T::WeightInfo::anchor_records(count)
			.saturating_add(T::DbWeight::get().reads_writes(pages, pages))
			.saturating_add(T::WeightInfo::enqueue().saturating_mul(extra_classes.into()))
	}

	/// Returns the weight of reporting one institution's anchors when the block ends.
	pub fn report_weight() -> Weight {
		T::WeightInfo::report_anchors(1).saturating_sub(T::WeightInfo::report_anchors(0))
	}

	/// Returns the weight an institution's first anchor in a block adds to a later one, for
	/// fixing the rate limit and listing the institution for reporting.
	fn first_anchor_weight() -> Weight {
		T::WeightInfo::anchor_record().saturating_sub(T::WeightInfo::anchor_record_same_block())
	}

	/// Returns the weight charged after a call whose benchmark is its institution's first
	/// anchor in a block, with every anchor queued for pruning under a new day. A call that
	/// made that first anchor also pays for reporting the block's anchors. A later call does
	/// not pay for what a first anchor adds, and `not_queued` anchors that queued nothing do
	/// not pay for `enqueue`.
	///
	/// The `path.spared` entries pay neither their read nor their write. An entry that an
	/// earlier extrinsic of the block, or an earlier record of the call, wrote is read from
	/// the block's overlay, not the database, and the block commits it once. A page of the
	/// patient's index that did not fill, and a later page of the encounter's list for a
	/// record on its first page, were neither read nor written. The `path.unread` reads are
	/// not paid either.
	fn charged(benchmarked: Weight, path: AnchorPath, not_queued: u32) -> PostDispatchInfo {
		let mut weight = if path.first {
			benchmarked.saturating_add(Self::report_weight())
		} else {
			benchmarked.saturating_sub(Self::first_anchor_weight())
		};
		weight = weight.saturating_sub(T::WeightInfo::enqueue().saturating_mul(not_queued.into()));
		let spared = u64::from(path.spared);
		weight = weight.saturating_sub(T::DbWeight::get().reads_writes(spared, spared));
		weight = weight.saturating_sub(T::DbWeight::get().reads(path.unread.into()));
		PostDispatchInfo { actual_weight: Some(weight), pays_fee: Pays::No }
	}

	/// Returns whether the institution's page of anchors that `position` in the current block
	/// falls on was written by an earlier anchor of the block. Positions are handed out in
	/// order, so only the first position of a page opens it.
	fn page_written_before(position: u32) -> bool {
		page_of(position).1 != 0
	}

	/// Applies `sequence` to the encounter's numbering; returns the gap it opened or the
	/// sequence number of a gap it filled.
	fn apply_sequence(
		encounter: &mut EncounterOf<T>,
		sequence: u32,
	) -> Result<SequenceChange, Error<T>> {
		ensure!(sequence != 0 && sequence != u32::MAX, Error::<T>::InvalidSequence);
		if sequence >= encounter.next_sequence {
			let mut change = SequenceChange::None;
			if sequence > encounter.next_sequence {
				let gap = SequenceGap {
					first: encounter.next_sequence,
					last: sequence.saturating_sub(1),
				};
				encounter.gaps.try_push(gap).map_err(|_| Error::<T>::TooManyGaps)?;
				change = SequenceChange::Opened(gap);
			}
			encounter.next_sequence = sequence.saturating_add(1);
			return Ok(change);
		}

		let position = encounter
			.gaps
			.iter()
			.position(|gap| gap.contains(sequence))
			.ok_or(Error::<T>::SequenceAlreadyUsed)?;
		let gap = encounter.gaps.remove(position);
		let mut insert_at = position;
		if gap.first < sequence {
			let below = SequenceGap { first: gap.first, last: sequence.saturating_sub(1) };
			encounter.gaps.try_insert(insert_at, below).map_err(|_| Error::<T>::TooManyGaps)?;
			insert_at = insert_at.saturating_add(1);
		}
		if sequence < gap.last {
			let above = SequenceGap { first: sequence.saturating_add(1), last: gap.last };
			encounter.gaps.try_insert(insert_at, above).map_err(|_| Error::<T>::TooManyGaps)?;
		}
		Ok(SequenceChange::Filled)
	}

	/// Anchors one record.
	fn do_anchor_record(acting: &Acting, new: NewRecord) -> Result<AnchorPath, DispatchError> {
		let now = Self::check_generated_at(new.generated_at)?;
		let writing = Self::writing_status(new.kind, new.event, new.generated_at)?;
		let content_hash = new.content_hash.checked().ok_or(Error::<T>::UnsupportedDigestLength)?;
		ensure!(!Records::<T>::contains_key(new.id), Error::<T>::RecordAlreadyAnchored);

		let institution = acting.institution;
		// Block timestamps strictly increase, so an encounter whose latest anchor has this
		// block's time was written earlier in the block.
		let mut encounter_rewritten = false;
		let mut encounter = match Encounters::<T>::get(institution, new.encounter) {
			Some(existing) => {
				ensure!(existing.patient == new.patient, Error::<T>::EncounterPatientMismatch);
				ensure!(existing.class == new.class, Error::<T>::EncounterClassMismatch);
				encounter_rewritten = existing.last_anchor_at == now;
				existing
			},
			None => EncounterInfo {
				patient: new.patient,
				class: new.class,
				next_sequence: 1,
				gaps: BoundedVec::new(),
				kinds: KindSet::default(),
				operation_evidenced: false,
				missing_at_discharge: None,
				records: 0,
				first_page: BoundedVec::new(),
				last_anchor_at: now,
				// No day has the maximum value, so the encounter is queued below.
				queued_day: u32::MAX,
			},
		};
		let change = Self::apply_sequence(&mut encounter, new.sequence)?;
		encounter.kinds.insert(new.kind);
		let documents_operation =
			new.event.is_some_and(|event| event.event == ClinicalEvent::OperationEnd);
		if new.kind == RecordKind::Anaesthesia || documents_operation {
			encounter.operation_evidenced = true;
		}
		let discharged = new.kind == RecordKind::Discharge
			&& new.class == EncounterClass::Inpatient
			&& encounter.missing_at_discharge.is_none();
		if discharged {
			encounter.missing_at_discharge = Some(encounter.missing_kinds());
		}
		encounter.records = encounter.records.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let stored_head = PatientIndexHeads::<T>::get(new.patient);
		// Only anchors set `listed_at`, so a stored head listed at this block's time was
		// written earlier in the block. A new head was not, whatever the time.
		let head_rewritten = stored_head.as_ref().is_some_and(|head| head.listed_at == now);
		let patient_head = stored_head.unwrap_or_default();
		let patient_index = patient_head.count;
		patient_index.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let (usage, index_in_block, first) = Self::count_anchor(institution)?;

		// Checks are done; from here on only writes. The index writes come first, since they
		// fail only on inconsistent state.
		let block = frame_system::Pallet::<T>::block_number();
		let timeliness = Self::timeliness(new.generated_at, now);
		let version = Version {
			content_hash,
			generated_at: new.generated_at,
			anchored_at: now,
			block,
			index_in_block,
			timeliness,
			event: new.event,
			writing,
			amendment: None,
			via_platform: acting.via_platform,
		};
		let delay = version.delay();
		let mut versions = BoundedVec::new();
		versions.try_push(version).map_err(|_| Error::<T>::TooManyVersions)?;
		let encounter_page_written = Self::list_in_encounter(
			institution,
			new.encounter,
			&mut encounter,
			new.sequence,
			new.id,
		)?;
		let patient_page_filled = Self::list_for_patient(new.patient, patient_head, new.id, now)?;
		Self::list_for_institution(institution, block, index_in_block, AnchorRef::Record(new.id))?;
		let queued = Self::touch_encounter(institution, new.encounter, &mut encounter, now);
		Encounters::<T>::insert(institution, new.encounter, &encounter);
		Records::<T>::insert(
			new.id,
			RecordInfo {
				institution,
				encounter: new.encounter,
				unlisted: None,
				sequence: new.sequence,
				kind: new.kind,
				patient_index,
				versions,
			},
		);

		Self::deposit_event(Event::RecordAnchored {
			institution,
			record: new.id,
			kind: new.kind,
			encounter: new.encounter,
			sequence: new.sequence,
			content_hash,
			delay,
			timeliness,
			writing,
			via_platform: acting.via_platform,
		});
		let mut new_gaps = 0;
		match change {
			SequenceChange::Opened(gap) => {
				new_gaps = gap.count();
				Self::deposit_event(Event::SequenceGapRecorded {
					institution,
					encounter: new.encounter,
					first: gap.first,
					last: gap.last,
				});
			},
			SequenceChange::Filled => Self::deposit_event(Event::SequenceGapFilled {
				institution,
				encounter: new.encounter,
				sequence: new.sequence,
			}),
			SequenceChange::None => {},
		}
		let mut missing_kinds = 0;
		if discharged {
			let missing = encounter.missing_at_discharge.unwrap_or_default();
			missing_kinds = missing.len();
			Self::deposit_event(Event::EncounterDischarged {
				institution,
				encounter: new.encounter,
				record: new.id,
				missing_kinds: BoundedVec::truncate_from(missing.kinds()),
			});
		}
		let outcome = AnchorOutcome { timeliness, writing, new_gaps, missing_kinds };
		Self::tally_anchor(institution, usage, outcome);
		let own_spared = count_set(&[
			!encounter_page_written,
			!patient_page_filled,
			encounter_rewritten,
			head_rewritten,
		]);
		let opened_page = !Self::page_written_before(index_in_block);
		let shared = count_set(&[!first, !opened_page]);
		Ok(AnchorPath {
			first,
			queued,
			spared: shared.saturating_add(own_spared),
			own_spared,
			unread: acting.unread(),
			opened_page,
		})
	}

	fn do_amend_record(
		who: &T::AccountId,
		id: RecordId,
		previous: VersionIndex,
		content_hash: SubmittedHash,
		generated_at: Millis,
		reason: AmendmentReason,
		event: Option<EventTime>,
	) -> Result<AnchorPath, DispatchError> {
		let actor = Self::actor_of(who)?;
		ensure!(actor.role == AccountRole::Gateway, Error::<T>::WrongRole);
		let mut record = Records::<T>::get(id).ok_or(Error::<T>::RecordNotFound)?;
		let via_platform = if actor.entity == record.institution {
			None
		} else {
			ensure!(!actor.kind.is_institution(), Error::<T>::NotRecordOwner);
			ensure!(T::Registry::is_active(record.institution), Error::<T>::InstitutionNotActive);
			ensure!(
				T::Registry::is_delegated(record.institution, actor.entity),
				Error::<T>::NotDelegated
			);
			Some(actor.entity)
		};

		let now = Self::check_generated_at(generated_at)?;
		let writing = Self::writing_status(record.kind, event, generated_at)?;
		let content_hash = content_hash.checked().ok_or(Error::<T>::UnsupportedDigestLength)?;
		let latest_index = record.versions.len().saturating_sub(1);
		ensure!(usize::from(previous) <= latest_index, Error::<T>::PreviousVersionNotFound);
		ensure!(usize::from(previous) == latest_index, Error::<T>::PreviousVersionSuperseded);
		let latest = record.versions.last().ok_or(Error::<T>::RecordNotFound)?;
		ensure!(generated_at >= latest.generated_at, Error::<T>::AmendmentPredatesPrevious);
		ensure!(!T::Holds::is_record_held(&id), Error::<T>::RecordHeld);
		ensure!(record.unlisted.is_none(), Error::<T>::RecordRetentionEnded);
		let version_index = VersionIndex::try_from(record.versions.len())
			.map_err(|_| Error::<T>::TooManyVersions)?;
		ensure!(
			record.versions.len() < T::MaxVersions::get() as usize,
			Error::<T>::TooManyVersions
		);
		let (usage, index_in_block, first) = Self::count_anchor(record.institution)?;

		// Checks are done; from here on only writes. The index writes come first, since they
		// fail only on inconsistent state.
		let block = frame_system::Pallet::<T>::block_number();
		// Every version is written with the record, so a latest version of this block means
		// the record was written earlier in the block.
		let record_rewritten = latest.block == block;
		let timeliness = Self::timeliness(generated_at, now);
		let version = Version {
			content_hash,
			generated_at,
			anchored_at: now,
			block,
			index_in_block,
			timeliness,
			event,
			writing,
			amendment: Some(reason),
			via_platform,
		};
		let delay = version.delay();
		record.versions.try_push(version).map_err(|_| Error::<T>::TooManyVersions)?;
		let institution = record.institution;
		Self::list_for_institution(
			institution,
			block,
			index_in_block,
			AnchorRef::Amendment(id, version_index),
		)?;
		let mut queued = false;
		let mut encounter_rewritten = false;
		if let Some(mut encounter) = Encounters::<T>::get(institution, record.encounter) {
			encounter_rewritten = encounter.last_anchor_at == now;
			queued = Self::touch_encounter(institution, record.encounter, &mut encounter, now);
			Encounters::<T>::insert(institution, record.encounter, encounter);
		}
		Records::<T>::insert(id, record);

		Self::deposit_event(Event::RecordAmended {
			institution,
			record: id,
			version: version_index,
			content_hash,
			reason,
			delay,
			timeliness,
			writing,
			via_platform,
		});
		let outcome = AnchorOutcome { timeliness, writing, new_gaps: 0, missing_kinds: 0 };
		Self::tally_anchor(institution, usage, outcome);
		let opened_page = !Self::page_written_before(index_in_block);
		let spared = count_set(&[!first, !opened_page, record_rewritten, encounter_rewritten]);
		Ok(AnchorPath {
			first,
			queued,
			spared,
			own_spared: 0,
			unread: unread_reads(via_platform),
			opened_page,
		})
	}

	fn do_anchor_batch(
		who: &T::AccountId,
		acting: &Acting,
		batch: NewBatch,
	) -> Result<AnchorPath, DispatchError> {
		ensure!(batch.leaf_count > 0, Error::<T>::EmptyBatch);
		ensure!(batch.leaf_count <= T::MaxBatchLeaves::get(), Error::<T>::TooManyLeaves);
		ensure!(batch.first_generated_at <= batch.last_generated_at, Error::<T>::InvalidBatchTimes);
		let now = Self::check_generated_at(batch.last_generated_at)?;
		let root = batch.root.checked().ok_or(Error::<T>::UnsupportedDigestLength)?;
		ensure!(!Batches::<T>::contains_key(batch.id), Error::<T>::BatchAlreadyAnchored);
		let institution = acting.institution;
		let (usage, index_in_block, first) = Self::count_anchor(institution)?;

		// Checks are done; from here on only writes. The index writes come first, since they
		// fail only on inconsistent state.
		let block = frame_system::Pallet::<T>::block_number();
		let timeliness = Self::timeliness(batch.last_generated_at, now);
		let delay = now.saturating_sub(batch.last_generated_at);
		Self::list_for_institution(institution, block, index_in_block, AnchorRef::Batch(batch.id))?;
		Self::enqueue(batch.class, day_of(now), PruneItem::Batch(batch.id));
		Batches::<T>::insert(
			batch.id,
			BatchInfo {
				institution,
				kind: batch.kind,
				class: batch.class,
				patient: batch.patient,
				root,
				leaf_count: batch.leaf_count,
				first_generated_at: batch.first_generated_at,
				last_generated_at: batch.last_generated_at,
				anchored_at: now,
				block,
				index_in_block,
				timeliness,
				via_platform: acting.via_platform,
			},
		);

		Self::deposit_event(Event::BatchAnchored {
			institution,
			batch: batch.id,
			root,
			leaf_count: batch.leaf_count,
			delay,
			timeliness,
			submitter: who.clone(),
			via_platform: acting.via_platform,
		});
		let outcome = AnchorOutcome {
			timeliness,
			writing: WritingStatus::NoDeadline,
			new_gaps: 0,
			missing_kinds: 0,
		};
		Self::tally_anchor(institution, usage, outcome);
		// A batch always queues itself.
		let opened_page = !Self::page_written_before(index_in_block);
		let spared = count_set(&[!first, !opened_page]);
		Ok(AnchorPath {
			first,
			queued: true,
			spared,
			own_spared: 0,
			unread: acting.unread(),
			opened_page,
		})
	}

	/// Lists record `id` under its encounter's page of sequence numbers: the first page in
	/// `encounter`, which the caller stores, a later one in `EncounterRecords`. Sequence
	/// numbers are unique within an encounter, so the page always has room. Returns whether
	/// it wrote an entry of `EncounterRecords`.
	fn list_in_encounter(
		institution: EntityId,
		reference: EncounterRef,
		encounter: &mut EncounterOf<T>,
		sequence: u32,
		id: RecordId,
	) -> Result<bool, Error<T>> {
		let (page, _) = page_of(sequence);
		if page == 0 {
			encounter.first_page.try_push(id).map_err(|_| Error::<T>::IndexPositionTaken)?;
			return Ok(false);
		}
		EncounterRecords::<T>::try_append((institution, reference, page), id)
			.map_err(|_| Error::<T>::IndexPositionTaken)?;
		Ok(true)
	}

	/// Puts record `id` at the next position of the patient's index, whose head is `head`,
	/// anchored at `now`. A page that fills moves from the head to an entry of its own.
	/// Returns whether the page filled.
	fn list_for_patient(
		patient: PatientRef,
		mut head: PatientIndexHead,
		id: RecordId,
		now: Millis,
	) -> Result<bool, DispatchError> {
		let (page, slot) = page_of(head.count);
		ensure!(head.open.len() == slot, Error::<T>::IndexPositionTaken);
		head.count = head.count.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		head.listed_at = now;
		head.open.try_push(Some(id)).map_err(|_| Error::<T>::IndexPositionTaken)?;
		let filled = head.open.len() == INDEX_PAGE_SIZE as usize;
		if filled {
			ensure!(
				!PatientRecords::<T>::contains_key(patient, page),
				Error::<T>::IndexPositionTaken
			);
			PatientRecords::<T>::insert(patient, page, core::mem::take(&mut head.open));
		}
		PatientIndexHeads::<T>::insert(patient, head);
		Ok(filled)
	}

	/// Puts `anchor` at `position` among the institution's anchors in `block`.
	fn list_for_institution(
		institution: EntityId,
		block: BlockNumberFor<T>,
		position: u32,
		anchor: AnchorRef,
	) -> Result<(), Error<T>> {
		let (page, slot) = page_of(position);
		InstitutionAnchors::<T>::try_mutate((institution, block, page), |stored| {
			ensure!(put_in_stored_slot(stored, slot, anchor), Error::<T>::IndexPositionTaken);
			Ok(())
		})
	}

	/// Moves the encounter's latest anchor to `now`, and queues the encounter for the day of
	/// `now` unless it already waits in that day's queue. Returns whether it queued it.
	fn touch_encounter(
		institution: EntityId,
		reference: EncounterRef,
		encounter: &mut EncounterOf<T>,
		now: Millis,
	) -> bool {
		encounter.last_anchor_at = encounter.last_anchor_at.max(now);
		let day = day_of(encounter.last_anchor_at);
		if encounter.queued_day == day {
			return false;
		}
		encounter.queued_day =
			Self::enqueue(encounter.class, day, PruneItem::Encounter(institution, reference));
		true
	}
}

/// The path an anchor took beyond storing itself, which sets the weight it is charged.
#[derive(Clone, Copy)]
struct AnchorPath {
	/// It was its institution's first anchor in the block.
	first: bool,
	/// It queued its encounter or batch for pruning.
	queued: bool,
	/// Storage entries whose read and write its benchmark counts but the database did not
	/// pay for: the institution's block usage and page of the block's anchors when an
	/// earlier extrinsic of the block wrote them, and those in `own_spared`.
	spared: u32,
	/// Of `spared`, the entries that the benchmarks give each record of its own. They are the
	/// patient's filling page and a later page of the encounter's list when the record
	/// touched neither, and the encounter and the patient's index head when an earlier anchor
	/// of the block wrote them.
	own_spared: u32,
	/// Reads its benchmark counts that the call did not make or that were served from the
	/// block's overlay.
	unread: u32,
	/// It opened a page of the institution's anchors in the block.
	opened_page: bool,
}

/// Returns how many of `flags` are set.
fn count_set(flags: &[bool]) -> u32 {
	flags.iter().fold(0u32, |count, flag| count.saturating_add(u32::from(*flag)))
}

/// The change an anchor made to its encounter's numbering.
enum SequenceChange {
	/// It continued the numbering.
	None,
	/// It skipped numbers, which now form a gap.
	Opened(SequenceGap),
	/// It took a number from a gap.
	Filled,
}

mod pruning;
