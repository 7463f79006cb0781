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
	[pallet_judicial, Judicial]
);

type SystemBench<T> = frame_system_benchmarking::Pallet<T>;
use crate::{Anchors, Institutions, Judicial, Reputation, ValidatorSet};

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

/// Registers the institutions and anchors the judicial benchmarks work on, through the
/// registry's and the anchors pallet's own calls.
pub struct JudicialBenchmarkHelper;

impl pallet_judicial::BenchmarkHelper<crate::AccountId> for JudicialBenchmarkHelper {
	fn institution(seed: u32) -> (u32, crate::AccountId) {
		use crate::RuntimeOrigin;
		use frame_benchmarking::account;
		use pallet_institutions::{AccountRole, EntityKind};

		// Serials far from those of the presets and of the other pallets' benchmarks.
		let serial = 600_000u32.saturating_add(seed);
		let admin: crate::AccountId = account("judicial-admin", seed, 0);
		let institution = register_entity(EntityKind::Hospital, serial, &admin, &admin);
		for (role, name) in
			[(AccountRole::Gateway, "judicial-gateway"), (AccountRole::Device, "judicial-device")]
		{
			Institutions::add_account(
				RuntimeOrigin::signed(admin.clone()),
				institution,
				account(name, institution, 0),
				role,
			)
			.expect("a fresh institution has room; qed");
		}
		(institution, admin)
	}

	fn anchor_records(
		institution: u32,
		patient: [u8; 32],
		seed: u32,
		count: u32,
		versions: u32,
		encounters: u32,
	) -> Vec<[u8; 32]> {
		use crate::RuntimeOrigin;
		use frame_benchmarking::account;
		use medanchor_primitives::{
			anchors::{AmendmentReason, EncounterClass},
			records::{ContentHash, HashAlgorithm, RecordKind},
		};

		let gateway: crate::AccountId = account("judicial-gateway", institution, 0);
		let now = pallet_timestamp::Now::<Runtime>::get();
		let hash = |parts: &[u32]| {
			let bytes: Vec<u8> = parts.iter().flat_map(|part| part.to_le_bytes()).collect();
			ContentHash::of(HashAlgorithm::Sm3, &bytes)
		};
		(0..count)
			.map(|index| {
				let id = hash(&[0x1d, institution, seed, index]).digest;
				let spread = encounters.max(1);
				let encounter = hash(&[0xe0, institution, seed, index % spread]).digest;
				Anchors::anchor_record(
					RuntimeOrigin::signed(gateway.clone()),
					None,
					pallet_anchors::NewRecord {
						id,
						patient,
						encounter,
						class: EncounterClass::Inpatient,
						sequence: (index / spread).saturating_add(1),
						kind: RecordKind::ProgressNote,
						content_hash: hash(&[0xc0, institution, seed, index, 0]).into(),
						generated_at: now,
						event: None,
					},
				)
				.expect("a fresh record of an active institution; qed");
				for version in 1..versions {
					Anchors::amend_record(
						RuntimeOrigin::signed(gateway.clone()),
						id,
						(version - 1) as u16,
						hash(&[0xc0, institution, seed, index, version]).into(),
						now,
						AmendmentReason::Correction,
						None,
					)
					.expect("the latest version of an unsealed record; qed");
				}
				id
			})
			.collect()
	}

	fn anchor_batch(
		institution: u32,
		patient: [u8; 32],
		root: medanchor_primitives::records::ContentHash,
		leaf_count: u32,
	) -> [u8; 32] {
		use frame_benchmarking::account;
		use medanchor_primitives::{anchors::EncounterClass, records::RecordKind};

		let device: crate::AccountId = account("judicial-device", institution, 0);
		let now = pallet_timestamp::Now::<Runtime>::get();
		let id = root.digest;
		Anchors::anchor_batch(
			crate::RuntimeOrigin::signed(device),
			None,
			pallet_anchors::NewBatch {
				id,
				kind: RecordKind::VitalSigns,
				class: EncounterClass::Inpatient,
				patient: Some(patient),
				root: root.into(),
				leaf_count,
				first_generated_at: now,
				last_generated_at: now,
			},
		)
		.expect("a fresh batch of an active institution; qed");
		id
	}

	fn max_versions() -> u32 {
		crate::configs::AnchorMaxVersions::get()
	}

	fn set_time(at: u64) {
		pallet_timestamp::Now::<Runtime>::put(at);
	}
}
