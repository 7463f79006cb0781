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
	[pallet_anchors, Anchors]
	[pallet_reputation, Reputation]
);

type SystemBench<T> = frame_system_benchmarking::Pallet<T>;
use crate::{Anchors, Institutions, Reputation, ValidatorSet};

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

/// Registers an entity through the registry's own call, with the credit code of `serial`;
/// returns its id.
fn register_entity(
	kind: pallet_institutions::EntityKind,
	serial: u32,
	admin: &crate::AccountId,
	payout: &crate::AccountId,
) -> u32 {
	use pallet_institutions::{credit_code_with_serial, EntityKind, HospitalGrade, NextEntityId};

	let id = NextEntityId::<Runtime>::get();
	let grade = (kind == EntityKind::Hospital).then_some(HospitalGrade::TertiaryA);
	Institutions::register_entity(
		crate::RuntimeOrigin::root(),
		kind,
		"基准测试机构".as_bytes().to_vec(),
		credit_code_with_serial(serial),
		b"PDY00001X110105".to_vec(),
		*b"110105",
		grade,
		payout.clone(),
		admin.clone(),
	)
	.expect("benchmark entities are valid; qed");
	id
}

/// Registers the institutions the anchors benchmarks anchor for, through the registry's own
/// calls, and sets the block time.
pub struct AnchorsBenchmarkHelper;

impl pallet_anchors::BenchmarkHelper<crate::AccountId> for AnchorsBenchmarkHelper {
	fn delegated_platform(seed: u32) -> (u32, crate::AccountId, crate::AccountId) {
		use crate::{AccountId, RuntimeOrigin};
		use frame_benchmarking::account;
		use pallet_institutions::{AccountRole, EntityKind};

		// Serials far from those of the genesis presets and the registry's own benchmarks.
		let serial = 800_000u32.saturating_add(seed.saturating_mul(2));
		let hospital_admin: AccountId = account("anchors-hospital", seed, 0);
		let platform_admin: AccountId = account("anchors-platform", seed, 0);
		let gateway: AccountId = account("anchors-gateway", seed, 0);
		let device: AccountId = account("anchors-device", seed, 0);
		let hospital =
			register_entity(EntityKind::Hospital, serial, &hospital_admin, &hospital_admin);
		let platform = register_entity(
			EntityKind::EvidencePlatform,
			serial.saturating_add(1),
			&platform_admin,
			&platform_admin,
		);
		for (account, role) in [(&gateway, AccountRole::Gateway), (&device, AccountRole::Device)] {
			Institutions::add_account(
				RuntimeOrigin::signed(platform_admin.clone()),
				platform,
				account.clone(),
				role,
			)
			.expect("a fresh platform has room; qed");
		}
		Institutions::delegate_anchoring(RuntimeOrigin::signed(hospital_admin), hospital, platform)
			.expect("both entities are active; qed");
		(hospital, gateway, device)
	}

	fn set_time(at: u64) {
		pallet_timestamp::Now::<Runtime>::put(at);
	}
}

/// Registers the institutions the reputation benchmarks pay, through the registry's own call.
pub struct ReputationBenchmarkHelper;

impl pallet_reputation::BenchmarkHelper for ReputationBenchmarkHelper {
	fn active_institution(seed: u32) -> u32 {
		use frame_benchmarking::account;

		// Serials far from those of the presets and of the other pallets' benchmarks.
		let serial = 700_000u32.saturating_add(seed);
		let admin: crate::AccountId = account("reputation-admin", seed, 0);
		let payout: crate::AccountId = account("reputation-payout", seed, 0);
		register_entity(pallet_institutions::EntityKind::Clinic, serial, &admin, &payout)
	}
}
