//! Weights of `pallet-institutions`.
//!
//! TODO: these figures are estimates, not measurements: the storage reads and writes of each
//! call are counted from the code, the execution time is a guess of 25 µs per call and the
//! proof size a guess of 4 KB. `scripts/weights.sh` regenerates this file from
//! `frame-omni-bencher` runs of `src/benchmarking.rs`.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions of `pallet_institutions`.
pub trait WeightInfo {
	fn register_entity() -> Weight;
	fn update_entity() -> Weight;
	fn suspend_entity() -> Weight;
	fn reinstate_entity() -> Weight;
	fn revoke_entity() -> Weight;
	fn add_account() -> Weight;
	fn remove_account() -> Weight;
	fn delegate_anchoring() -> Weight;
	fn revoke_delegation() -> Weight;
}

/// Weights of `pallet_institutions` with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Institutions::CreditCodeToEntity` (r:1 w:1)
	/// Storage: `Institutions::AccountToEntity` (r:1 w:1)
	/// Storage: `Institutions::NextEntityId` (r:1 w:1)
	/// Storage: `Institutions::Entities` (r:0 w:1)
	/// Storage: `Institutions::AccountsOf` (r:0 w:1)
	fn register_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Institutions::Entities` (r:1 w:1)
	/// Storage: `Institutions::AccountToEntity` (r:1 w:2)
	/// Storage: `Institutions::AccountsOf` (r:0 w:2)
	fn update_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Institutions::Entities` (r:1 w:1)
	fn suspend_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Institutions::Entities` (r:1 w:1)
	fn reinstate_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Institutions::Entities` (r:1 w:1)
	fn revoke_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Institutions::Entities` (r:1 w:1)
	/// Storage: `Institutions::AccountToEntity` (r:1 w:1)
	/// Storage: `Institutions::AccountsOf` (r:0 w:1)
	fn add_account() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Institutions::Entities` (r:1 w:1)
	/// Storage: `Institutions::AccountsOf` (r:1 w:1)
	/// Storage: `Institutions::AccountToEntity` (r:0 w:1)
	fn remove_account() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Institutions::Entities` (r:2 w:1)
	/// Storage: `Institutions::Delegations` (r:1 w:1)
	fn delegate_anchoring() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Institutions::Entities` (r:1 w:1)
	/// Storage: `Institutions::Delegations` (r:1 w:1)
	fn revoke_delegation() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// The same figures with RocksDB weights, for mock runtimes in tests.
impl WeightInfo for () {
	fn register_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn update_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn suspend_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn reinstate_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn revoke_entity() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn add_account() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn remove_account() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn delegate_anchoring() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn revoke_delegation() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
