//! Benchmarks of the validator set calls, each at its worst case.

use super::*;
use frame_benchmarking::v2::*;
use sp_runtime::traits::TrailingZeroInput;

/// Fills the set with `count` validators, starting from `seed`, each with session keys.
fn fill_validators<T: Config>(count: u32, seed: u32) -> Vec<T::AccountId> {
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, seed)).collect();
	for validator in &validators {
		give_session_keys::<T>(validator);
	}
	let bounded = BoundedVec::<T::AccountId, T::MaxValidators>::truncate_from(validators.clone());
	Validators::<T>::put(bounded);
	validators
}

fn give_session_keys<T: Config>(who: &T::AccountId) {
	let keys = T::Keys::decode(&mut TrailingZeroInput::zeroes())
		.expect("any keys type decodes from an endless run of zeroes; qed");
	pallet_session::NextKeys::<T>::insert(who, keys);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Adding to a set of `v` validators: the membership scan is linear in `v`.
	#[benchmark]
	fn add_validator(
		v: Linear<1, { T::MaxValidators::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		fill_validators::<T>(v, 0);
		MinValidators::<T>::put(1);
		let new: T::AccountId = account("new", 0, 1);
		give_session_keys::<T>(&new);
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new.clone());

		assert!(Validators::<T>::get().contains(&new));
		Ok(())
	}

	/// Removing the last of `v` validators: the scan and the retain walk the whole set.
	#[benchmark]
	fn remove_validator(v: Linear<2, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		let validators = fill_validators::<T>(v, 0);
		MinValidators::<T>::put(1);
		let removed = validators.last().cloned().expect("v is at least 2; qed");
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, removed.clone());

		assert!(!Validators::<T>::get().contains(&removed));
		Ok(())
	}

	#[benchmark]
	fn set_min_validators() -> Result<(), BenchmarkError> {
		fill_validators::<T>(T::MaxValidators::get(), 0);
		MinValidators::<T>::put(1);
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 2);

		assert_eq!(MinValidators::<T>::get(), 2);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
