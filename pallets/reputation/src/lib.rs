//! # Reputation pallet
//!
//! Reputation of medical institutions. Timely anchoring raises an institution's score, and
//! late anchoring, omissions and court mismatches lower it. The score's tier scales the
//! anchoring rate limit, and a subsidy pot is paid out each era in proportion to
//! reputation-weighted timely anchors.
//!
//! ## Overview
//!
//! The anchors pallet reports each institution's anchors once per block, summed, and the
//! judicial pallet every verification verdict. Each report moves the institution's score by
//! the amounts the health authority sets. The score stays between `MinScore` and `MaxScore`, and every step
//! saturates, so no rounding accumulates over eras.
//!
//! Time is divided into eras of `EraLength` blocks, a parameter of the health authority. During an era the pallet counts each
//! institution's timely and late anchors and adds, for every timely anchor, the score the
//! institution has after its anchoring block to its weight. When the era ends, the era's budget (`EraBudget`,
//! capped by what the pot can pay) is split in proportion to those weights. Shares are
//! rounded down; the remainder and the shares of suspended or revoked institutions stay in
//! the pot. The payout runs at the start of the following blocks, `MaxPayoutsPerBlock`
//! institutions at a time, so any number of institutions is paid within block weight. The
//! next era does not end before the payout has finished.
//!
//! The chain cannot tell a real record from a fabricated hash, and a successful anchor costs
//! no fee, so anchoring volume alone must not buy reputation or subsidy. Anchors and court
//! matches together raise a score by at most `max_anchor_reward_per_era` per era, and at most
//! `max_weighted_anchors_per_era` timely anchors per era count toward the subsidy.
//!
//! ## Terminology
//!
//! - **Score** (信誉分): an integer between `MinScore` and `MaxScore`; an institution that has
//!   not anchored yet has `InitialScore`.
//! - **Tier** (信誉等级): the band of scores an institution falls in; each tier has a share of
//!   the anchors pallet's base rate limit.
//! - **Pot** (补贴资金池): the account of `PotId`. The health authority mints subsidies into
//!   it with `fund_pot`; anyone may also transfer to it.

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
mod payout;
mod queries;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use medanchor_primitives::{
	anchors::{
		AnchorObserver, AnchorOutcome, AnchorTally, RateLimitScale, Timeliness, Verdict,
		WritingStatus,
	},
	institutions::{EntityId, InstitutionRegistry},
	judicial::Presenter,
	reputation::{EraIndex, Score, VerdictObserver},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin,
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{AccountIdConversion, Saturating, Zero};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::reputation";

/// Balance of the subsidy currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Runtime set-up for the benchmarks, beyond this pallet's `Config`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Registers an active institution whose payout account does not exist yet; returns its
	/// id.
	fn active_institution(seed: u32) -> EntityId;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Configuration of the reputation pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The registry of entities: whether an institution is active, its payout account
		/// and region.
		type Registry: InstitutionRegistry<Self::AccountId>;

		/// The currency subsidies are paid in.
		type Currency: Mutate<Self::AccountId>;

		/// Origin that sets score rules, tiers and the era budget: the health authority.
		type ParameterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Origin that mints subsidies into the pot: the health authority.
		type FundOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Identifier from which the pot's account is derived.
		#[pallet::constant]
		type PotId: Get<PalletId>;

		/// Length of an era in blocks when the genesis configuration sets none.
		#[pallet::constant]
		type DefaultEraLength: Get<BlockNumberFor<Self>>;

		/// Lowest possible score.
		#[pallet::constant]
		type MinScore: Get<Score>;

		/// Highest possible score.
		#[pallet::constant]
		type MaxScore: Get<Score>;

		/// Score of an institution that has not anchored yet.
		#[pallet::constant]
		type InitialScore: Get<Score>;

		/// Maximum number of tiers.
		#[pallet::constant]
		type MaxTiers: Get<u32>;

		/// Maximum number of institutions paid (or skipped) per block during a payout.
		#[pallet::constant]
		type MaxPayoutsPerBlock: Get<u32>;

		/// Maximum number of completed eras kept in each institution's history.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Registers institutions for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// The reputation pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Score of each institution that has anchored or received a verdict.
	#[pallet::storage]
	pub type Scores<T: Config> = StorageMap<_, Twox64Concat, EntityId, Score>;

	/// The era in progress.
	#[pallet::storage]
	pub type CurrentEra<T: Config> = StorageValue<_, EraIndex, ValueQuery>;

	/// The block in which the current era started.
	#[pallet::storage]
	pub type EraStart<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Length of an era in blocks; a change applies from the current era on.
	#[pallet::storage]
	pub type EraLength<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultEraLength>;

	/// The oldest era whose payout has not finished; equal to `CurrentEra` when none waits.
	#[pallet::storage]
	pub type NextEraToPay<T: Config> = StorageValue<_, EraIndex, ValueQuery>;

	/// Anchors of each institution in each era not paid out yet.
	#[pallet::storage]
	pub type EraEntries<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EraIndex, Twox64Concat, EntityId, EraEntry>;

	/// Sum of the institutions' weights in each era not paid out yet.
	#[pallet::storage]
	pub type EraWeights<T: Config> = StorageMap<_, Twox64Concat, EraIndex, u128, ValueQuery>;

	/// The payout in progress, by era.
	#[pallet::storage]
	pub type Payouts<T: Config> = StorageMap<_, Twox64Concat, EraIndex, Payout<BalanceOf<T>>>;

	/// How much each kind of event moves a score.
	#[pallet::storage]
	pub type Rules<T: Config> = StorageValue<_, ScoreRules, ValueQuery>;

	/// Tiers by ascending minimum score; the first starts at `MinScore`.
	#[pallet::storage]
	pub type Tiers<T: Config> = StorageValue<_, BoundedVec<Tier, T::MaxTiers>, ValueQuery>;

	/// Amount split among institutions at the end of each era, capped by the pot.
	#[pallet::storage]
	pub type EraBudget<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Completed eras of each institution, oldest first.
	#[pallet::storage]
	pub type History<T: Config> = StorageMap<
		_,
		Twox64Concat,
		EntityId,
		BoundedVec<EraRecord<BalanceOf<T>>, T::MaxHistory>,
		ValueQuery,
	>;

	/// Genesis configuration: score rules, tiers and the era budget.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Score rules; `ScoreRules::default()` when absent.
		pub rules: Option<ScoreRules>,
		/// Tiers as `(minimum score, rate limit per cent)`; one tier at 100 % when empty.
		pub tiers: Vec<Tier>,
		/// Budget of each era.
		pub era_budget: BalanceOf<T>,
		/// Length of an era in blocks; `DefaultEraLength` when absent.
		pub era_length: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let rules = self.rules.unwrap_or_default();
			if let Err(error) = Pallet::<T>::check_rules(&rules) {
				panic!("reputation genesis: score rules are invalid: {error:?}");
			}
			let tiers = if self.tiers.is_empty() {
				alloc::vec![Tier { min_score: T::MinScore::get(), rate_limit_percent: 100 }]
			} else {
				self.tiers.clone()
			};
			let tiers = Pallet::<T>::check_tiers(tiers)
				.unwrap_or_else(|error| panic!("reputation genesis: tiers are invalid: {error:?}"));
			let era_length = self.era_length.unwrap_or_else(T::DefaultEraLength::get);
			if era_length.is_zero() {
				panic!("reputation genesis: the era length must be at least one block");
			}
			Rules::<T>::put(rules);
			Tiers::<T>::put(tiers);
			EraBudget::<T>::put(self.era_budget);
			EraLength::<T>::put(era_length);
		}
	}

	/// Events of the reputation pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An institution's score crossed into another tier.
		TierChanged {
			/// The institution.
			institution: EntityId,
			/// The tier before.
			from: u32,
			/// The tier now.
			to: u32,
			/// The score now.
			score: Score,
		},
		/// An era ended; its payout starts in the following blocks.
		EraEnded {
			/// The era that ended.
			era: EraIndex,
		},
		/// The payout of an era started with a fixed budget.
		PayoutStarted {
			/// The era.
			era: EraIndex,
			/// The amount to split.
			budget: BalanceOf<T>,
			/// Sum of the institutions' weights.
			total_weight: u128,
		},
		/// An institution received its subsidy for an era.
		SubsidyPaid {
			/// The era.
			era: EraIndex,
			/// The institution.
			institution: EntityId,
			/// Its payout account.
			account: T::AccountId,
			/// The amount.
			amount: BalanceOf<T>,
		},
		/// An institution received nothing for an era; its share stays in the pot.
		SubsidySkipped {
			/// The era.
			era: EraIndex,
			/// The institution.
			institution: EntityId,
			/// Why.
			reason: SkipReason,
		},
		/// An era's payout finished.
		PayoutFinished {
			/// The era.
			era: EraIndex,
			/// Total paid.
			paid: BalanceOf<T>,
			/// Part of the budget that stayed in the pot: rounding and skipped shares.
			kept_in_pot: BalanceOf<T>,
		},
		/// The health authority minted subsidies into the pot.
		PotFunded {
			/// The amount.
			amount: BalanceOf<T>,
		},
		/// The score rules were replaced.
		RulesSet {
			/// The new rules.
			rules: ScoreRules,
		},
		/// The tiers were replaced.
		TiersSet {
			/// Number of tiers.
			count: u32,
		},
		/// The era budget was changed.
		EraBudgetSet {
			/// The new budget.
			budget: BalanceOf<T>,
		},
		/// The era length was changed.
		EraLengthSet {
			/// The new length in blocks.
			length: BlockNumberFor<T>,
		},
	}

	/// Errors of the reputation pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// A rule's amount exceeds `MaxScore - MinScore`, so one event could cross the whole
		/// scale, or `max_weighted_anchors_per_era` is zero.
		RuleOutOfRange,
		/// No tier was given; give at least one, starting at `MinScore`.
		NoTiers,
		/// More tiers than `MaxTiers`.
		TooManyTiers,
		/// The first tier does not start at `MinScore`, so some scores would have no tier.
		FirstTierNotAtMinimum,
		/// Tier thresholds are not strictly increasing, or one lies above `MaxScore`.
		TiersNotIncreasing,
		/// A tier's rate limit is above 1,000 per cent.
		RateLimitOutOfRange,
		/// The amount to mint is zero.
		ZeroAmount,
		/// Minting into the pot failed, for example because total issuance would overflow.
		MintFailed,
		/// An era must last at least one block.
		InvalidEraLength,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(block: BlockNumberFor<T>) -> Weight {
			let mut weight = T::WeightInfo::on_initialize_idle();
			let era_end = EraStart::<T>::get().saturating_add(EraLength::<T>::get());
			// An era ends only once the previous one is paid, so payouts never fall behind,
			// however short the eras and however many the institutions.
			let paid_up = NextEraToPay::<T>::get() >= CurrentEra::<T>::get();
			if block >= era_end && paid_up {
				Self::end_era(block);
				weight = weight.saturating_add(T::WeightInfo::end_era());
			}
			weight.saturating_add(Self::pay_some(T::MaxPayoutsPerBlock::get()))
		}

		fn integrity_test() {
			assert!(!T::DefaultEraLength::get().is_zero(), "DefaultEraLength must be positive");
			assert!(T::MinScore::get() < T::MaxScore::get(), "MinScore must be below MaxScore");
			assert!(
				T::MinScore::get() <= T::InitialScore::get()
					&& T::InitialScore::get() <= T::MaxScore::get(),
				"InitialScore must lie between MinScore and MaxScore"
			);
			assert!(T::MaxTiers::get() > 0, "MaxTiers must be positive");
			assert!(T::MaxPayoutsPerBlock::get() > 0, "MaxPayoutsPerBlock must be positive");
			assert!(T::MaxHistory::get() > 0, "MaxHistory must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Replaces the score rules.
		///
		/// Origin: `ParameterOrigin` (the health authority). Fees: normal.
		///
		/// # Events
		/// - `RulesSet`.
		///
		/// # Errors
		/// - `RuleOutOfRange`: an amount exceeds `MaxScore - MinScore`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_rules())]
		pub fn set_rules(origin: OriginFor<T>, rules: ScoreRules) -> DispatchResult {
			T::ParameterOrigin::ensure_origin(origin)?;
			Self::check_rules(&rules)?;
			Rules::<T>::put(rules);
			Self::deposit_event(Event::RulesSet { rules });
			Ok(())
		}

		/// Replaces the tiers. Institutions' tiers follow at once from their scores.
		///
		/// Origin: `ParameterOrigin` (the health authority). Fees: normal.
		///
		/// # Events
		/// - `TiersSet`.
		///
		/// # Errors
		/// - `NoTiers`, `TooManyTiers`: the list is empty or longer than `MaxTiers`.
		/// - `FirstTierNotAtMinimum`, `TiersNotIncreasing`: the thresholds do not cover the
		///   scale in ascending order.
		/// - `RateLimitOutOfRange`: a rate limit above 1,000 per cent.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_tiers())]
		pub fn set_tiers(origin: OriginFor<T>, tiers: Vec<Tier>) -> DispatchResult {
			T::ParameterOrigin::ensure_origin(origin)?;
			let tiers = Self::check_tiers(tiers)?;
			let count = u32::try_from(tiers.len()).unwrap_or(u32::MAX);
			Tiers::<T>::put(tiers);
			Self::deposit_event(Event::TiersSet { count });
			Ok(())
		}

		/// Sets the amount split among institutions at the end of each era. A pot with less
		/// caps it.
		///
		/// Origin: `ParameterOrigin` (the health authority). Fees: normal.
		///
		/// # Events
		/// - `EraBudgetSet`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_era_budget())]
		pub fn set_era_budget(origin: OriginFor<T>, budget: BalanceOf<T>) -> DispatchResult {
			T::ParameterOrigin::ensure_origin(origin)?;
			EraBudget::<T>::put(budget);
			Self::deposit_event(Event::EraBudgetSet { budget });
			Ok(())
		}

		/// Sets the length of an era in blocks. The current era ends once it has lasted the new
		/// length, at once if it already has.
		///
		/// Origin: `ParameterOrigin` (the health authority). Fees: normal.
		///
		/// # Events
		/// - `EraLengthSet`.
		///
		/// # Errors
		/// - `InvalidEraLength`: zero blocks.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_era_length())]
		pub fn set_era_length(origin: OriginFor<T>, length: BlockNumberFor<T>) -> DispatchResult {
			T::ParameterOrigin::ensure_origin(origin)?;
			ensure!(!length.is_zero(), Error::<T>::InvalidEraLength);
			EraLength::<T>::put(length);
			Self::deposit_event(Event::EraLengthSet { length });
			Ok(())
		}

		/// Mints `amount` of new subsidy into the pot.
		///
		/// Anyone may also fund the pot with an ordinary transfer to its account.
		///
		/// Origin: `FundOrigin` (the health authority). Fees: normal.
		///
		/// # Events
		/// - `PotFunded`.
		///
		/// # Errors
		/// - `ZeroAmount`: nothing to mint.
		/// - `MintFailed`: the currency rejected the mint.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::fund_pot())]
		pub fn fund_pot(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			T::FundOrigin::ensure_origin(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			T::Currency::mint_into(&Self::pot_account(), amount)
				.map_err(|_| Error::<T>::MintFailed)?;
			Self::deposit_event(Event::PotFunded { amount });
			Ok(())
		}
	}
}

// Public API for other pallets and the runtime.
impl<T: Config> Pallet<T> {
	/// Returns the pot's account.
	pub fn pot_account() -> T::AccountId {
		T::PotId::get().into_account_truncating()
	}

	/// Returns an institution's score.
	pub fn score(institution: EntityId) -> Score {
		Scores::<T>::get(institution).unwrap_or_else(T::InitialScore::get)
	}

	/// Returns the tier a score falls in, 0 being the lowest.
	pub fn tier_of_score(score: Score) -> u32 {
		tier_index(&Tiers::<T>::get(), score)
	}

	/// Returns the rate limit of a score's tier, in per cent of the base limit; 100 when no
	/// tier covers the score.
	pub fn rate_limit_percent_of_score(score: Score) -> u32 {
		let tiers = Tiers::<T>::get();
		tiers
			.iter()
			.rev()
			.find(|tier| tier.min_score <= score)
			.map(|tier| tier.rate_limit_percent)
			.unwrap_or(100)
	}

	/// Checks every invariant of the pallet's storage:
	///
	/// - every score lies between `MinScore` and `MaxScore`;
	/// - tiers start at `MinScore` and rise strictly;
	/// - `NextEraToPay` is not after `CurrentEra`, and no era before it has entries left;
	/// - each unpaid era's weight equals the sum of its institutions' weights.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (_, score) in Scores::<T>::iter() {
			ensure!(
				T::MinScore::get() <= score && score <= T::MaxScore::get(),
				"a score lies outside its bounds"
			);
		}
		let tiers = Tiers::<T>::get();
		ensure!(
			tiers.first().is_some_and(|tier| tier.min_score == T::MinScore::get()),
			"the tiers do not start at MinScore"
		);
		for pair in tiers.windows(2) {
			if let [lower, upper] = pair {
				ensure!(lower.min_score < upper.min_score, "the tiers do not rise");
			}
		}
		let next = NextEraToPay::<T>::get();
		ensure!(next <= CurrentEra::<T>::get(), "a payout waits for an era not ended");
		let mut sums: alloc::collections::btree_map::BTreeMap<EraIndex, u128> = Default::default();
		for (era, _, entry) in EraEntries::<T>::iter() {
			ensure!(era >= next, "an era already paid has entries left");
			let sum = sums.entry(era).or_default();
			*sum = sum.saturating_add(u128::from(entry.weighted));
		}
		for (era, sum) in sums {
			// A payout in progress has removed the entries it paid from the era.
			if !Payouts::<T>::contains_key(era) {
				ensure!(EraWeights::<T>::get(era) == sum, "an era's weight is not its sum");
			}
		}
		Ok(())
	}
}

// Private helpers.
impl<T: Config> Pallet<T> {
	fn check_rules(rules: &ScoreRules) -> Result<(), Error<T>> {
		let span = T::MaxScore::get().saturating_sub(T::MinScore::get());
		ensure!(rules.largest() <= span, Error::<T>::RuleOutOfRange);
		ensure!(rules.max_weighted_anchors_per_era > 0, Error::<T>::RuleOutOfRange);
		Ok(())
	}

	fn check_tiers(tiers: Vec<Tier>) -> Result<BoundedVec<Tier, T::MaxTiers>, Error<T>> {
		let first = tiers.first().ok_or(Error::<T>::NoTiers)?;
		ensure!(first.min_score == T::MinScore::get(), Error::<T>::FirstTierNotAtMinimum);
		for pair in tiers.windows(2) {
			if let [lower, upper] = pair {
				ensure!(lower.min_score < upper.min_score, Error::<T>::TiersNotIncreasing);
			}
		}
		let last = tiers.last().map(|tier| tier.min_score).unwrap_or_default();
		ensure!(last <= T::MaxScore::get(), Error::<T>::TiersNotIncreasing);
		ensure!(
			tiers.iter().all(|tier| tier.rate_limit_percent <= 1_000),
			Error::<T>::RateLimitOutOfRange
		);
		tiers.try_into().map_err(|_| Error::<T>::TooManyTiers)
	}

	/// Adds `reward` and subtracts `penalty` from `institution`'s score, within the bounds;
	/// returns the score after.
	fn move_score(institution: EntityId, reward: Score, penalty: Score) -> Score {
		let stored = Scores::<T>::get(institution);
		let before = stored.unwrap_or_else(T::InitialScore::get);
		let after = before
			.saturating_add(reward)
			.saturating_sub(penalty)
			.clamp(T::MinScore::get(), T::MaxScore::get());
		if stored != Some(after) {
			Scores::<T>::insert(institution, after);
		}
		let tiers = Tiers::<T>::get();
		let (from, to) = (tier_index(&tiers, before), tier_index(&tiers, after));
		if from != to {
			Self::deposit_event(Event::TierChanged { institution, from, to, score: after });
		}
		after
	}
}

/// Returns the index of the tier `score` falls in, 0 being the lowest.
fn tier_index(tiers: &[Tier], score: Score) -> u32 {
	let count = tiers.iter().take_while(|tier| tier.min_score <= score).count();
	u32::try_from(count.saturating_sub(1)).unwrap_or_default()
}

impl<T: Config> AnchorObserver for Pallet<T> {
	fn on_anchors(institution: EntityId, tally: &AnchorTally) {
		let rules = Rules::<T>::get();
		let reward = rules
			.at_generation
			.saturating_mul(tally.at_generation)
			.saturating_add(rules.written_on_time.saturating_mul(tally.written_on_time));
		let penalty = rules
			.late_anchor
			.saturating_mul(tally.late)
			.saturating_add(rules.written_late.saturating_mul(tally.written_late))
			.saturating_add(rules.per_gap.saturating_mul(tally.new_gaps))
			.saturating_add(rules.per_missing_kind.saturating_mul(tally.missing_kinds));

		let era = CurrentEra::<T>::get();
		let mut entry = EraEntries::<T>::get(era, institution).unwrap_or_default();
		let reward_left = rules.max_anchor_reward_per_era.saturating_sub(entry.rewarded);
		let reward = reward.min(reward_left);
		entry.rewarded = entry.rewarded.saturating_add(reward);
		let after = Self::move_score(institution, reward, penalty);

		// Timely anchors weigh the score the institution is left with after the block's
		// anchors, so a block's late anchors also lower the weight of its timely ones.
		// NOTE: within `max_weighted_anchors_per_era`, fabricated anchors still earn a share
		// of the subsidy; the chain can only make them attributable, not detect them.
		let weighted = tally
			.at_generation
			.min(rules.max_weighted_anchors_per_era.saturating_sub(entry.timely));
		let weight = u64::from(weighted).saturating_mul(u64::from(after));
		entry.timely = entry.timely.saturating_add(tally.at_generation);
		entry.weighted = entry.weighted.saturating_add(weight);
		entry.late = entry.late.saturating_add(tally.late);
		EraEntries::<T>::insert(era, institution, entry);
		if weight > 0 {
			EraWeights::<T>::mutate(era, |total| *total = total.saturating_add(u128::from(weight)));
		}
	}
}

impl<T: Config> VerdictObserver for Pallet<T> {
	fn on_verdict(institution: EntityId, verdict: Verdict, presenter: Presenter) {
		let rules = Rules::<T>::get();
		// A copy from the patient side or from another institution may have been altered
		// after it left the record's institution, so only the institution's own copies and
		// those the court obtained count against it. A match counts whoever presented it.
		let counts_against = match presenter {
			Presenter::PatientSide => false,
			Presenter::Institution(presenter) => presenter == institution,
			Presenter::Court => true,
		};
		match verdict {
			Verdict::MatchesLatest => {
				// Matches share the per-era cap of anchor rewards, so repeated verifications
				// of one known hash cannot raise a score without bound.
				let era = CurrentEra::<T>::get();
				let mut entry = EraEntries::<T>::get(era, institution).unwrap_or_default();
				let reward = rules
					.verdict_match
					.min(rules.max_anchor_reward_per_era.saturating_sub(entry.rewarded));
				entry.rewarded = entry.rewarded.saturating_add(reward);
				EraEntries::<T>::insert(era, institution, entry);
				Self::move_score(institution, reward, 0);
			},
			// The record was amended since the document was made: the amendment is on the
			// chain, so it neither rewards nor penalizes.
			Verdict::MatchesEarlierVersion => {},
			Verdict::Mismatch if counts_against => {
				Self::move_score(institution, 0, rules.verdict_mismatch);
			},
			Verdict::NotAnchored if counts_against => {
				Self::move_score(institution, 0, rules.verdict_not_anchored);
			},
			Verdict::Mismatch | Verdict::NotAnchored => {},
		}
	}
}

impl<T: Config> RateLimitScale for Pallet<T> {
	fn percent_of_base(institution: EntityId) -> u32 {
		Self::rate_limit_percent_of_score(Self::score(institution))
	}
}
