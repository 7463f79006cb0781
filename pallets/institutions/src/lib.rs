//! # Institutions pallet
//!
//! The registry of every party that anchors medical records or receives subsidies on
//! MedAnchor, and the only place that records which account acts for which entity.
//!
//! ## Overview
//!
//! The health authority (卫生健康主管部门) registers medical institutions (医疗机构: hospitals,
//! clinics and others) and evidence storage platforms (第三方存证平台). Each registered entity
//! has one admin account, which adds gateway accounts (the EMR systems that submit anchors)
//! and device accounts (monitors and surgical devices that sign their own streams). An
//! institution's admin may delegate anchoring to a platform, which then anchors on the
//! institution's behalf.
//!
//! The health authority can suspend an entity (its accounts stop acting until it is
//! reinstated) or revoke it (final). Other pallets ask this one, through
//! [`InstitutionRegistry`], which entity an account acts for; the result is `None` as soon as
//! the entity is no longer active.
//!
//! ## Terminology
//!
//! - **Entity**: a registered medical institution or evidence storage platform, identified by
//!   an [`EntityId`] assigned in registration order.
//! - **Unified Social Credit Code** (统一社会信用代码): the 18-character national identifier
//!   of every Chinese organization (GB 32100-2015). The registry checks both of its check
//!   characters and keeps each code unique.
//! - **Region code** (行政区划代码): the six-digit GB/T 2260 code of an administrative division.
//! - **Practising licence** (医疗机构执业许可证): the licence a medical institution operates
//!   under; the registry stores its registration number as issued.
//! - **Hospital grade** (医院等级): 三级甲等 down to 一级丙等, or 未定级.
//!
//! ## Assumptions
//!
//! - One account acts for at most one entity, in one role.
//! - A revoked entity keeps its credit code reserved, so a code cannot be re-registered to
//!   take over another organization's history. Its accounts remain bound until the health
//!   authority removes them.

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
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use medanchor_primitives::institutions::{Actor, InstitutionRegistry};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{string::String, vec::Vec};
use frame_support::{
	pallet_prelude::*,
	traits::{Contains, EnsureOrigin},
};
use frame_system::pallet_prelude::*;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::institutions";

/// An entity as stored by this pallet.
pub type EntityOf<T> = Entity<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxNameLength,
	<T as Config>::MaxLicenceLength,
	<T as Config>::MaxReasonLength,
>;

/// An entity as the genesis configuration describes it; codes and texts are strings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisEntity<AccountId> {
	/// Kind of the entity.
	pub kind: EntityKind,
	/// Registered name.
	pub name: String,
	/// Unified Social Credit Code, 18 characters.
	pub credit_code: String,
	/// Practising-licence registration number.
	pub licence: String,
	/// GB/T 2260 region code, six digits.
	pub region: String,
	/// Hospital grade; required for hospitals, absent otherwise.
	pub grade: Option<HospitalGrade>,
	/// Account that receives subsidies.
	pub payout: AccountId,
	/// Admin account.
	pub admin: AccountId,
	/// Gateway accounts.
	pub gateways: Vec<AccountId>,
	/// Device accounts.
	pub devices: Vec<AccountId>,
}

/// Caller of a call that either the entity's admin or the registrar may make.
enum Manager<AccountId> {
	/// The `RegistrarOrigin`.
	Registrar,
	/// The entity's admin account.
	Admin(AccountId),
}

// Registration and update calls take each registered detail as its own argument, so a clerk
// filling them in polkadot.js gets one labelled field per detail.
#[allow(clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Configuration of the registry.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Origin that registers, updates, suspends, reinstates and revokes entities: the
		/// health authority.
		type RegistrarOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Accounts that may not act for any entity: court clerks, from the judicial pallet.
		type ReservedAccounts: Contains<Self::AccountId>;

		/// Maximum length of an entity's name, in bytes of UTF-8.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Maximum length of a practising-licence registration number, in bytes.
		#[pallet::constant]
		type MaxLicenceLength: Get<u32>;

		/// Maximum length of a suspension reason, in bytes of UTF-8.
		#[pallet::constant]
		type MaxReasonLength: Get<u32>;

		/// Maximum number of gateway and device accounts per entity.
		#[pallet::constant]
		type MaxAccountsPerEntity: Get<u32>;

		/// Maximum number of platforms one institution may delegate anchoring to.
		#[pallet::constant]
		type MaxDelegations: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// The institutions pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The id the next registered entity receives.
	#[pallet::storage]
	pub type NextEntityId<T: Config> = StorageValue<_, EntityId, ValueQuery>;

	/// Registered entities by id.
	#[pallet::storage]
	pub type Entities<T: Config> = StorageMap<_, Twox64Concat, EntityId, EntityOf<T>>;

	/// The entity that registered each Unified Social Credit Code, revoked ones included.
	#[pallet::storage]
	pub type CreditCodeToEntity<T: Config> = StorageMap<_, Blake2_128Concat, CreditCode, EntityId>;

	/// The entity each account acts for, and its role.
	// Blake2 because accounts are chosen by users.
	#[pallet::storage]
	pub type AccountToEntity<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (EntityId, AccountRole)>;

	/// The accounts of each entity (admin included), for listing; mirrors [`AccountToEntity`].
	#[pallet::storage]
	pub type AccountsOf<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EntityId, Blake2_128Concat, T::AccountId, AccountRole>;

	/// Delegations of anchoring: institution, platform → block in which it was granted.
	#[pallet::storage]
	pub type Delegations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EntityId, Twox64Concat, EntityId, BlockNumberFor<T>>;

	/// Genesis configuration: entities registered at block 0, and delegations between them.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Entities, registered in order, so the first gets id 0.
		pub entities: Vec<GenesisEntity<T::AccountId>>,
		/// Delegations as `(institution id, platform id)`.
		pub delegations: Vec<(EntityId, EntityId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (index, entity) in self.entities.iter().enumerate() {
				let id = Pallet::<T>::build_genesis_entity(entity).unwrap_or_else(|error| {
					panic!("institutions genesis: entity {index} is invalid: {error:?}")
				});
				for (accounts, role) in [
					(&entity.gateways, AccountRole::Gateway),
					(&entity.devices, AccountRole::Device),
				] {
					for account in accounts {
						Pallet::<T>::do_add_account(id, account.clone(), role).unwrap_or_else(
							|error| {
								panic!("institutions genesis: entity {index} account: {error:?}")
							},
						);
					}
				}
			}
			for (institution, platform) in &self.delegations {
				Pallet::<T>::do_delegate(*institution, *platform).unwrap_or_else(|error| {
					panic!(
						"institutions genesis: delegation {institution} -> {platform}: {error:?}"
					)
				});
			}
		}
	}

	/// Events of the registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An entity was registered.
		EntityRegistered {
			/// The new entity.
			entity: EntityId,
			/// Kind of the new entity.
			kind: EntityKind,
			/// Its admin account.
			admin: T::AccountId,
		},
		/// An entity's registered details were changed.
		EntityUpdated {
			/// The entity.
			entity: EntityId,
		},
		/// An entity's admin account was replaced.
		AdminChanged {
			/// The entity.
			entity: EntityId,
			/// The admin account before the change; it no longer acts for the entity.
			old_admin: T::AccountId,
			/// The new admin account.
			new_admin: T::AccountId,
		},
		/// An entity was suspended; its accounts stop acting until it is reinstated.
		EntitySuspended {
			/// The entity.
			entity: EntityId,
		},
		/// A suspended entity was reinstated.
		EntityReinstated {
			/// The entity.
			entity: EntityId,
		},
		/// An entity was revoked; its accounts never act again.
		EntityRevoked {
			/// The entity.
			entity: EntityId,
		},
		/// A gateway or device account was bound to an entity.
		AccountAdded {
			/// The entity.
			entity: EntityId,
			/// The account.
			account: T::AccountId,
			/// Its role.
			role: AccountRole,
		},
		/// A gateway or device account was unbound from an entity.
		AccountRemoved {
			/// The entity.
			entity: EntityId,
			/// The account.
			account: T::AccountId,
			/// The role it had.
			role: AccountRole,
		},
		/// An institution delegated anchoring to an evidence storage platform.
		AnchoringDelegated {
			/// The institution.
			institution: EntityId,
			/// The platform.
			platform: EntityId,
		},
		/// A delegation of anchoring was withdrawn.
		DelegationRevoked {
			/// The institution.
			institution: EntityId,
			/// The platform.
			platform: EntityId,
		},
	}

	/// Errors of the registry.
	#[pallet::error]
	pub enum Error<T> {
		/// The Unified Social Credit Code is malformed: a character outside the GB 32100 set, an
		/// unknown registration-authority or category character, a region part that is no
		/// administrative division, or a wrong check character. Check it against the licence.
		InvalidCreditCode,
		/// The region code is not six digits of a GB/T 2260 division. Use the code of the
		/// county, prefecture or province the entity is registered in.
		InvalidRegionCode,
		/// Another entity, possibly revoked, already registered this credit code.
		CreditCodeInUse,
		/// The name is longer than `MaxNameLength` bytes.
		NameTooLong,
		/// The name is empty or blank, not UTF-8, or contains control or invisible formatting
		/// characters (such as zero-width spaces or text-direction overrides).
		InvalidName,
		/// The licence registration number is longer than `MaxLicenceLength` bytes.
		LicenceTooLong,
		/// The licence registration number is empty or blank, not UTF-8, or contains control or
		/// invisible formatting characters.
		InvalidLicence,
		/// The suspension reason is longer than `MaxReasonLength` bytes.
		ReasonTooLong,
		/// The suspension reason is empty or blank, not UTF-8, or contains control or invisible
		/// formatting characters.
		InvalidReason,
		/// A hospital must carry a grade; use `Ungraded` (未定级) if it has none yet.
		GradeRequired,
		/// Only hospitals carry a grade; pass none for clinics, other institutions and
		/// platforms.
		GradeNotApplicable,
		/// No entity has this id.
		EntityNotFound,
		/// Entity ids are exhausted.
		TooManyEntities,
		/// The account already acts for an entity; remove it there first.
		AccountInUse,
		/// The account is a court clerk, and a clerk cannot act for an entity.
		AccountReserved,
		/// The account does not act for this entity.
		AccountNotFound,
		/// The admin account of an entity that is not revoked cannot be removed; replace it with
		/// `update_entity` instead.
		CannotRemoveAdmin,
		/// Only gateway and device accounts are added this way; the admin is set at
		/// registration or with `update_entity`.
		InvalidRole,
		/// The caller is neither the entity's admin nor the registrar.
		NotAdmin,
		/// The entity already has `MaxAccountsPerEntity` gateway and device accounts.
		TooManyAccounts,
		/// The entity is suspended; it cannot act, and cannot be suspended again.
		EntitySuspended,
		/// The entity is revoked; nothing about it can change except the registrar removing
		/// its accounts and delegations.
		EntityRevoked,
		/// The entity is not suspended, so there is nothing to reinstate.
		EntityNotSuspended,
		/// Only medical institutions delegate anchoring.
		NotInstitution,
		/// Anchoring can be delegated only to an evidence storage platform.
		NotEvidencePlatform,
		/// The platform is suspended or revoked.
		PlatformNotActive,
		/// The institution already delegates to `MaxDelegations` platforms.
		TooManyDelegations,
		/// The institution already delegates anchoring to this platform.
		AlreadyDelegated,
		/// The institution does not delegate anchoring to this platform.
		DelegationNotFound,
		/// The update changes nothing: every field given equals the current value.
		NothingToUpdate,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxNameLength::get() >= 1, "MaxNameLength must be at least 1");
			assert!(T::MaxLicenceLength::get() >= 1, "MaxLicenceLength must be at least 1");
			assert!(T::MaxReasonLength::get() >= 1, "MaxReasonLength must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a medical institution or an evidence storage platform.
		///
		/// The entity is active at once; `admin` becomes its admin account.
		///
		/// Origin: `RegistrarOrigin` (the health authority).
		///
		/// # Events
		/// - [`Event::EntityRegistered`].
		///
		/// # Errors
		/// - [`Error::NameTooLong`], [`Error::InvalidName`]: bad `name`.
		/// - [`Error::InvalidCreditCode`]: `credit_code` fails its checks.
		/// - [`Error::CreditCodeInUse`]: another entity registered `credit_code`.
		/// - [`Error::LicenceTooLong`], [`Error::InvalidLicence`]: bad `licence`.
		/// - [`Error::InvalidRegionCode`]: bad `region`.
		/// - [`Error::GradeRequired`], [`Error::GradeNotApplicable`]: `grade` does not match
		///   `kind`.
		/// - [`Error::AccountInUse`]: `admin` already acts for an entity.
		/// - [`Error::AccountReserved`]: `admin` is a court clerk.
		/// - [`Error::TooManyEntities`]: ids are exhausted.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_entity())]
		pub fn register_entity(
			origin: OriginFor<T>,
			kind: EntityKind,
			name: Vec<u8>,
			credit_code: CreditCode,
			licence: Vec<u8>,
			region: RegionCode,
			grade: Option<HospitalGrade>,
			payout: T::AccountId,
			admin: T::AccountId,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_register(kind, name, credit_code, licence, region, grade, payout, admin)?;
			Ok(())
		}

		/// Change an entity's registered details.
		///
		/// Every argument is optional; `None` keeps the current value. The credit code and
		/// the kind cannot change: register a new entity instead. A new admin must not act
		/// for any entity yet; the old admin stops acting for this one.
		///
		/// Origin: `RegistrarOrigin`.
		///
		/// # Events
		/// - [`Event::EntityUpdated`], and [`Event::AdminChanged`] when `admin` changes.
		///
		/// # Errors
		/// - [`Error::NothingToUpdate`]: every argument is `None` or equals the current value.
		/// - [`Error::EntityNotFound`], [`Error::EntityRevoked`].
		/// - [`Error::NameTooLong`], [`Error::InvalidName`], [`Error::LicenceTooLong`],
		///   [`Error::InvalidLicence`], [`Error::InvalidRegionCode`], [`Error::GradeRequired`],
		///   [`Error::GradeNotApplicable`]: as in `register_entity`.
		/// - [`Error::AccountInUse`]: the new admin already acts for an entity.
		/// - [`Error::AccountReserved`]: the new admin is a court clerk.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_entity())]
		pub fn update_entity(
			origin: OriginFor<T>,
			entity: EntityId,
			name: Option<Vec<u8>>,
			licence: Option<Vec<u8>>,
			region: Option<RegionCode>,
			grade: Option<Option<HospitalGrade>>,
			payout: Option<T::AccountId>,
			admin: Option<T::AccountId>,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			ensure!(
				name.is_some()
					|| licence.is_some()
					|| region.is_some()
					|| grade.is_some()
					|| payout.is_some()
					|| admin.is_some(),
				Error::<T>::NothingToUpdate
			);
			let original = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
			ensure!(
				!matches!(original.status, EntityStatus::Revoked { .. }),
				Error::<T>::EntityRevoked
			);
			let mut record = original.clone();

			if let Some(name) = name {
				record.name = Self::bounded_name(name)?;
			}
			if let Some(licence) = licence {
				record.licence = Self::bounded_licence(licence)?;
			}
			if let Some(region) = region {
				ensure!(is_valid_region_code(&region), Error::<T>::InvalidRegionCode);
				record.region = region;
			}
			if let Some(grade) = grade {
				Self::ensure_grade_matches(record.kind, grade)?;
				record.grade = grade;
			}
			if let Some(payout) = payout {
				record.payout = payout;
			}
			let admin_change = match admin {
				Some(new_admin) if new_admin != record.admin => {
					ensure!(
						!AccountToEntity::<T>::contains_key(&new_admin),
						Error::<T>::AccountInUse
					);
					ensure!(
						!T::ReservedAccounts::contains(&new_admin),
						Error::<T>::AccountReserved
					);
					let old_admin = core::mem::replace(&mut record.admin, new_admin.clone());
					Some((old_admin, new_admin))
				},
				_ => None,
			};

			ensure!(record != original, Error::<T>::NothingToUpdate);

			if let Some((old_admin, new_admin)) = &admin_change {
				AccountToEntity::<T>::remove(old_admin);
				AccountsOf::<T>::remove(entity, old_admin);
				AccountToEntity::<T>::insert(new_admin, (entity, AccountRole::Admin));
				AccountsOf::<T>::insert(entity, new_admin, AccountRole::Admin);
			}
			Entities::<T>::insert(entity, record);
			Self::deposit_event(Event::EntityUpdated { entity });
			if let Some((old_admin, new_admin)) = admin_change {
				Self::deposit_event(Event::AdminChanged { entity, old_admin, new_admin });
			}
			Ok(())
		}

		/// Suspend an active entity: its accounts stop acting at once.
		///
		/// Origin: `RegistrarOrigin`.
		///
		/// # Events
		/// - [`Event::EntitySuspended`].
		///
		/// # Errors
		/// - [`Error::ReasonTooLong`], [`Error::InvalidReason`]: bad `reason`.
		/// - [`Error::EntityNotFound`].
		/// - [`Error::EntitySuspended`]: already suspended.
		/// - [`Error::EntityRevoked`]: revoked entities cannot change.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend_entity())]
		pub fn suspend_entity(
			origin: OriginFor<T>,
			entity: EntityId,
			reason: Vec<u8>,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			ensure!(reason.len() <= T::MaxReasonLength::get() as usize, Error::<T>::ReasonTooLong);
			ensure!(is_valid_text(&reason), Error::<T>::InvalidReason);
			let reason: BoundedVec<u8, T::MaxReasonLength> =
				reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			let mut record = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
			match record.status {
				EntityStatus::Active => {},
				EntityStatus::Suspended { .. } => return Err(Error::<T>::EntitySuspended.into()),
				EntityStatus::Revoked { .. } => return Err(Error::<T>::EntityRevoked.into()),
			}

			record.status = EntityStatus::Suspended {
				reason,
				since: frame_system::Pallet::<T>::block_number(),
			};
			Entities::<T>::insert(entity, record);
			Self::deposit_event(Event::EntitySuspended { entity });
			Ok(())
		}

		/// Reinstate a suspended entity.
		///
		/// Origin: `RegistrarOrigin`.
		///
		/// # Events
		/// - [`Event::EntityReinstated`].
		///
		/// # Errors
		/// - [`Error::EntityNotFound`].
		/// - [`Error::EntityNotSuspended`]: the entity is active.
		/// - [`Error::EntityRevoked`]: revocation is final.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reinstate_entity())]
		pub fn reinstate_entity(origin: OriginFor<T>, entity: EntityId) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			let mut record = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
			match record.status {
				EntityStatus::Suspended { .. } => {},
				EntityStatus::Active => return Err(Error::<T>::EntityNotSuspended.into()),
				EntityStatus::Revoked { .. } => return Err(Error::<T>::EntityRevoked.into()),
			}

			record.status = EntityStatus::Active;
			Entities::<T>::insert(entity, record);
			Self::deposit_event(Event::EntityReinstated { entity });
			Ok(())
		}

		/// Revoke an entity for good: its accounts never act again and it cannot be
		/// reinstated. Its credit code stays reserved.
		///
		/// Origin: `RegistrarOrigin`.
		///
		/// # Events
		/// - [`Event::EntityRevoked`].
		///
		/// # Errors
		/// - [`Error::EntityNotFound`].
		/// - [`Error::EntityRevoked`]: already revoked.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_entity())]
		pub fn revoke_entity(origin: OriginFor<T>, entity: EntityId) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			let mut record = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
			ensure!(
				!matches!(record.status, EntityStatus::Revoked { .. }),
				Error::<T>::EntityRevoked
			);

			record.status =
				EntityStatus::Revoked { since: frame_system::Pallet::<T>::block_number() };
			Entities::<T>::insert(entity, record);
			Self::deposit_event(Event::EntityRevoked { entity });
			Ok(())
		}

		/// Bind a gateway or device account to an entity.
		///
		/// Origin: the entity's admin (the entity must be active), or `RegistrarOrigin` (the
		/// entity must not be revoked).
		///
		/// # Events
		/// - [`Event::AccountAdded`].
		///
		/// # Errors
		/// - [`Error::InvalidRole`]: `role` is `Admin`.
		/// - [`Error::EntityNotFound`].
		/// - [`Error::NotAdmin`]: a signed caller that is not the entity's admin.
		/// - [`Error::EntitySuspended`]: the admin of a suspended entity.
		/// - [`Error::EntityRevoked`]: the entity is revoked.
		/// - [`Error::AccountInUse`]: `account` already acts for an entity.
		/// - [`Error::AccountReserved`]: `account` is a court clerk.
		/// - [`Error::TooManyAccounts`]: the entity has `MaxAccountsPerEntity` accounts.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_account())]
		pub fn add_account(
			origin: OriginFor<T>,
			entity: EntityId,
			account: T::AccountId,
			role: AccountRole,
		) -> DispatchResult {
			let manager = Self::ensure_manager(origin, entity)?;
			ensure!(role != AccountRole::Admin, Error::<T>::InvalidRole);
			let record = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
			Self::ensure_may_manage(&manager, &record)?;
			Self::do_add_account(entity, account, role)
		}

		/// Unbind an account from an entity.
		///
		/// Origin: the entity's admin (the entity must be active), or `RegistrarOrigin`. The
		/// registrar may also unbind the accounts of a revoked entity, its admin included, so
		/// they can act for another entity. The revoked record keeps naming its last admin.
		///
		/// # Events
		/// - [`Event::AccountRemoved`].
		///
		/// # Errors
		/// - [`Error::EntityNotFound`].
		/// - [`Error::NotAdmin`]: a signed caller that is not the entity's admin.
		/// - [`Error::EntitySuspended`], [`Error::EntityRevoked`]: the admin of an inactive
		///   entity.
		/// - [`Error::AccountNotFound`]: `account` does not act for this entity.
		/// - [`Error::CannotRemoveAdmin`]: `account` is the admin of an entity that is not
		///   revoked; replace it with `update_entity` instead.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_account())]
		pub fn remove_account(
			origin: OriginFor<T>,
			entity: EntityId,
			account: T::AccountId,
		) -> DispatchResult {
			let manager = Self::ensure_manager(origin, entity)?;
			let mut record = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
			if let Manager::Admin(_) = manager {
				Self::ensure_may_manage(&manager, &record)?;
			}
			let role = AccountsOf::<T>::get(entity, &account).ok_or(Error::<T>::AccountNotFound)?;
			let revoked = matches!(record.status, EntityStatus::Revoked { .. });
			// The admin of a live entity is replaced, never removed; once the entity is
			// revoked the registrar may free every account, the admin included.
			ensure!(role != AccountRole::Admin || revoked, Error::<T>::CannotRemoveAdmin);

			if role != AccountRole::Admin {
				record.account_count = record.account_count.saturating_sub(1);
			}
			AccountToEntity::<T>::remove(&account);
			AccountsOf::<T>::remove(entity, &account);
			Entities::<T>::insert(entity, record);
			Self::deposit_event(Event::AccountRemoved { entity, account, role });
			Ok(())
		}

		/// Delegate anchoring to an evidence storage platform, which may then anchor on the
		/// institution's behalf.
		///
		/// Origin: the admin of the active institution.
		///
		/// # Events
		/// - [`Event::AnchoringDelegated`].
		///
		/// # Errors
		/// - [`Error::EntityNotFound`]: either entity is unknown.
		/// - [`Error::NotAdmin`]: the caller is not the institution's admin.
		/// - [`Error::EntitySuspended`], [`Error::EntityRevoked`]: the institution is not
		///   active.
		/// - [`Error::NotInstitution`]: `institution` is a platform.
		/// - [`Error::NotEvidencePlatform`]: `platform` is an institution.
		/// - [`Error::PlatformNotActive`]: the platform is suspended or revoked.
		/// - [`Error::AlreadyDelegated`].
		/// - [`Error::TooManyDelegations`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::delegate_anchoring())]
		pub fn delegate_anchoring(
			origin: OriginFor<T>,
			institution: EntityId,
			platform: EntityId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Entities::<T>::get(institution).ok_or(Error::<T>::EntityNotFound)?;
			ensure!(record.admin == who, Error::<T>::NotAdmin);
			Self::ensure_may_manage(&Manager::Admin(who), &record)?;
			Self::do_delegate(institution, platform)
		}

		/// Withdraw a delegation of anchoring.
		///
		/// Origin: the admin of the active institution, or `RegistrarOrigin`.
		///
		/// # Events
		/// - [`Event::DelegationRevoked`].
		///
		/// # Errors
		/// - [`Error::EntityNotFound`].
		/// - [`Error::NotAdmin`]: a signed caller that is not the institution's admin.
		/// - [`Error::EntitySuspended`], [`Error::EntityRevoked`]: the admin of an inactive
		///   institution.
		/// - [`Error::DelegationNotFound`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::revoke_delegation())]
		pub fn revoke_delegation(
			origin: OriginFor<T>,
			institution: EntityId,
			platform: EntityId,
		) -> DispatchResult {
			let manager = Self::ensure_manager(origin, institution)?;
			let mut record = Entities::<T>::get(institution).ok_or(Error::<T>::EntityNotFound)?;
			if let Manager::Admin(_) = manager {
				Self::ensure_may_manage(&manager, &record)?;
			}
			ensure!(
				Delegations::<T>::contains_key(institution, platform),
				Error::<T>::DelegationNotFound
			);

			record.delegation_count = record.delegation_count.saturating_sub(1);
			Delegations::<T>::remove(institution, platform);
			Entities::<T>::insert(institution, record);
			Self::deposit_event(Event::DelegationRevoked { institution, platform });
			Ok(())
		}
	}
}

// Public API for other pallets and the runtime.
impl<T: Config> Pallet<T> {
	/// Returns the registered entity `id`.
	pub fn entity(id: EntityId) -> Option<EntityOf<T>> {
		Entities::<T>::get(id)
	}

	/// Returns the accounts of entity `id` with their roles, admin included.
	pub fn accounts_of(id: EntityId) -> Vec<(T::AccountId, AccountRole)> {
		AccountsOf::<T>::iter_prefix(id).collect()
	}

	/// Checks the pallet's invariants:
	///
	/// - every entity id is below `NextEntityId`, and its credit code maps back to it;
	/// - every account bound to an entity is listed under that entity with the same role, and
	///   the reverse;
	/// - each entity has exactly one admin account, the one its record names, except that the
	///   registrar may have unbound the admin of a revoked entity;
	/// - each entity's `account_count` equals its gateway and device accounts, at most
	///   `MaxAccountsPerEntity`;
	/// - each delegation joins an institution to a platform, and each institution's
	///   `delegation_count` equals its delegations, at most `MaxDelegations`.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextEntityId::<T>::get();
		for (id, record) in Entities::<T>::iter() {
			ensure!(id < next, "an entity id is not below NextEntityId");
			ensure!(
				CreditCodeToEntity::<T>::get(record.credit_code) == Some(id),
				"an entity's credit code does not map back to it"
			);
			let accounts: Vec<_> = AccountsOf::<T>::iter_prefix(id).collect();
			let admins: Vec<_> =
				accounts.iter().filter(|(_, role)| *role == AccountRole::Admin).collect();
			let revoked = matches!(record.status, EntityStatus::Revoked { .. });
			ensure!(
				admins.len() == 1 || (revoked && admins.is_empty()),
				"an entity that is not revoked does not have exactly one admin"
			);
			ensure!(
				admins.iter().all(|(account, _)| *account == record.admin),
				"an entity's admin is not listed as its admin account"
			);
			let others = accounts.len().saturating_sub(admins.len());
			ensure!(others == record.account_count as usize, "account_count is wrong");
			ensure!(
				record.account_count <= T::MaxAccountsPerEntity::get(),
				"an entity has too many accounts"
			);
			let delegations = Delegations::<T>::iter_prefix(id).count();
			ensure!(delegations == record.delegation_count as usize, "delegation_count is wrong");
			ensure!(
				record.delegation_count <= T::MaxDelegations::get(),
				"an institution has too many delegations"
			);
		}
		for (account, (entity, role)) in AccountToEntity::<T>::iter() {
			ensure!(
				AccountsOf::<T>::get(entity, &account) == Some(role),
				"AccountToEntity and AccountsOf disagree"
			);
		}
		for (entity, account, role) in AccountsOf::<T>::iter() {
			ensure!(
				AccountToEntity::<T>::get(&account) == Some((entity, role)),
				"AccountsOf and AccountToEntity disagree"
			);
		}
		for (institution, platform, _) in Delegations::<T>::iter() {
			let institution_kind = Entities::<T>::get(institution).map(|e| e.kind);
			let platform_kind = Entities::<T>::get(platform).map(|e| e.kind);
			ensure!(
				institution_kind.is_some_and(EntityKind::is_institution),
				"a delegation starts at something other than an institution"
			);
			ensure!(
				platform_kind == Some(EntityKind::EvidencePlatform),
				"a delegation points at something other than a platform"
			);
		}
		Ok(())
	}
}

// Private helpers.
impl<T: Config> Pallet<T> {
	fn bounded_name(name: Vec<u8>) -> Result<BoundedVec<u8, T::MaxNameLength>, Error<T>> {
		ensure!(name.len() <= T::MaxNameLength::get() as usize, Error::<T>::NameTooLong);
		ensure!(is_valid_text(&name), Error::<T>::InvalidName);
		name.try_into().map_err(|_| Error::<T>::NameTooLong)
	}

	fn bounded_licence(licence: Vec<u8>) -> Result<BoundedVec<u8, T::MaxLicenceLength>, Error<T>> {
		ensure!(licence.len() <= T::MaxLicenceLength::get() as usize, Error::<T>::LicenceTooLong);
		ensure!(is_valid_text(&licence), Error::<T>::InvalidLicence);
		licence.try_into().map_err(|_| Error::<T>::LicenceTooLong)
	}

	fn ensure_grade_matches(
		kind: EntityKind,
		grade: Option<HospitalGrade>,
	) -> Result<(), Error<T>> {
		match (kind, grade) {
			(EntityKind::Hospital, None) => Err(Error::<T>::GradeRequired),
			(EntityKind::Hospital, Some(_)) | (_, None) => Ok(()),
			(_, Some(_)) => Err(Error::<T>::GradeNotApplicable),
		}
	}

	/// Returns whether the caller is the registrar or a signed account, and in the second case
	/// that the account is the entity's admin.
	fn ensure_manager(
		origin: OriginFor<T>,
		entity: EntityId,
	) -> Result<Manager<T::AccountId>, DispatchError> {
		match T::RegistrarOrigin::try_origin(origin) {
			Ok(_) => Ok(Manager::Registrar),
			Err(origin) => {
				let who = ensure_signed(origin)?;
				let record = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
				ensure!(record.admin == who, Error::<T>::NotAdmin);
				Ok(Manager::Admin(who))
			},
		}
	}

	/// Rejects changes to revoked entities, and changes by the admin of a suspended entity.
	fn ensure_may_manage(manager: &Manager<T::AccountId>, record: &EntityOf<T>) -> DispatchResult {
		match (&record.status, manager) {
			(EntityStatus::Revoked { .. }, _) => Err(Error::<T>::EntityRevoked.into()),
			(EntityStatus::Suspended { .. }, Manager::Admin(_)) => {
				Err(Error::<T>::EntitySuspended.into())
			},
			_ => Ok(()),
		}
	}

	#[allow(clippy::too_many_arguments)]
	fn do_register(
		kind: EntityKind,
		name: Vec<u8>,
		credit_code: CreditCode,
		licence: Vec<u8>,
		region: RegionCode,
		grade: Option<HospitalGrade>,
		payout: T::AccountId,
		admin: T::AccountId,
	) -> Result<EntityId, DispatchError> {
		let name = Self::bounded_name(name)?;
		ensure!(is_valid_credit_code(&credit_code), Error::<T>::InvalidCreditCode);
		let licence = Self::bounded_licence(licence)?;
		ensure!(is_valid_region_code(&region), Error::<T>::InvalidRegionCode);
		Self::ensure_grade_matches(kind, grade)?;
		ensure!(!CreditCodeToEntity::<T>::contains_key(credit_code), Error::<T>::CreditCodeInUse);
		ensure!(!AccountToEntity::<T>::contains_key(&admin), Error::<T>::AccountInUse);
		ensure!(!T::ReservedAccounts::contains(&admin), Error::<T>::AccountReserved);
		let id = NextEntityId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::TooManyEntities)?;

		let record = EntityOf::<T> {
			kind,
			name,
			credit_code,
			licence,
			region,
			grade,
			payout,
			admin: admin.clone(),
			status: EntityStatus::Active,
			registered_at: frame_system::Pallet::<T>::block_number(),
			account_count: 0,
			delegation_count: 0,
		};
		NextEntityId::<T>::put(next);
		Entities::<T>::insert(id, record);
		CreditCodeToEntity::<T>::insert(credit_code, id);
		AccountToEntity::<T>::insert(&admin, (id, AccountRole::Admin));
		AccountsOf::<T>::insert(id, &admin, AccountRole::Admin);
		Self::deposit_event(Event::EntityRegistered { entity: id, kind, admin });
		Ok(id)
	}

	fn build_genesis_entity(
		entity: &GenesisEntity<T::AccountId>,
	) -> Result<EntityId, DispatchError> {
		let credit_code: CreditCode =
			entity.credit_code.as_bytes().try_into().map_err(|_| Error::<T>::InvalidCreditCode)?;
		let region: RegionCode =
			entity.region.as_bytes().try_into().map_err(|_| Error::<T>::InvalidRegionCode)?;
		Self::do_register(
			entity.kind,
			entity.name.as_bytes().to_vec(),
			credit_code,
			entity.licence.as_bytes().to_vec(),
			region,
			entity.grade,
			entity.payout.clone(),
			entity.admin.clone(),
		)
	}

	fn do_add_account(
		entity: EntityId,
		account: T::AccountId,
		role: AccountRole,
	) -> DispatchResult {
		let mut record = Entities::<T>::get(entity).ok_or(Error::<T>::EntityNotFound)?;
		ensure!(!AccountToEntity::<T>::contains_key(&account), Error::<T>::AccountInUse);
		ensure!(!T::ReservedAccounts::contains(&account), Error::<T>::AccountReserved);
		ensure!(record.account_count < T::MaxAccountsPerEntity::get(), Error::<T>::TooManyAccounts);

		record.account_count = record.account_count.saturating_add(1);
		AccountToEntity::<T>::insert(&account, (entity, role));
		AccountsOf::<T>::insert(entity, &account, role);
		Entities::<T>::insert(entity, record);
		Self::deposit_event(Event::AccountAdded { entity, account, role });
		Ok(())
	}

	fn do_delegate(institution: EntityId, platform: EntityId) -> DispatchResult {
		let mut record = Entities::<T>::get(institution).ok_or(Error::<T>::EntityNotFound)?;
		ensure!(record.kind.is_institution(), Error::<T>::NotInstitution);
		let target = Entities::<T>::get(platform).ok_or(Error::<T>::EntityNotFound)?;
		ensure!(target.kind == EntityKind::EvidencePlatform, Error::<T>::NotEvidencePlatform);
		ensure!(target.is_active(), Error::<T>::PlatformNotActive);
		ensure!(
			!Delegations::<T>::contains_key(institution, platform),
			Error::<T>::AlreadyDelegated
		);
		ensure!(record.delegation_count < T::MaxDelegations::get(), Error::<T>::TooManyDelegations);

		record.delegation_count = record.delegation_count.saturating_add(1);
		Delegations::<T>::insert(institution, platform, frame_system::Pallet::<T>::block_number());
		Entities::<T>::insert(institution, record);
		Self::deposit_event(Event::AnchoringDelegated { institution, platform });
		Ok(())
	}
}

impl<T: Config> InstitutionRegistry<T::AccountId> for Pallet<T> {
	fn actor(who: &T::AccountId) -> Option<Actor> {
		let (entity, role) = AccountToEntity::<T>::get(who)?;
		let record = Entities::<T>::get(entity)?;
		record.is_active().then_some(Actor { entity, kind: record.kind, role })
	}

	fn binding(who: &T::AccountId) -> Option<(EntityId, AccountRole)> {
		AccountToEntity::<T>::get(who)
	}

	fn is_active(entity: EntityId) -> bool {
		Entities::<T>::get(entity).is_some_and(|record| record.is_active())
	}

	fn kind(entity: EntityId) -> Option<EntityKind> {
		Entities::<T>::get(entity).map(|record| record.kind)
	}

	fn is_delegated(institution: EntityId, platform: EntityId) -> bool {
		Delegations::<T>::contains_key(institution, platform)
			&& <Self as InstitutionRegistry<T::AccountId>>::is_active(institution)
			&& <Self as InstitutionRegistry<T::AccountId>>::is_active(platform)
	}

	fn payout_account(entity: EntityId) -> Option<T::AccountId> {
		Entities::<T>::get(entity).filter(|record| record.is_active()).map(|record| record.payout)
	}

	fn region(entity: EntityId) -> Option<[u8; 6]> {
		Entities::<T>::get(entity).map(|record| record.region)
	}
}
