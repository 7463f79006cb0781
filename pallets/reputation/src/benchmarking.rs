//! Benchmarks of the parameter calls, the end of an era and the paged payout, each at its
//! worst case: the most tiers, and payouts that start the era's payout and create every
//! payout account.

use super::*;
use frame_benchmarking::v2::*;
use sp_runtime::{traits::Saturating, SaturatedConversion};

fn parameter_origin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ParameterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Funds the pot and sets a budget large enough that every share exceeds the existential
/// deposit, so that each payout creates its account.
fn fund<T: Config>(institutions: u32) {
	let unit: u128 = T::Currency::minimum_balance().saturated_into();
	let budget = unit.saturating_mul(1_000).saturating_mul(u128::from(institutions.max(1)));
	T::Currency::mint_into(&Pallet::<T>::pot_account(), budget.saturating_mul(2).saturated_into())
		.expect("the benchmark pot can be minted; qed");
	EraBudget::<T>::put(BalanceOf::<T>::saturated_from(budget));
}

/// Records one timely anchor in era 0 for each of `n` institutions and ends the era.
fn era_with_institutions<T: Config>(n: u32) {
	for seed in 0..n {
		let institution = T::BenchmarkHelper::active_institution(seed);
		let entry = EraEntry { timely: 1, late: 0, weighted: 600, rewarded: 1 };
		EraEntries::<T>::insert(0, institution, entry);
		EraWeights::<T>::mutate(0, |weight| *weight = weight.saturating_add(600));
	}
	CurrentEra::<T>::put(1);
	NextEraToPay::<T>::put(0);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_rules() -> Result<(), BenchmarkError> {
		let origin = parameter_origin::<T>()?;
		let rules = ScoreRules { verdict_mismatch: 200, ..Default::default() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, rules);

		assert_eq!(Rules::<T>::get(), rules);
		Ok(())
	}

	/// Replaces the tiers with the most tiers allowed.
	#[benchmark]
	fn set_tiers() -> Result<(), BenchmarkError> {
		let origin = parameter_origin::<T>()?;
		let t = T::MaxTiers::get();
		let tiers: Vec<Tier> = (0..t)
			.map(|index| Tier {
				min_score: T::MinScore::get().saturating_add(index),
				rate_limit_percent: 100,
			})
			.collect();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, tiers);

		assert_eq!(Tiers::<T>::get().len() as u32, t);
		Ok(())
	}

	#[benchmark]
	fn set_era_budget() -> Result<(), BenchmarkError> {
		let origin = parameter_origin::<T>()?;
		let budget: BalanceOf<T> = 1_000u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, budget);

		assert_eq!(EraBudget::<T>::get(), budget);
		Ok(())
	}

	#[benchmark]
	fn set_era_length() -> Result<(), BenchmarkError> {
		let origin = parameter_origin::<T>()?;
		let length: BlockNumberFor<T> = 600u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, length);

		assert_eq!(EraLength::<T>::get(), length);
		Ok(())
	}

	#[benchmark]
	fn fund_pot() -> Result<(), BenchmarkError> {
		let origin =
			T::FundOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let amount = T::Currency::minimum_balance().saturating_mul(1_000u32.into());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, amount);

		assert!(Pallet::<T>::pot_balance() >= amount);
		Ok(())
	}

	/// `on_initialize` in a block that ends no era and finds no payout waiting.
	#[benchmark]
	fn on_initialize_idle() {
		let block: BlockNumberFor<T> = 1u32.into();

		#[block]
		{
			Pallet::<T>::on_initialize(block);
		}

		assert_eq!(CurrentEra::<T>::get(), 0);
	}

	#[benchmark]
	fn end_era() {
		let block: BlockNumberFor<T> = 1u32.into();

		#[block]
		{
			Pallet::<T>::end_era(block);
		}

		assert_eq!(CurrentEra::<T>::get(), 1);
	}

	/// Starts an era's payout and pays `n` institutions, each to a new payout account.
	#[benchmark]
	fn pay(n: Linear<1, { T::MaxPayoutsPerBlock::get() }>) {
		fund::<T>(n);
		era_with_institutions::<T>(n);

		#[block]
		{
			Pallet::<T>::pay_some(n);
		}

		assert_eq!(EraEntries::<T>::iter_prefix(0).count(), 0);
	}

	/// Finishes an era's payout whose institutions are all paid.
	#[benchmark]
	fn finish_payout() {
		fund::<T>(1);
		era_with_institutions::<T>(1);
		Pallet::<T>::pay_some(1);
		assert_eq!(NextEraToPay::<T>::get(), 0);

		#[block]
		{
			Pallet::<T>::pay_some(1);
		}

		assert_eq!(NextEraToPay::<T>::get(), 1);
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
