//! The benchmarks `frame-omni-bencher` runs against this runtime.

use crate::{AllPalletsWithSystem, Runtime};
use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};
use sp_storage::TrackedStorageKey;

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_validator_set, ValidatorSet]
	[pallet_institutions, Institutions]
);

type SystemBench<T> = frame_system_benchmarking::Pallet<T>;
use crate::{Institutions, ValidatorSet};

impl frame_system_benchmarking::Config for Runtime {}

/// Lists the benchmarks and the storage items they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_benchmarking::Benchmarking;

	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmark that `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use frame_benchmarking::Benchmarking;

	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
