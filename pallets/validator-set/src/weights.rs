//! Weights of `pallet-validator-set`.
//!
//! TODO: these figures are estimates, not measurements: two storage reads and two writes per
//! membership change plus a linear term for the membership scan. `scripts/weights.sh`
//! regenerates this file from `frame-omni-bencher` runs of `src/benchmarking.rs`; until it has
//! been run, the ref-time terms may be off by a small factor (the storage terms are exact).

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_validator_set`.
pub trait WeightInfo {
	fn add_validator(v: u32) -> Weight;
	fn remove_validator(v: u32) -> Weight;
	fn set_min_validators() -> Weight;
}

/// Weights for `pallet_validator_set` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `ValidatorSet::Validators` (r:1 w:1)
	/// Storage: `Session::NextKeys` (r:1 w:0)
	/// Storage: `ValidatorSet::PendingChange` (r:0 w:1)
	/// The range of component `v` is `[1, 31]`.
	fn add_validator(v: u32) -> Weight {
		Weight::from_parts(20_000_000, 1_600)
			.saturating_add(Weight::from_parts(200_000, 32).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `ValidatorSet::Validators` (r:1 w:1)
	/// Storage: `ValidatorSet::MinValidators` (r:1 w:0)
	/// Storage: `ValidatorSet::PendingChange` (r:0 w:1)
	/// The range of component `v` is `[2, 32]`.
	fn remove_validator(v: u32) -> Weight {
		Weight::from_parts(20_000_000, 1_600)
			.saturating_add(Weight::from_parts(200_000, 32).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `ValidatorSet::Validators` (r:1 w:0)
	/// Storage: `ValidatorSet::MinValidators` (r:0 w:1)
	fn set_min_validators() -> Weight {
		Weight::from_parts(10_000_000, 1_600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn add_validator(v: u32) -> Weight {
		Weight::from_parts(20_000_000, 1_600)
			.saturating_add(Weight::from_parts(200_000, 32).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn remove_validator(v: u32) -> Weight {
		Weight::from_parts(20_000_000, 1_600)
			.saturating_add(Weight::from_parts(200_000, 32).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn set_min_validators() -> Weight {
		Weight::from_parts(10_000_000, 1_600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
