//! # Validator set pallet
//!
//! The set of health-authority nodes that author and finalize MedAnchor blocks, changed only by
//! the health authority and applied at session boundaries.
//!
//! ## Overview
//!
//! MedAnchor is a permissioned chain: every validator is a node run by a health authority
//! (卫生健康主管部门). This pallet keeps the list of validator accounts. The `AddRemoveOrigin`
//! (the health-authority council in production, root in development) adds and removes
//! validators; the pallet hands the new list to `pallet-session` when the next session is
//! planned, so a change made during session `n` becomes the authority set of Aura and GRANDPA
//! at the start of session `n + 2`, as `pallet-session` always queues one session ahead.
//!
//! The set never shrinks below [`MinValidators`], a value the same origin sets, and never grows
//! beyond [`Config::MaxValidators`].
//!
//! ## Terminology
//!
//! - **Validator**: an account whose node authors blocks with Aura and votes in GRANDPA. Its
//!   session keys (one Aura key and one GRANDPA key) are registered with `pallet-session`.
//! - **Session**: a fixed number of blocks; the authority set only changes at its boundaries.
//!
//! ## Assumptions
//!
//! - The runtime's `pallet_session::Config::ValidatorId` is the account id, converted with
//!   `ConvertInto`.
//! - At genesis the validators are those listed in `pallet_session`'s genesis keys; this pallet
//!   copies them when session 0 starts. Keeping the list in one place lets tools such as
//!   zombienet rewrite the genesis validators by rewriting only the session keys.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]
// Runtime code must not panic; tests may.
#![cfg_attr(
	not(test),
	deny(
		clippy::arithmetic_side_effects,
		clippy::indexing_slicing,
		clippy::unwrap_used,
		clippy::panic
	)
)]

extern crate alloc;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::EnsureOrigin, BoundedVec};
use frame_system::pallet_prelude::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::validator-set";

/// Index of a session, as counted by `pallet-session`.
pub type SessionIndex = u32;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Configuration of the validator set.
	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
	{
		/// Origin that adds and removes validators and sets the minimum set size.
		type AddRemoveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Maximum number of validators. It must not exceed the authority limits of Aura and
		/// GRANDPA in the runtime.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// The validator set pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The validator accounts, in the order they were added.
	///
	/// This is the set handed to `pallet-session` at the next session planning; the set that
	/// authors blocks right now is `pallet_session::Validators`.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since it was last handed to `pallet-session`.
	#[pallet::storage]
	pub type PendingChange<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// The smallest number of validators the set may shrink to.
	#[pallet::storage]
	pub type MinValidators<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Genesis configuration of the validator set.
	///
	/// The validators themselves come from `pallet_session`'s genesis keys.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The smallest number of validators the set may shrink to; at least one.
		pub min_validators: u32,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { min_validators: 1, _config: Default::default() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.min_validators >= 1,
				"validator-set genesis: min_validators must be at least 1"
			);
			assert!(
				self.min_validators <= T::MaxValidators::get(),
				"validator-set genesis: min_validators exceeds MaxValidators"
			);
			MinValidators::<T>::put(self.min_validators);
		}
	}

	/// Events of the validator set.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was added; it starts authoring two sessions after the next boundary.
		ValidatorAdded {
			/// The account of the new validator.
			validator: T::AccountId,
		},
		/// A validator was removed; it stops authoring two sessions after the next boundary.
		ValidatorRemoved {
			/// The account of the removed validator.
			validator: T::AccountId,
		},
		/// The minimum size of the validator set was changed.
		MinValidatorsSet {
			/// The new minimum.
			min_validators: u32,
		},
		/// A changed validator set was handed to `pallet-session` for a future session.
		ValidatorSetQueued {
			/// The session in which the set becomes the authority set.
			session_index: SessionIndex,
			/// The number of validators in the queued set.
			validator_count: u32,
		},
	}

	/// Errors of the validator set.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator. Nothing to add.
		AlreadyValidator,
		/// The account is not a validator. Check the current list in `Validators`.
		NotValidator,
		/// The set already contains `MaxValidators` validators. Remove one first.
		TooManyValidators,
		/// Removing the validator would leave fewer than `MinValidators`. Add a replacement
		/// first, or lower the minimum.
		TooFewValidators,
		/// The account has no session keys. The validator must call `session.setKeys` with its
		/// Aura and GRANDPA keys before it is added.
		SessionKeysNotSet,
		/// The minimum must be at least 1 and at most the current number of validators.
		InvalidMinValidators,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxValidators::get() >= 1, "MaxValidators must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add a validator.
		///
		/// The account's node starts authoring and voting two sessions after the next session
		/// boundary. The account must already have registered its session keys.
		///
		/// Origin: `AddRemoveOrigin`.
		///
		/// # Events
		/// - [`Event::ValidatorAdded`].
		///
		/// # Errors
		/// - [`Error::AlreadyValidator`] if the account is already in the set.
		/// - [`Error::SessionKeysNotSet`] if the account has no session keys.
		/// - [`Error::TooManyValidators`] if the set is full.
		///
		/// ## Complexity
		/// O(V) in the number of validators.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;

			let mut validators = Validators::<T>::get();
			ensure!(!validators.contains(&validator), Error::<T>::AlreadyValidator);
			ensure!(
				pallet_session::NextKeys::<T>::contains_key(&validator),
				Error::<T>::SessionKeysNotSet
			);
			validators.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)?;

			Validators::<T>::put(validators);
			PendingChange::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { validator });
			Ok(())
		}

		/// Remove a validator.
		///
		/// The account's node stops authoring and voting two sessions after the next session
		/// boundary.
		///
		/// Origin: `AddRemoveOrigin`.
		///
		/// # Events
		/// - [`Event::ValidatorRemoved`].
		///
		/// # Errors
		/// - [`Error::NotValidator`] if the account is not in the set.
		/// - [`Error::TooFewValidators`] if the set would shrink below `MinValidators`.
		///
		/// ## Complexity
		/// O(V) in the number of validators.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;

			let mut validators = Validators::<T>::get();
			ensure!(validators.contains(&validator), Error::<T>::NotValidator);
			let remaining = validators.len().saturating_sub(1);
			ensure!(remaining >= MinValidators::<T>::get() as usize, Error::<T>::TooFewValidators);
			validators.retain(|v| v != &validator);

			Validators::<T>::put(validators);
			PendingChange::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { validator });
			Ok(())
		}

		/// Set the smallest number of validators the set may shrink to.
		///
		/// Origin: `AddRemoveOrigin`.
		///
		/// # Events
		/// - [`Event::MinValidatorsSet`].
		///
		/// # Errors
		/// - [`Error::InvalidMinValidators`] if `min_validators` is zero or larger than the
		///   current number of validators.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::set_min_validators())]
		pub fn set_min_validators(origin: OriginFor<T>, min_validators: u32) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;

			let count = Validators::<T>::decode_len().unwrap_or(0);
			ensure!(
				min_validators >= 1 && min_validators as usize <= count,
				Error::<T>::InvalidMinValidators
			);

			MinValidators::<T>::put(min_validators);
			Self::deposit_event(Event::MinValidatorsSet { min_validators });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Returns the validator accounts that will be handed to the next session planning.
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}

	/// Checks the pallet's invariants:
	///
	/// - the set contains no account twice;
	/// - the set is at least `MinValidators` long, and `MinValidators` is at least 1.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		let min = MinValidators::<T>::get();
		ensure!(min >= 1, "MinValidators is zero");
		ensure!(validators.len() >= min as usize, "fewer validators than MinValidators");
		for (index, validator) in validators.iter().enumerate() {
			ensure!(
				!validators.iter().skip(index.saturating_add(1)).any(|other| other == validator),
				"a validator appears twice"
			);
		}
		Ok(())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !PendingChange::<T>::take() {
			return None;
		}
		let validators = Validators::<T>::get().into_inner();
		Self::deposit_event(Event::ValidatorSetQueued {
			session_index: new_index,
			validator_count: validators.len() as u32,
		});
		Some(validators)
	}

	// Returning `None` makes `pallet-session` take the genesis validators from its own genesis
	// keys; `start_session(0)` then copies them here.
	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		None
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(start_index: SessionIndex) {
		if start_index != 0 || !Validators::<T>::get().is_empty() {
			return;
		}
		let genesis = pallet_session::Validators::<T>::get();
		let count = genesis.len();
		let validators = BoundedVec::<T::AccountId, T::MaxValidators>::truncate_from(genesis);
		if validators.len() < count {
			log::error!(
				target: LOG_TARGET,
				"genesis has {} validators but MaxValidators is {}; the rest are not governed",
				count,
				validators.len(),
			);
		}
		Validators::<T>::put(validators);
	}
}
