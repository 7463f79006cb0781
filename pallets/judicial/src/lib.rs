//! # Judicial pallet
//!
//! Courts (法院) on MedAnchor: the registry of courts and their clerks, cases, judicial
//! queries that leave an access log, legal holds (封存) on records, and verification verdicts
//! (核验) on documents that parties present.
//!
//! ## Overview
//!
//! The judicial authority registers courts with their designator (法院代字), name, region and
//! clerk accounts, and may suspend or remove them. A clerk opens a case under its case number
//! (案号), naming the medical institutions involved and the patient reference, and only that
//! court acts on the case afterwards.
//!
//! In an open case a clerk
//! - queries the anchors: a page of the patient's records at one institution, one record with
//!   every version, or the inclusion of batch members. Each query discloses its result in an
//!   event and adds an entry to the case's access log (court, clerk, what, block, time);
//! - seals records and batches by court order, by list or all of the patient's records at an
//!   institution page by page. A sealed anchor can be neither amended nor pruned; closing the
//!   case lifts its seals, while a record that another open case also sealed stays held;
//! - adopts a seal that the institution and the patient side agreed before the case;
//! - records verdicts on documents presented by an institution, the patient side or the court:
//!   the presented hash compared with every version of the record. Each verdict is reported to
//!   the reputation pallet.
//!
//! Before any case, an institution and the patient side may seal records by agreement, as the
//! medical-dispute rules provide (医疗纠纷预防和处理条例, sealing of medical records). The
//! institution's admin submits the seal list with the patient side's signature over it; the
//! chain checks the signature and keeps it. Records written later for the same encounters are
//! added the same way. An agreed seal that no case adopts lapses after `AgreedSealLapse`.
//!
//! ## Terminology
//!
//! - **Court designator** (法院代字): the short code of a court in its case numbers, such as
//!   `京0105` for the Chaoyang District People's Court of Beijing.
//! - **Case number** (案号): `（2026）京0105民初12345号`: year, designator, case-type code,
//!   serial number, 号. Stored with full-width brackets whichever brackets were submitted.
//! - **Seal** (封存): a legal hold on records and batches. Its state is derived when asked:
//!   active, lifted (its case closed) or lapsed (an agreed seal past its lapse time).
//! - **Patient side** (患方): the patient, family or representative. It has no account; it
//!   signs seal lists with a key of its own (sr25519, ed25519 or ECDSA).
//!
//! ## Assumptions
//!
//! - Courts are trusted to record what was presented to them; the chain checks only that the
//!   record belongs to the case's institutions and patient.
//! - The patient side's key proves consent to a seal list, not identity: the institution checks
//!   identity when the list is signed, as it does for paper lists.

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
pub mod case_number;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use medanchor_primitives::{
	anchors::{BatchId, LegalHold, Millis, Verdict},
	institutions::{
		is_valid_region_code, is_valid_text, AccountRole, EntityId, InstitutionRegistry, RegionCode,
	},
	judicial::{
		seal_addition_message, seal_agreement_message, AnchorLookup, CaseId, CourtId, Presenter,
		SealId, SealItem,
	},
	records::{ContentHash, PatientRef, RecordId},
	reputation::VerdictObserver,
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::*;
use sp_runtime::{
	traits::{IdentifyAccount, Verify, Zero},
	ArithmeticError, MultiSignature, MultiSigner, SaturatedConversion,
};

/// A court as stored by this pallet.
pub type CourtOf<T> = CourtInfo<
	<T as frame_system::Config>::AccountId,
	<T as Config>::MaxNameLength,
	<T as Config>::MaxClerks,
>;

/// A case as stored by this pallet.
pub type CaseOf<T> =
	CaseInfo<BlockNumberFor<T>, <T as Config>::MaxCaseInstitutions, <T as Config>::MaxAdoptedSeals>;

/// A seal as stored by this pallet.
pub type SealOf<T> = SealInfo<BlockNumberFor<T>, <T as Config>::MaxSealEncounters>;

/// An access-log entry as stored by this pallet.
pub type AccessEntryOf<T> = AccessEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// A verdict as stored by this pallet.
pub type VerdictEntryOf<T> =
	VerdictEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// An evidence report as this pallet builds it.
pub type EvidenceReportOf<T> = EvidenceReport<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as frame_system::Config>::Hash,
>;

/// Runtime set-up for the benchmarks, beyond this pallet's `Config`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an active medical institution and returns its id and admin account.
	fn institution(seed: u32) -> (EntityId, AccountId);

	/// Anchors `count` records of `patient` at `institution`, each with `versions` versions,
	/// and returns their ids in anchoring order. The records go to `encounters` encounters
	/// chosen by `seed`, in turn, so the first `encounters` records each open one. A record's
	/// view reads its encounter, so records of distinct encounters cost the most to view.
	fn anchor_records(
		institution: EntityId,
		patient: PatientRef,
		seed: u32,
		count: u32,
		versions: u32,
		encounters: u32,
	) -> Vec<RecordId>;

	/// Anchors a batch of `patient` at `institution` with the given root and leaf count.
	fn anchor_batch(
		institution: EntityId,
		patient: PatientRef,
		root: ContentHash,
		leaf_count: u32,
	) -> BatchId;

	/// Returns the most versions a record may have.
	fn max_versions() -> u32;

	/// Sets the block time, in milliseconds since the Unix epoch.
	fn set_time(at: Millis);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Configuration of the judicial pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The registry of institutions and the accounts acting for them.
		type Registry: InstitutionRegistry<Self::AccountId>;

		/// Read access to anchored records and batches.
		type Anchors: AnchorLookup<BlockNumberFor<Self>>;

		/// The block time, from the timestamp pallet.
		type Time: UnixTime;

		/// Receives every verdict, for reputation scoring.
		type Verdicts: VerdictObserver;

		/// Origin that registers, suspends and removes courts: the judicial authority.
		type JudicialOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Time, in milliseconds, after which a seal by agreement that no case adopted lapses.
		#[pallet::constant]
		type AgreedSealLapse: Get<Millis>;

		/// Maximum length of a court's name, in bytes of UTF-8.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Maximum number of clerk accounts of one court.
		#[pallet::constant]
		type MaxClerks: Get<u32>;

		/// Maximum number of institutions a case names.
		#[pallet::constant]
		type MaxCaseInstitutions: Get<u32>;

		/// Maximum number of items one call seals, and of records one sealing page scans.
		#[pallet::constant]
		type MaxItemsPerCall: Get<u32>;

		/// Maximum number of items in one seal.
		#[pallet::constant]
		type MaxSealItems: Get<u32>;

		/// Maximum number of encounters the records of one agreed seal belong to.
		#[pallet::constant]
		type MaxSealEncounters: Get<u32>;

		/// Maximum number of agreed seals one case adopts.
		#[pallet::constant]
		type MaxAdoptedSeals: Get<u32>;

		/// Maximum number of active seals on one record or batch.
		#[pallet::constant]
		type MaxSealsPerItem: Get<u32>;

		/// Maximum number of active seals by agreement on one record or batch; the other
		/// `MaxSealsPerItem` places stay for courts.
		#[pallet::constant]
		type MaxAgreedSealsPerItem: Get<u32>;

		/// Maximum number of positions of the patient's index one records query reads.
		#[pallet::constant]
		type MaxQueryPage: Get<u32>;

		/// Maximum number of batch members one query checks.
		#[pallet::constant]
		type MaxMembersPerQuery: Get<u32>;

		/// Maximum number of hashes in one member's audit path.
		#[pallet::constant]
		type MaxProofLength: Get<u32>;

		/// Maximum number of access-log entries of one case.
		#[pallet::constant]
		type MaxAccessEntries: Get<u32>;

		/// Maximum number of verdicts recorded in one case.
		#[pallet::constant]
		type MaxVerdictsPerCase: Get<u32>;

		/// Maximum number of entries each list of an evidence report holds.
		#[pallet::constant]
		type MaxReportEntries: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up institutions and anchors for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// The judicial pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Registered courts, removed ones included.
	#[pallet::storage]
	pub type Courts<T: Config> = StorageMap<_, Twox64Concat, CourtId, CourtOf<T>>;

	/// The id the next registered court gets.
	#[pallet::storage]
	pub type NextCourtId<T: Config> = StorageValue<_, CourtId, ValueQuery>;

	/// The court of each designator in use.
	#[pallet::storage]
	pub type CourtDesignators<T: Config> = StorageMap<_, Blake2_128Concat, Designator, CourtId>;

	/// The court each clerk account acts for.
	#[pallet::storage]
	pub type Clerks<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CourtId>;

	/// Cases, open and closed.
	#[pallet::storage]
	pub type Cases<T: Config> = StorageMap<_, Twox64Concat, CaseId, CaseOf<T>>;

	/// The id the next opened case gets.
	#[pallet::storage]
	pub type NextCaseId<T: Config> = StorageValue<_, CaseId, ValueQuery>;

	/// The case of each case number, in stored form.
	#[pallet::storage]
	pub type CaseNumbers<T: Config> = StorageMap<_, Blake2_128Concat, CaseNumber, CaseId>;

	/// Seals, whatever their state.
	#[pallet::storage]
	pub type Seals<T: Config> = StorageMap<_, Twox64Concat, SealId, SealOf<T>>;

	/// The id the next seal gets.
	#[pallet::storage]
	pub type NextSealId<T: Config> = StorageValue<_, SealId, ValueQuery>;

	/// The agreed seal of each seal-list reference.
	#[pallet::storage]
	pub type AgreementReferences<T: Config> = StorageMap<_, Blake2_128Concat, [u8; 32], SealId>;

	/// The patient side's signatures on agreed seals: 0 on the first list, then one per
	/// addition.
	#[pallet::storage]
	pub type AgreementSignatures<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SealId, Twox64Concat, u32, MultiSignature>;

	/// Items of each seal.
	#[pallet::storage]
	pub type SealItems<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SealId, Blake2_128Concat, SealItem, ()>;

	/// Seals naming each item, whatever their state.
	#[pallet::storage]
	pub type ItemSeals<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, SealItem, Twox64Concat, SealId, ()>;

	/// Each case's access log, by entry number from 0.
	#[pallet::storage]
	pub type AccessLog<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CaseId, Twox64Concat, u32, AccessEntryOf<T>>;

	/// The access-log entries that disclosed each record or batch.
	#[pallet::storage]
	pub type ItemAccess<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, SealItem, Twox64Concat, (CaseId, u32), ()>;

	/// Each case's verdicts, by number from 0.
	#[pallet::storage]
	pub type Verdicts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CaseId, Twox64Concat, u32, VerdictEntryOf<T>>;

	/// The verdicts on each record.
	#[pallet::storage]
	pub type RecordVerdicts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, RecordId, Twox64Concat, (CaseId, u32), ()>;

	/// Each recorded verification by case, record, presented hash and presenter, with the
	/// verdict's number, so that one presentation is recorded once.
	#[pallet::storage]
	pub type VerdictKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, (CaseId, RecordId, ContentHash, Presenter), u32>;

	/// Events of the judicial pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A court was registered.
		CourtRegistered {
			/// The court.
			court: CourtId,
			/// Its designator.
			designator: Vec<u8>,
			/// Its clerk accounts.
			clerks: Vec<T::AccountId>,
		},
		/// A clerk account was added to a court.
		ClerkAdded {
			/// The court.
			court: CourtId,
			/// The clerk.
			clerk: T::AccountId,
		},
		/// A clerk account was removed from its court.
		ClerkRemoved {
			/// The court.
			court: CourtId,
			/// The clerk.
			clerk: T::AccountId,
		},
		/// A court was suspended.
		CourtSuspended {
			/// The court.
			court: CourtId,
		},
		/// A suspended court was reinstated.
		CourtReinstated {
			/// The court.
			court: CourtId,
		},
		/// A court was removed with its clerks.
		CourtRemoved {
			/// The court.
			court: CourtId,
		},
		/// A case was opened.
		CaseOpened {
			/// The case.
			case: CaseId,
			/// The court.
			court: CourtId,
			/// Case number in stored form.
			number: Vec<u8>,
			/// Institutions involved.
			institutions: Vec<EntityId>,
			/// Patient reference.
			patient: PatientRef,
		},
		/// A case was closed; the seals it held no longer hold for it.
		CaseClosed {
			/// The case.
			case: CaseId,
			/// The court.
			court: CourtId,
			/// The seals lifted: its own and the adopted ones.
			seals_lifted: Vec<SealId>,
		},
		/// A patient-records query disclosed a page of records.
		PatientRecordsDisclosed {
			/// The case.
			case: CaseId,
			/// Access-log entry number.
			entry: u32,
			/// The institution.
			institution: EntityId,
			/// Records of the page at the institution.
			records: Vec<DisclosedRecord>,
			/// Cursor of the next page; `None` at the end of the index.
			next: Option<u32>,
		},
		/// A record query disclosed a record with every version.
		RecordDisclosed {
			/// The case.
			case: CaseId,
			/// Access-log entry number.
			entry: u32,
			/// The record.
			record: medanchor_primitives::anchors::RecordView<BlockNumberFor<T>>,
		},
		/// A batch query disclosed a batch and the proof status of members.
		BatchDisclosed {
			/// The case.
			case: CaseId,
			/// Access-log entry number.
			entry: u32,
			/// The batch.
			batch: medanchor_primitives::anchors::BatchView<BlockNumberFor<T>>,
			/// Index and proof status of each member checked.
			members: Vec<MemberStatus>,
		},
		/// An institution and the patient side sealed records by agreement.
		SealedByAgreement {
			/// The seal.
			seal: SealId,
			/// The institution.
			institution: EntityId,
			/// Patient reference.
			patient: PatientRef,
			/// Reference of the seal list.
			reference: [u8; 32],
			/// Items sealed.
			items: Vec<SealItem>,
			/// Time at which it lapses unless a case adopts it.
			lapses_at: Millis,
		},
		/// Items were added to a seal by agreement.
		AddedToAgreedSeal {
			/// The seal.
			seal: SealId,
			/// Number of the addition, from 1.
			addition: u32,
			/// Items added.
			items: Vec<SealItem>,
		},
		/// A case adopted a seal by agreement.
		SealAdopted {
			/// The case.
			case: CaseId,
			/// The seal.
			seal: SealId,
		},
		/// A court sealed items for a case.
		SealedByCourt {
			/// The case.
			case: CaseId,
			/// The case's seal.
			seal: SealId,
			/// Items sealed by this call.
			items: Vec<SealItem>,
		},
		/// A court sealed a page of the case patient's records at one institution.
		PatientRecordsSealed {
			/// The case.
			case: CaseId,
			/// The institution.
			institution: EntityId,
			/// The case's seal; `None` when the page had nothing to seal.
			seal: Option<SealId>,
			/// Records sealed by this call.
			items: Vec<SealItem>,
			/// Cursor of the next page; `None` at the end of the patient's index.
			next: Option<u32>,
		},
		/// A court recorded a verification verdict.
		VerdictRecorded {
			/// The case.
			case: CaseId,
			/// Verdict number in the case.
			index: u32,
			/// The record.
			record: RecordId,
			/// The institution whose record it is.
			institution: EntityId,
			/// The party that presented the document.
			presented_by: Presenter,
			/// The verdict.
			verdict: Verdict,
			/// The matching version.
			version: Option<medanchor_primitives::anchors::VersionIndex>,
			/// Whether the matching version was anchored at generation.
			timeliness: Option<medanchor_primitives::anchors::Timeliness>,
		},
	}

	/// Errors of the judicial pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The designator is not one to six Chinese characters followed by up to six digits.
		MalformedDesignator,
		/// Another registered court has this designator.
		DesignatorInUse,
		/// The name is empty, not UTF-8, or contains control or invisible characters.
		InvalidName,
		/// The name is longer than `MaxNameLength` bytes.
		NameTooLong,
		/// The region is not a GB/T 2260 code.
		InvalidRegionCode,
		/// A court would have more than `MaxClerks` clerks.
		TooManyClerks,
		/// The account is already a clerk of a court.
		AlreadyAClerk,
		/// The account acts for a registered institution or platform and cannot be a clerk.
		AccountActsForEntity,
		/// No court has this id.
		CourtNotFound,
		/// The court was removed.
		CourtRemoved,
		/// The court is suspended, or not active for this change.
		CourtNotActive,
		/// The court is not suspended.
		CourtNotSuspended,
		/// The court still has open cases.
		CourtHasOpenCases,
		/// The signer is not a clerk of any court.
		NotAClerk,
		/// The case number does not have the shape `（year）designator type serial号`, or its year
		/// is outside 2000 to 2099.
		MalformedCaseNumber,
		/// The case number carries another court's designator.
		CaseNumberOfOtherCourt,
		/// A case with this number exists.
		CaseNumberInUse,
		/// The case names no institution.
		NoInstitutions,
		/// The case names more than `MaxCaseInstitutions` institutions.
		TooManyInstitutions,
		/// The case names an institution twice.
		DuplicateInstitution,
		/// No entity has this id.
		InstitutionNotFound,
		/// The entity is an evidence storage platform, not a medical institution.
		NotAnInstitution,
		/// No case has this id.
		CaseNotFound,
		/// Another court opened the case.
		CaseOfOtherCourt,
		/// The case is closed.
		CaseNotOpen,
		/// The record, batch, seal or presenter belongs to an institution the case does not
		/// name.
		NotCaseInstitution,
		/// The record, batch or seal belongs to another patient than the case's.
		NotCasePatient,
		/// No record with this id is anchored.
		RecordNotFound,
		/// No batch with this id is anchored.
		BatchNotFound,
		/// The record is anchored; record a verdict on it instead.
		RecordIsAnchored,
		/// A query asked for more than `MaxMembersPerQuery` members, or none.
		InvalidMemberCount,
		/// A member's audit path is longer than `MaxProofLength`.
		ProofTooLong,
		/// The case's access log has `MaxAccessEntries` entries.
		AccessLogFull,
		/// The call names no item.
		NoItems,
		/// The call names more than `MaxItemsPerCall` items.
		TooManyItems,
		/// The call names an item twice.
		DuplicateItem,
		/// The item is already sealed by this case, by its own or an adopted seal.
		AlreadySealedByCase,
		/// The item is already in this seal.
		AlreadyInSeal,
		/// The seal would hold more than `MaxSealItems` items.
		TooManySealItems,
		/// The item is held by `MaxSealsPerItem` active seals already.
		TooManySealsOnItem,
		/// The item is held by `MaxAgreedSealsPerItem` active seals by agreement already.
		TooManyAgreedSeals,
		/// The patient side's key is degenerate (the sr25519 identity or an Ed25519 point of
		/// small order): a fixed signature would verify under it for any seal list.
		WeakPatientKey,
		/// The signer is not the admin of an active medical institution.
		NotAnInstitutionAdmin,
		/// The institution the signer acts for is suspended or revoked.
		InstitutionNotActive,
		/// The record or batch belongs to another institution than the seal's.
		NotSealInstitution,
		/// The record or batch belongs to another patient than the seal's, or the batch names
		/// no patient.
		NotSealPatient,
		/// The record belongs to an encounter that the seal does not hold.
		EncounterNotInSeal,
		/// The seal's records belong to more than `MaxSealEncounters` encounters.
		TooManyEncounters,
		/// Another agreed seal has this reference.
		ReferenceInUse,
		/// The patient side's signature does not verify with its key over the seal list.
		BadPatientSignature,
		/// No seal has this id.
		SealNotFound,
		/// The seal was ordered by a court, not agreed.
		NotAnAgreedSeal,
		/// A case adopted the seal already.
		SealAlreadyAdopted,
		/// The seal lapsed or was lifted.
		SealNotActive,
		/// The case adopted `MaxAdoptedSeals` seals already.
		TooManyAdoptedSeals,
		/// This document, from this presenter, was verified in this case already.
		AlreadyVerified,
		/// The case has `MaxVerdictsPerCase` verdicts.
		TooManyVerdicts,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxItemsPerCall::get() > 0, "MaxItemsPerCall must be positive");
			assert!(
				T::MaxSealItems::get() >= T::MaxItemsPerCall::get(),
				"a seal must hold at least one call's items"
			);
			assert!(T::MaxQueryPage::get() > 0, "MaxQueryPage must be positive");
			assert!(
				T::MaxAgreedSealsPerItem::get() < T::MaxSealsPerItem::get(),
				"courts need places that agreed seals cannot take"
			);
			assert!(T::AgreedSealLapse::get() > 0, "AgreedSealLapse must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a court with its designator, name, region and clerk accounts.
		///
		/// Origin: `JudicialOrigin`.
		///
		/// # Errors
		/// - `MalformedDesignator`, `DesignatorInUse`, `InvalidName`, `NameTooLong`,
		///   `InvalidRegionCode`: bad court details.
		/// - `TooManyClerks`, `AlreadyAClerk`, `AccountActsForEntity`: bad clerk list.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_court(clerks.len().saturated_into()))]
		pub fn register_court(
			origin: OriginFor<T>,
			designator: Vec<u8>,
			name: Vec<u8>,
			region: RegionCode,
			clerks: Vec<T::AccountId>,
		) -> DispatchResult {
			T::JudicialOrigin::ensure_origin(origin)?;
			ensure!(case_number::is_valid_designator(&designator), Error::<T>::MalformedDesignator);
			let designator: Designator =
				designator.try_into().map_err(|_| Error::<T>::MalformedDesignator)?;
			ensure!(!CourtDesignators::<T>::contains_key(&designator), Error::<T>::DesignatorInUse);
			ensure!(is_valid_text(&name), Error::<T>::InvalidName);
			let name: BoundedVec<u8, T::MaxNameLength> =
				name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
			ensure!(is_valid_region_code(&region), Error::<T>::InvalidRegionCode);
			let bounded_clerks: BoundedVec<T::AccountId, T::MaxClerks> =
				clerks.clone().try_into().map_err(|_| Error::<T>::TooManyClerks)?;

			let court = NextCourtId::<T>::get();
			NextCourtId::<T>::put(court.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			for clerk in &bounded_clerks {
				Self::bind_clerk(clerk, court)?;
			}
			CourtDesignators::<T>::insert(&designator, court);
			Courts::<T>::insert(
				court,
				CourtInfo {
					designator: designator.clone(),
					name,
					region,
					status: CourtStatus::Active,
					clerks: bounded_clerks,
					open_cases: 0,
				},
			);
			Self::deposit_event(Event::CourtRegistered {
				court,
				designator: designator.into_inner(),
				clerks,
			});
			Ok(())
		}

		/// Adds a clerk account to a court that is not removed.
		///
		/// Origin: `JudicialOrigin`.
		///
		/// # Errors
		/// - `CourtNotFound`, `CourtRemoved`.
		/// - `TooManyClerks`, `AlreadyAClerk`, `AccountActsForEntity`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_clerk())]
		pub fn add_clerk(
			origin: OriginFor<T>,
			court: CourtId,
			clerk: T::AccountId,
		) -> DispatchResult {
			T::JudicialOrigin::ensure_origin(origin)?;
			Courts::<T>::try_mutate(court, |info| -> DispatchResult {
				let info = info.as_mut().ok_or(Error::<T>::CourtNotFound)?;
				ensure!(info.status != CourtStatus::Removed, Error::<T>::CourtRemoved);
				info.clerks.try_push(clerk.clone()).map_err(|_| Error::<T>::TooManyClerks)?;
				Self::bind_clerk(&clerk, court)
			})?;
			Self::deposit_event(Event::ClerkAdded { court, clerk });
			Ok(())
		}

		/// Removes a clerk account from its court.
		///
		/// Origin: `JudicialOrigin`.
		///
		/// # Errors
		/// - `NotAClerk`: the account is not a clerk.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_clerk())]
		pub fn remove_clerk(origin: OriginFor<T>, clerk: T::AccountId) -> DispatchResult {
			T::JudicialOrigin::ensure_origin(origin)?;
			let court = Clerks::<T>::take(&clerk).ok_or(Error::<T>::NotAClerk)?;
			Courts::<T>::mutate(court, |info| {
				if let Some(info) = info {
					info.clerks.retain(|account| *account != clerk);
				}
			});
			Self::deposit_event(Event::ClerkRemoved { court, clerk });
			Ok(())
		}

		/// Suspends a court: its clerks cannot act until it is reinstated. Its open cases and
		/// their seals stay.
		///
		/// Origin: `JudicialOrigin`.
		///
		/// # Errors
		/// - `CourtNotFound`, `CourtRemoved`, `CourtNotActive` (suspended already).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::suspend_court())]
		pub fn suspend_court(origin: OriginFor<T>, court: CourtId) -> DispatchResult {
			T::JudicialOrigin::ensure_origin(origin)?;
			Self::set_court_status(court, CourtStatus::Active, CourtStatus::Suspended)?;
			Self::deposit_event(Event::CourtSuspended { court });
			Ok(())
		}

		/// Reinstates a suspended court.
		///
		/// Origin: `JudicialOrigin`.
		///
		/// # Errors
		/// - `CourtNotFound`, `CourtRemoved`, `CourtNotSuspended`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reinstate_court())]
		pub fn reinstate_court(origin: OriginFor<T>, court: CourtId) -> DispatchResult {
			T::JudicialOrigin::ensure_origin(origin)?;
			Self::set_court_status(court, CourtStatus::Suspended, CourtStatus::Active)?;
			Self::deposit_event(Event::CourtReinstated { court });
			Ok(())
		}

		/// Removes a court that has no open case, with its clerks. The court's entry stays so
		/// that its past cases still name it; its designator becomes free.
		///
		/// Origin: `JudicialOrigin`.
		///
		/// # Errors
		/// - `CourtNotFound`, `CourtRemoved`, `CourtHasOpenCases`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_court(T::MaxClerks::get()))]
		pub fn remove_court(origin: OriginFor<T>, court: CourtId) -> DispatchResultWithPostInfo {
			T::JudicialOrigin::ensure_origin(origin)?;
			let clerks = Courts::<T>::try_mutate(court, |info| -> Result<u32, DispatchError> {
				let info = info.as_mut().ok_or(Error::<T>::CourtNotFound)?;
				ensure!(info.status != CourtStatus::Removed, Error::<T>::CourtRemoved);
				ensure!(info.open_cases == 0, Error::<T>::CourtHasOpenCases);
				info.status = CourtStatus::Removed;
				let clerks = core::mem::take(&mut info.clerks);
				for clerk in &clerks {
					Clerks::<T>::remove(clerk);
				}
				CourtDesignators::<T>::remove(&info.designator);
				Ok(clerks.len().saturated_into())
			})?;
			Self::deposit_event(Event::CourtRemoved { court });
			Ok(Some(T::WeightInfo::remove_court(clerks)).into())
		}

		/// Opens a case under its case number, naming the institutions involved and the
		/// patient reference.
		///
		/// Origin: a clerk of an active court; the number must carry that court's designator.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`.
		/// - `MalformedCaseNumber`, `CaseNumberOfOtherCourt`, `CaseNumberInUse`.
		/// - `NoInstitutions`, `TooManyInstitutions`, `DuplicateInstitution`,
		///   `InstitutionNotFound`, `NotAnInstitution`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::open_case(institutions.len().saturated_into()))]
		pub fn open_case(
			origin: OriginFor<T>,
			number: Vec<u8>,
			institutions: Vec<EntityId>,
			patient: PatientRef,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (court, mut court_info) = Self::active_clerk(&who)?;
			let stored = case_number::canonical_case_number(&number, &court_info.designator)
				.map_err(|error| match error {
					case_number::CaseNumberError::Malformed => Error::<T>::MalformedCaseNumber,
					case_number::CaseNumberError::OtherCourt => Error::<T>::CaseNumberOfOtherCourt,
				})?;
			let stored: CaseNumber =
				stored.try_into().map_err(|_| Error::<T>::MalformedCaseNumber)?;
			ensure!(!CaseNumbers::<T>::contains_key(&stored), Error::<T>::CaseNumberInUse);

			ensure!(!institutions.is_empty(), Error::<T>::NoInstitutions);
			let bounded: BoundedVec<EntityId, T::MaxCaseInstitutions> =
				institutions.clone().try_into().map_err(|_| Error::<T>::TooManyInstitutions)?;
			for (position, institution) in bounded.iter().enumerate() {
				ensure!(
					!bounded.iter().take(position).any(|earlier| earlier == institution),
					Error::<T>::DuplicateInstitution
				);
				let kind =
					T::Registry::kind(*institution).ok_or(Error::<T>::InstitutionNotFound)?;
				ensure!(kind.is_institution(), Error::<T>::NotAnInstitution);
			}

			let case = NextCaseId::<T>::get();
			NextCaseId::<T>::put(case.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			court_info.open_cases =
				court_info.open_cases.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			Courts::<T>::insert(court, court_info);
			CaseNumbers::<T>::insert(&stored, case);
			Cases::<T>::insert(
				case,
				CaseInfo {
					court,
					number: stored.clone(),
					institutions: bounded,
					patient,
					opened_block: frame_system::Pallet::<T>::block_number(),
					opened_at: Self::now_millis(),
					closed: None,
					court_seal: None,
					adopted: BoundedVec::new(),
					access_entries: 0,
					verdicts: 0,
				},
			);
			Self::deposit_event(Event::CaseOpened {
				case,
				court,
				number: stored.into_inner(),
				institutions,
				patient,
			});
			Ok(())
		}

		/// Closes a case. Its seals, its own and the adopted ones, stop holding; a record that
		/// another open case sealed stays held.
		///
		/// Origin: a clerk of the active court that opened the case.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::close_case())]
		pub fn close_case(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (court, mut info) = Self::open_case_of(&who, case)?;
			info.closed = Some((frame_system::Pallet::<T>::block_number(), Self::now_millis()));
			let seals_lifted: Vec<SealId> = info.seals().collect();
			Cases::<T>::insert(case, info);
			Courts::<T>::mutate(court, |court| {
				if let Some(court) = court {
					court.open_cases = court.open_cases.saturating_sub(1);
				}
			});
			Self::deposit_event(Event::CaseClosed { case, court, seals_lifted });
			Ok(())
		}

		/// Discloses a page of the case patient's records at one of the case's institutions:
		/// positions `cursor` to `cursor + limit` of the patient's index, at most
		/// `MaxQueryPage`. Logged in the case's access log.
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `NotCaseInstitution`, `AccessLogFull`.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::query_patient_records(
			(*limit).clamp(1, T::MaxQueryPage::get())
		))]
		pub fn query_patient_records(
			origin: OriginFor<T>,
			case: CaseId,
			institution: EntityId,
			cursor: u32,
			limit: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (court, mut info) = Self::open_case_of(&who, case)?;
			ensure!(info.institutions.contains(&institution), Error::<T>::NotCaseInstitution);
			let limit = limit.clamp(1, T::MaxQueryPage::get());
			let page = T::Anchors::patient_records(&info.patient, cursor, limit);
			let records: Vec<DisclosedRecord> = page
				.records
				.iter()
				.filter_map(T::Anchors::record)
				.filter(|record| record.institution == institution)
				.filter_map(|record| {
					Some(DisclosedRecord {
						id: record.id,
						encounter: record.encounter,
						sequence: record.sequence,
						kind: record.kind,
						versions: record.versions.len().saturated_into(),
						latest: record.versions.last()?.content_hash,
					})
				})
				.collect();
			let disclosed: Vec<SealItem> =
				records.iter().map(|record| SealItem::Record(record.id)).collect();
			let entry = Self::log_access(
				case,
				&mut info,
				court,
				who,
				AccessQuery::PatientRecords {
					institution,
					cursor,
					disclosed: records.len().saturated_into(),
				},
				&disclosed,
			)?;
			Cases::<T>::insert(case, info);
			Self::deposit_event(Event::PatientRecordsDisclosed {
				case,
				entry,
				institution,
				records,
				next: page.next,
			});
			Ok(())
		}

		/// Discloses one record of the case with every version. Logged in the case's access
		/// log.
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `RecordNotFound`, `NotCaseInstitution`, `NotCasePatient`, `AccessLogFull`.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::query_record())]
		pub fn query_record(
			origin: OriginFor<T>,
			case: CaseId,
			record: RecordId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (court, mut info) = Self::open_case_of(&who, case)?;
			let view = T::Anchors::record(&record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(info.institutions.contains(&view.institution), Error::<T>::NotCaseInstitution);
			ensure!(view.patient == info.patient, Error::<T>::NotCasePatient);
			let entry = Self::log_access(
				case,
				&mut info,
				court,
				who,
				AccessQuery::Record(record),
				&[SealItem::Record(record)],
			)?;
			Cases::<T>::insert(case, info);
			Self::deposit_event(Event::RecordDisclosed { case, entry, record: view });
			Ok(())
		}

		/// Discloses a batch of the case and checks members' inclusion proofs against its
		/// root. Logged in the case's access log.
		///
		/// The batch must belong to one of the case's institutions and name the case's patient
		/// or no patient (a ward's or a device's stream).
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `BatchNotFound`, `NotCaseInstitution`, `NotCasePatient`.
		/// - `InvalidMemberCount`, `ProofTooLong`, `AccessLogFull`.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::query_batch(
			(members.len() as u32).clamp(1, T::MaxMembersPerQuery::get())
		))]
		pub fn query_batch(
			origin: OriginFor<T>,
			case: CaseId,
			batch: BatchId,
			members: Vec<MemberQuery>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (court, mut info) = Self::open_case_of(&who, case)?;
			ensure!(
				!members.is_empty() && members.len() <= T::MaxMembersPerQuery::get() as usize,
				Error::<T>::InvalidMemberCount
			);
			ensure!(
				members
					.iter()
					.all(|member| member.proof.len() <= T::MaxProofLength::get() as usize),
				Error::<T>::ProofTooLong
			);
			let view = T::Anchors::batch(&batch).ok_or(Error::<T>::BatchNotFound)?;
			ensure!(info.institutions.contains(&view.institution), Error::<T>::NotCaseInstitution);
			ensure!(
				view.patient.is_none_or(|patient| patient == info.patient),
				Error::<T>::NotCasePatient
			);
			let statuses: Vec<MemberStatus> = members
				.into_iter()
				.map(|member| {
					let status = T::Anchors::verify_batch_member(
						&batch,
						member.leaf,
						member.index,
						member.proof,
					);
					(member.index, status)
				})
				.collect();
			let entry = Self::log_access(
				case,
				&mut info,
				court,
				who,
				AccessQuery::Batch { batch, members: statuses.len().saturated_into() },
				&[SealItem::Batch(batch)],
			)?;
			Cases::<T>::insert(case, info);
			Self::deposit_event(Event::BatchDisclosed {
				case,
				entry,
				batch: view,
				members: statuses,
			});
			Ok(())
		}

		/// Seals records and batches by agreement between an institution and the patient side
		/// (封存 under the medical-dispute rules), before or without a case.
		///
		/// The patient side signs the message of
		/// [`seal_agreement_message`](medanchor_primitives::judicial::seal_agreement_message)
		/// with `patient_key`; a signature over that message wrapped in `<Bytes>` and
		/// `</Bytes>`, as browser wallets sign, is accepted too. The seal lapses after
		/// `AgreedSealLapse` unless a case adopts it.
		///
		/// Origin: the admin of an active medical institution; every item is that
		/// institution's and the patient's.
		///
		/// # Errors
		/// - `NotAnInstitutionAdmin`, `InstitutionNotActive`.
		/// - `ReferenceInUse`, `NoItems`, `TooManyItems`, `DuplicateItem`.
		/// - `RecordNotFound`, `BatchNotFound`, `NotSealInstitution`, `NotSealPatient`,
		///   `TooManyEncounters`, `TooManySealsOnItem`, `TooManyAgreedSeals`.
		/// - `WeakPatientKey`, `BadPatientSignature`.
		#[pallet::call_index(30)]
		#[pallet::weight(T::WeightInfo::seal_by_agreement(
			(items.len() as u32).clamp(1, T::MaxItemsPerCall::get())
		))]
		pub fn seal_by_agreement(
			origin: OriginFor<T>,
			reference: [u8; 32],
			patient: PatientRef,
			items: Vec<SealItem>,
			patient_key: PatientKey,
			signature: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let institution = Self::institution_admin(&who)?;
			ensure!(!AgreementReferences::<T>::contains_key(reference), Error::<T>::ReferenceInUse);
			Self::check_item_count(&items)?;
			ensure!(!patient_key.is_weak(), Error::<T>::WeakPatientKey);
			let message = seal_agreement_message(
				&Self::genesis_hash(),
				&reference,
				institution,
				&patient,
				&items,
			);
			ensure!(
				Self::signature_is_valid(&message, &patient_key, &signature),
				Error::<T>::BadPatientSignature
			);

			let now = Self::now_millis();
			let lapses_at = now.saturating_add(T::AgreedSealLapse::get());
			let seal = Self::next_seal_id()?;
			let mut info = SealInfo {
				basis: SealBasis::Agreement {
					institution,
					reference,
					patient_key,
					lapses_at,
					adopted_by: None,
					additions: 0,
				},
				patient,
				items: 0,
				encounters: BoundedVec::new(),
				created_block: frame_system::Pallet::<T>::block_number(),
				created_at: now,
			};
			for item in &items {
				let facts = Self::item_facts(item)?;
				ensure!(facts.institution == institution, Error::<T>::NotSealInstitution);
				ensure!(facts.patient == Some(patient), Error::<T>::NotSealPatient);
				if let Some(encounter) = facts.encounter {
					if !info.encounters.contains(&encounter) {
						info.encounters
							.try_push(encounter)
							.map_err(|_| Error::<T>::TooManyEncounters)?;
					}
				}
				Self::add_item(seal, &mut info, item)?;
			}
			Seals::<T>::insert(seal, info);
			AgreementReferences::<T>::insert(reference, seal);
			AgreementSignatures::<T>::insert(seal, 0, signature);
			Self::deposit_event(Event::SealedByAgreement {
				seal,
				institution,
				patient,
				reference,
				items,
				lapses_at,
			});
			Ok(())
		}

		/// Adds records and batches to an active seal by agreement, with the patient side's
		/// signature by the seal's key over the message of
		/// [`seal_addition_message`](medanchor_primitives::judicial::seal_addition_message).
		/// Added records must belong to an encounter the seal already holds records of.
		///
		/// Origin: the admin of the seal's institution, which must be active.
		///
		/// # Errors
		/// - `NotAnInstitutionAdmin`, `InstitutionNotActive`, `NotSealInstitution`.
		/// - `SealNotFound`, `NotAnAgreedSeal`, `SealNotActive`.
		/// - `NoItems`, `TooManyItems`, `DuplicateItem`, `AlreadyInSeal`, `TooManySealItems`.
		/// - `RecordNotFound`, `BatchNotFound`, `NotSealPatient`, `EncounterNotInSeal`,
		///   `TooManySealsOnItem`, `TooManyAgreedSeals`.
		/// - `BadPatientSignature`.
		#[pallet::call_index(31)]
		#[pallet::weight(T::WeightInfo::add_to_agreed_seal(
			(items.len() as u32).clamp(1, T::MaxItemsPerCall::get())
		))]
		pub fn add_to_agreed_seal(
			origin: OriginFor<T>,
			seal: SealId,
			items: Vec<SealItem>,
			signature: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let signer_institution = Self::institution_admin(&who)?;
			let mut info = Seals::<T>::get(seal).ok_or(Error::<T>::SealNotFound)?;
			let SealBasis::Agreement { institution, reference, patient_key, additions, .. } =
				info.basis.clone()
			else {
				return Err(Error::<T>::NotAnAgreedSeal.into());
			};
			ensure!(signer_institution == institution, Error::<T>::NotSealInstitution);
			ensure!(Self::seal_state(&info) == SealState::Active, Error::<T>::SealNotActive);
			Self::check_item_count(&items)?;
			let message =
				seal_addition_message(&Self::genesis_hash(), &reference, additions, &items);
			ensure!(
				Self::signature_is_valid(&message, &patient_key, &signature),
				Error::<T>::BadPatientSignature
			);
			for item in &items {
				let facts = Self::item_facts(item)?;
				ensure!(facts.institution == institution, Error::<T>::NotSealInstitution);
				ensure!(facts.patient == Some(info.patient), Error::<T>::NotSealPatient);
				if let Some(encounter) = facts.encounter {
					ensure!(info.encounters.contains(&encounter), Error::<T>::EncounterNotInSeal);
				}
				ensure!(!SealItems::<T>::contains_key(seal, item), Error::<T>::AlreadyInSeal);
				Self::add_item(seal, &mut info, item)?;
			}
			let addition = additions.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			if let SealBasis::Agreement { additions, .. } = &mut info.basis {
				*additions = addition;
			}
			Seals::<T>::insert(seal, info);
			AgreementSignatures::<T>::insert(seal, addition, signature);
			Self::deposit_event(Event::AddedToAgreedSeal { seal, addition, items });
			Ok(())
		}

		/// Adopts an active seal by agreement into a case: it then holds until the case closes
		/// instead of lapsing.
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `SealNotFound`, `NotAnAgreedSeal`, `SealAlreadyAdopted`, `SealNotActive`.
		/// - `NotCaseInstitution`, `NotCasePatient`, `TooManyAdoptedSeals`.
		#[pallet::call_index(32)]
		#[pallet::weight(T::WeightInfo::adopt_seal())]
		pub fn adopt_seal(origin: OriginFor<T>, case: CaseId, seal: SealId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (_, mut case_info) = Self::open_case_of(&who, case)?;
			let mut seal_info = Seals::<T>::get(seal).ok_or(Error::<T>::SealNotFound)?;
			let state = Self::seal_state(&seal_info);
			let SealBasis::Agreement { institution, adopted_by, .. } = &mut seal_info.basis else {
				return Err(Error::<T>::NotAnAgreedSeal.into());
			};
			ensure!(adopted_by.is_none(), Error::<T>::SealAlreadyAdopted);
			ensure!(state == SealState::Active, Error::<T>::SealNotActive);
			ensure!(case_info.institutions.contains(institution), Error::<T>::NotCaseInstitution);
			ensure!(seal_info.patient == case_info.patient, Error::<T>::NotCasePatient);
			*adopted_by = Some(case);
			case_info.adopted.try_push(seal).map_err(|_| Error::<T>::TooManyAdoptedSeals)?;
			Seals::<T>::insert(seal, seal_info);
			Cases::<T>::insert(case, case_info);
			Self::deposit_event(Event::SealAdopted { case, seal });
			Ok(())
		}

		/// Seals records and batches of a case by court order, until the case closes.
		///
		/// Each record must belong to one of the case's institutions and to the case's
		/// patient; a batch must name the case's patient or no patient.
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `NoItems`, `TooManyItems`, `DuplicateItem`.
		/// - `RecordNotFound`, `BatchNotFound`, `NotCaseInstitution`, `NotCasePatient`.
		/// - `AlreadySealedByCase`, `TooManySealItems`, `TooManySealsOnItem`.
		#[pallet::call_index(33)]
		#[pallet::weight(T::WeightInfo::seal_items(
			(items.len() as u32).clamp(1, T::MaxItemsPerCall::get())
		))]
		pub fn seal_items(
			origin: OriginFor<T>,
			case: CaseId,
			items: Vec<SealItem>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (_, mut case_info) = Self::open_case_of(&who, case)?;
			Self::check_item_count(&items)?;
			let (seal, mut seal_info) = Self::court_seal(case, &mut case_info)?;
			for item in &items {
				let facts = Self::item_facts(item)?;
				ensure!(
					case_info.institutions.contains(&facts.institution),
					Error::<T>::NotCaseInstitution
				);
				ensure!(
					facts.patient.is_none_or(|patient| patient == case_info.patient),
					Error::<T>::NotCasePatient
				);
				ensure!(!Self::sealed_by_case(&case_info, item), Error::<T>::AlreadySealedByCase);
				Self::add_item(seal, &mut seal_info, item)?;
			}
			Seals::<T>::insert(seal, seal_info);
			Cases::<T>::insert(case, case_info);
			Self::deposit_event(Event::SealedByCourt { case, seal, items });
			Ok(())
		}

		/// Seals, by court order, every record of the case's patient at one of its
		/// institutions found in positions `cursor` to `cursor + MaxItemsPerCall` of the
		/// patient's index. Records this case sealed already are skipped. The
		/// `PatientRecordsSealed` event gives the cursor of the next page.
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `NotCaseInstitution`, `TooManySealItems`, `TooManySealsOnItem`.
		#[pallet::call_index(34)]
		#[pallet::weight(T::WeightInfo::seal_patient_records(T::MaxItemsPerCall::get()))]
		pub fn seal_patient_records(
			origin: OriginFor<T>,
			case: CaseId,
			institution: EntityId,
			cursor: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (_, mut case_info) = Self::open_case_of(&who, case)?;
			ensure!(case_info.institutions.contains(&institution), Error::<T>::NotCaseInstitution);
			let page =
				T::Anchors::patient_records(&case_info.patient, cursor, T::MaxItemsPerCall::get());
			let mut sealing: Option<(SealId, SealOf<T>)> = None;
			let mut items = Vec::new();
			for id in &page.records {
				let Some(record) = T::Anchors::record(id) else { continue };
				let item = SealItem::Record(*id);
				if record.institution != institution || Self::sealed_by_case(&case_info, &item) {
					continue;
				}
				// The case's seal is made only once the page has something to seal.
				if sealing.is_none() {
					sealing = Some(Self::court_seal(case, &mut case_info)?);
				}
				let Some((seal, seal_info)) = sealing.as_mut() else { continue };
				Self::add_item(*seal, seal_info, &item)?;
				items.push(item);
			}
			let seal = match sealing {
				Some((seal, seal_info)) => {
					Seals::<T>::insert(seal, seal_info);
					Cases::<T>::insert(case, case_info);
					Some(seal)
				},
				None => None,
			};
			Self::deposit_event(Event::PatientRecordsSealed {
				case,
				institution,
				seal,
				items,
				next: page.next,
			});
			Ok(Some(T::WeightInfo::seal_patient_records(page.records.len().saturated_into()))
				.into())
		}

		/// Records the verdict on a document presented in a case as a version of an anchored
		/// record: the presented hash compared with every version. The verdict is reported to
		/// the reputation pallet.
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `RecordNotFound`: no such record is anchored; `record_not_anchored` records that.
		/// - `NotCaseInstitution`, `NotCasePatient`, `AlreadyVerified`, `TooManyVerdicts`.
		#[pallet::call_index(40)]
		#[pallet::weight(T::WeightInfo::record_verdict())]
		pub fn record_verdict(
			origin: OriginFor<T>,
			case: CaseId,
			record: RecordId,
			presented: ContentHash,
			presented_by: Presenter,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (_, mut info) = Self::open_case_of(&who, case)?;
			Self::check_presenter(&info, presented_by)?;
			let view = T::Anchors::record(&record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(info.institutions.contains(&view.institution), Error::<T>::NotCaseInstitution);
			ensure!(view.patient == info.patient, Error::<T>::NotCasePatient);
			let verification = T::Anchors::verify_content(&record, presented);
			Self::store_verdict(
				case,
				&mut info,
				VerdictEntry {
					record,
					institution: view.institution,
					presented,
					presented_by,
					verdict: verification.verdict,
					version: verification.version,
					timeliness: verification.timeliness,
					writing: verification.writing,
					versions: verification.versions,
					clerk: who,
					block: frame_system::Pallet::<T>::block_number(),
					at: Self::now_millis(),
				},
			)
		}

		/// Records that a document presented in a case as a record of one of its institutions
		/// has no anchor at all. The `NotAnchored` verdict is reported to the reputation
		/// pallet against that institution.
		///
		/// Origin: a clerk of the active court that opened the case, while it is open.
		///
		/// # Errors
		/// - `NotAClerk`, `CourtNotActive`, `CaseNotFound`, `CaseOfOtherCourt`, `CaseNotOpen`.
		/// - `NotCaseInstitution`, `RecordIsAnchored`, `AlreadyVerified`, `TooManyVerdicts`.
		#[pallet::call_index(41)]
		#[pallet::weight(T::WeightInfo::record_verdict())]
		pub fn record_not_anchored(
			origin: OriginFor<T>,
			case: CaseId,
			institution: EntityId,
			record: RecordId,
			presented: ContentHash,
			presented_by: Presenter,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (_, mut info) = Self::open_case_of(&who, case)?;
			Self::check_presenter(&info, presented_by)?;
			ensure!(info.institutions.contains(&institution), Error::<T>::NotCaseInstitution);
			ensure!(T::Anchors::record(&record).is_none(), Error::<T>::RecordIsAnchored);
			Self::store_verdict(
				case,
				&mut info,
				VerdictEntry {
					record,
					institution,
					presented,
					presented_by,
					verdict: Verdict::NotAnchored,
					version: None,
					timeliness: None,
					writing: None,
					versions: 0,
					clerk: who,
					block: frame_system::Pallet::<T>::block_number(),
					at: Self::now_millis(),
				},
			)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Returns the block time in milliseconds since the Unix epoch.
	pub fn now_millis() -> Millis {
		T::Time::now().as_millis().saturated_into()
	}

	/// Returns the chain's genesis hash as 32 bytes, the domain of patient-side signatures.
	pub fn genesis_hash() -> [u8; 32] {
		let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let mut bytes = [0u8; 32];
		let source = hash.as_ref();
		let length = source.len().min(32);
		if let (Some(target), Some(source)) = (bytes.get_mut(..length), source.get(..length)) {
			target.copy_from_slice(source);
		}
		bytes
	}

	/// Returns whether `signature` by `key` signs `message`, directly or wrapped in
	/// `<Bytes>`…`</Bytes>` as browser wallets sign raw messages.
	fn signature_is_valid(message: &[u8], key: &PatientKey, signature: &MultiSignature) -> bool {
		// `MultiSignature` checks against an account id, which is the same for an sr25519 and
		// an ed25519 key of the same bytes. The stored key must name the scheme that signed.
		let same_scheme = matches!(
			(key, signature),
			(PatientKey::Sr25519(_), MultiSignature::Sr25519(_))
				| (PatientKey::Ed25519(_), MultiSignature::Ed25519(_))
				| (PatientKey::Ecdsa(_), MultiSignature::Ecdsa(_))
		);
		if !same_scheme {
			return false;
		}
		let signer = MultiSigner::from(*key).into_account();
		if signature.verify(message, &signer) {
			return true;
		}
		let mut wrapped = Vec::with_capacity(message.len().saturating_add(15));
		wrapped.extend_from_slice(b"<Bytes>");
		wrapped.extend_from_slice(message);
		wrapped.extend_from_slice(b"</Bytes>");
		signature.verify(&wrapped[..], &signer)
	}

	/// Binds `clerk` to `court`, after checking that it is free.
	fn bind_clerk(clerk: &T::AccountId, court: CourtId) -> DispatchResult {
		ensure!(!Clerks::<T>::contains_key(clerk), Error::<T>::AlreadyAClerk);
		ensure!(T::Registry::binding(clerk).is_none(), Error::<T>::AccountActsForEntity);
		Clerks::<T>::insert(clerk, court);
		Ok(())
	}

	/// Moves a court from status `from` to `to`.
	fn set_court_status(court: CourtId, from: CourtStatus, to: CourtStatus) -> DispatchResult {
		Courts::<T>::try_mutate(court, |info| {
			let info = info.as_mut().ok_or(Error::<T>::CourtNotFound)?;
			ensure!(info.status != CourtStatus::Removed, Error::<T>::CourtRemoved);
			if info.status != from {
				return Err(match from {
					CourtStatus::Suspended => Error::<T>::CourtNotSuspended,
					_ => Error::<T>::CourtNotActive,
				}
				.into());
			}
			info.status = to;
			Ok(())
		})
	}

	/// Returns the court of a clerk whose court is active.
	fn active_clerk(who: &T::AccountId) -> Result<(CourtId, CourtOf<T>), DispatchError> {
		let court = Clerks::<T>::get(who).ok_or(Error::<T>::NotAClerk)?;
		let info = Courts::<T>::get(court).ok_or(Error::<T>::CourtNotFound)?;
		ensure!(info.status == CourtStatus::Active, Error::<T>::CourtNotActive);
		Ok((court, info))
	}

	/// Returns an open case of the clerk's court.
	fn open_case_of(
		who: &T::AccountId,
		case: CaseId,
	) -> Result<(CourtId, CaseOf<T>), DispatchError> {
		let (court, _) = Self::active_clerk(who)?;
		let info = Cases::<T>::get(case).ok_or(Error::<T>::CaseNotFound)?;
		ensure!(info.court == court, Error::<T>::CaseOfOtherCourt);
		ensure!(info.is_open(), Error::<T>::CaseNotOpen);
		Ok((court, info))
	}

	/// Returns the medical institution whose active admin `who` is.
	fn institution_admin(who: &T::AccountId) -> Result<EntityId, DispatchError> {
		match T::Registry::actor(who) {
			Some(actor) if actor.role == AccountRole::Admin && actor.kind.is_institution() => {
				Ok(actor.entity)
			},
			Some(_) => Err(Error::<T>::NotAnInstitutionAdmin.into()),
			None => match T::Registry::binding(who) {
				Some((entity, AccountRole::Admin))
					if T::Registry::kind(entity).is_some_and(|kind| kind.is_institution()) =>
				{
					Err(Error::<T>::InstitutionNotActive.into())
				},
				_ => Err(Error::<T>::NotAnInstitutionAdmin.into()),
			},
		}
	}

	/// Checks a presenter against a case.
	fn check_presenter(info: &CaseOf<T>, presenter: Presenter) -> DispatchResult {
		if let Presenter::Institution(institution) = presenter {
			ensure!(info.institutions.contains(&institution), Error::<T>::NotCaseInstitution);
		}
		Ok(())
	}

	/// Checks the number of items of a call and that none repeats.
	fn check_item_count(items: &[SealItem]) -> DispatchResult {
		ensure!(!items.is_empty(), Error::<T>::NoItems);
		ensure!(items.len() <= T::MaxItemsPerCall::get() as usize, Error::<T>::TooManyItems);
		for (position, item) in items.iter().enumerate() {
			ensure!(
				!items.iter().take(position).any(|earlier| earlier == item),
				Error::<T>::DuplicateItem
			);
		}
		Ok(())
	}

	/// Returns the institution, patient and encounter of an anchored record or batch.
	fn item_facts(item: &SealItem) -> Result<ItemFacts, DispatchError> {
		match item {
			SealItem::Record(id) => {
				let record = T::Anchors::record(id).ok_or(Error::<T>::RecordNotFound)?;
				Ok(ItemFacts {
					institution: record.institution,
					patient: Some(record.patient),
					encounter: Some(record.encounter),
				})
			},
			SealItem::Batch(id) => {
				let batch = T::Anchors::batch(id).ok_or(Error::<T>::BatchNotFound)?;
				Ok(ItemFacts {
					institution: batch.institution,
					patient: batch.patient,
					encounter: None,
				})
			},
		}
	}

	/// Takes the next seal id.
	fn next_seal_id() -> Result<SealId, DispatchError> {
		let seal = NextSealId::<T>::get();
		NextSealId::<T>::put(seal.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		Ok(seal)
	}

	/// Returns the case's seal by court order, made on first use.
	fn court_seal(
		case: CaseId,
		info: &mut CaseOf<T>,
	) -> Result<(SealId, SealOf<T>), DispatchError> {
		if let Some(seal) = info.court_seal {
			let seal_info = Seals::<T>::get(seal).ok_or(Error::<T>::SealNotFound)?;
			return Ok((seal, seal_info));
		}
		let seal = Self::next_seal_id()?;
		info.court_seal = Some(seal);
		Ok((
			seal,
			SealInfo {
				basis: SealBasis::CourtOrder { case },
				patient: info.patient,
				items: 0,
				encounters: BoundedVec::new(),
				created_block: frame_system::Pallet::<T>::block_number(),
				created_at: Self::now_millis(),
			},
		))
	}

	/// Returns whether the case's own or adopted seals name `item`.
	fn sealed_by_case(info: &CaseOf<T>, item: &SealItem) -> bool {
		info.seals().any(|seal| SealItems::<T>::contains_key(seal, item))
	}

	/// Adds `item` to a seal, within the bounds of the seal and of the item. Seals that no
	/// longer hold are dropped from the item's index first, so only active seals take its
	/// places and the index never has more than `MaxSealsPerItem` entries.
	fn add_item(seal: SealId, info: &mut SealOf<T>, item: &SealItem) -> DispatchResult {
		ensure!(info.items < T::MaxSealItems::get(), Error::<T>::TooManySealItems);
		let mut active = 0u32;
		let mut active_agreed = 0u32;
		let indexed: Vec<SealId> = ItemSeals::<T>::iter_key_prefix(item).collect();
		for other in indexed {
			match Seals::<T>::get(other) {
				Some(other_info) if Self::seal_state(&other_info) == SealState::Active => {
					active = active.saturating_add(1);
					if other_info.is_unadopted_agreement() {
						active_agreed = active_agreed.saturating_add(1);
					}
				},
				_ => ItemSeals::<T>::remove(item, other),
			}
		}
		ensure!(active < T::MaxSealsPerItem::get(), Error::<T>::TooManySealsOnItem);
		if info.is_unadopted_agreement() {
			ensure!(
				active_agreed < T::MaxAgreedSealsPerItem::get(),
				Error::<T>::TooManyAgreedSeals
			);
		}
		info.items = info.items.saturating_add(1);
		SealItems::<T>::insert(seal, item, ());
		ItemSeals::<T>::insert(item, seal, ());
		Ok(())
	}

	/// Returns whether a seal holds its items now.
	pub fn seal_state(info: &SealOf<T>) -> SealState {
		let case_open =
			|case: CaseId| Cases::<T>::get(case).is_some_and(|case_info| case_info.is_open());
		match &info.basis {
			SealBasis::CourtOrder { case }
			| SealBasis::Agreement { adopted_by: Some(case), .. } => {
				if case_open(*case) {
					SealState::Active
				} else {
					SealState::Lifted
				}
			},
			SealBasis::Agreement { lapses_at, adopted_by: None, .. } => {
				if Self::now_millis() < *lapses_at {
					SealState::Active
				} else {
					SealState::Lapsed
				}
			},
		}
	}

	/// Returns whether an active seal holds `item`.
	pub fn is_held(item: &SealItem) -> bool {
		ItemSeals::<T>::iter_key_prefix(item).any(|seal| {
			Seals::<T>::get(seal).is_some_and(|info| Self::seal_state(&info) == SealState::Active)
		})
	}

	/// Appends an entry to a case's access log and indexes the items it disclosed.
	fn log_access(
		case: CaseId,
		info: &mut CaseOf<T>,
		court: CourtId,
		clerk: T::AccountId,
		query: AccessQuery,
		disclosed: &[SealItem],
	) -> Result<u32, DispatchError> {
		let entry = info.access_entries;
		ensure!(entry < T::MaxAccessEntries::get(), Error::<T>::AccessLogFull);
		info.access_entries = entry.saturating_add(1);
		AccessLog::<T>::insert(
			case,
			entry,
			AccessEntry {
				court,
				clerk,
				query,
				block: frame_system::Pallet::<T>::block_number(),
				at: Self::now_millis(),
			},
		);
		for item in disclosed {
			ItemAccess::<T>::insert(item, (case, entry), ());
		}
		Ok(entry)
	}

	/// Stores a verdict once per case, record, presented hash and presenter, and reports it.
	fn store_verdict(
		case: CaseId,
		info: &mut CaseOf<T>,
		verdict: VerdictEntryOf<T>,
	) -> DispatchResult {
		let key = (case, verdict.record, verdict.presented, verdict.presented_by);
		ensure!(!VerdictKeys::<T>::contains_key(key), Error::<T>::AlreadyVerified);
		let index = info.verdicts;
		ensure!(index < T::MaxVerdictsPerCase::get(), Error::<T>::TooManyVerdicts);
		info.verdicts = index.saturating_add(1);
		VerdictKeys::<T>::insert(key, index);
		RecordVerdicts::<T>::insert(verdict.record, (case, index), ());
		Verdicts::<T>::insert(case, index, verdict.clone());
		Cases::<T>::insert(case, info.clone());
		T::Verdicts::on_verdict(verdict.institution, verdict.verdict, verdict.presented_by);
		Self::deposit_event(Event::VerdictRecorded {
			case,
			index,
			record: verdict.record,
			institution: verdict.institution,
			presented_by: verdict.presented_by,
			verdict: verdict.verdict,
			version: verdict.version,
			timeliness: verdict.timeliness,
		});
		Ok(())
	}

	/// Checks the pallet's invariants.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		let next_court = NextCourtId::<T>::get();
		let mut open_by_court = alloc::collections::BTreeMap::<CourtId, u32>::new();
		for (id, case) in Cases::<T>::iter() {
			ensure!(id < NextCaseId::<T>::get(), TryRuntimeError::Other("case id not assigned"));
			ensure!(
				CaseNumbers::<T>::get(&case.number) == Some(id),
				TryRuntimeError::Other("case number not indexed")
			);
			ensure!(case.court < next_court, TryRuntimeError::Other("case of unknown court"));
			if case.is_open() {
				let count = open_by_court.entry(case.court).or_default();
				*count = count.saturating_add(1);
			}
			ensure!(
				AccessLog::<T>::iter_prefix(id).count() == case.access_entries as usize,
				TryRuntimeError::Other("access log count differs")
			);
			ensure!(
				Verdicts::<T>::iter_prefix(id).count() == case.verdicts as usize,
				TryRuntimeError::Other("verdict count differs")
			);
		}
		for (id, court) in Courts::<T>::iter() {
			ensure!(
				open_by_court.get(&id).copied().unwrap_or(0) == court.open_cases,
				TryRuntimeError::Other("open case count differs")
			);
			for clerk in &court.clerks {
				ensure!(
					Clerks::<T>::get(clerk) == Some(id),
					TryRuntimeError::Other("clerk not bound to its court")
				);
			}
			if court.status != CourtStatus::Removed {
				ensure!(
					CourtDesignators::<T>::get(&court.designator) == Some(id),
					TryRuntimeError::Other("designator not indexed")
				);
			}
		}
		for (clerk, court) in Clerks::<T>::iter() {
			let info =
				Courts::<T>::get(court).ok_or(TryRuntimeError::Other("clerk of no court"))?;
			ensure!(info.clerks.contains(&clerk), TryRuntimeError::Other("clerk not listed"));
		}
		for (id, seal) in Seals::<T>::iter() {
			let items = SealItems::<T>::iter_key_prefix(id).count();
			ensure!(
				items == seal.items as usize,
				TryRuntimeError::Other("seal item count differs")
			);
			// An inactive seal may have been dropped from its items' index.
			if Self::seal_state(&seal) == SealState::Active {
				for item in SealItems::<T>::iter_key_prefix(id) {
					ensure!(
						ItemSeals::<T>::contains_key(item, id),
						TryRuntimeError::Other("active seal item not indexed")
					);
				}
			}
		}
		Ok(())
	}
}

impl<T: Config> LegalHold for Pallet<T> {
	fn is_record_held(record: &RecordId) -> bool {
		Self::is_held(&SealItem::Record(*record))
	}

	fn is_batch_held(batch: &BatchId) -> bool {
		Self::is_held(&SealItem::Batch(*batch))
	}
}

/// The clerk accounts of every court, which the registry of institutions must not bind to an
/// entity.
pub struct ClerkAccounts<T>(core::marker::PhantomData<T>);

impl<T: Config> frame_support::traits::Contains<T::AccountId> for ClerkAccounts<T> {
	fn contains(account: &T::AccountId) -> bool {
		Clerks::<T>::contains_key(account)
	}
}

/// Weight of one legal-hold check at its worst case, for the anchors pallet.
pub struct HoldCheckWeight<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<Weight> for HoldCheckWeight<T> {
	fn get() -> Weight {
		T::WeightInfo::check_hold()
	}
}
