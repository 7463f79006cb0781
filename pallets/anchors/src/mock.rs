//! A mock runtime with the real registry and timestamp pallets, and test doubles for legal
//! holds, reputation tiers and the anchor observer.

use crate::{self as pallet_anchors, *};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU64, Hooks},
};
use frame_system::EnsureRoot;
use medanchor_primitives::institutions::{EntityKind, InstitutionRegistry};
use pallet_institutions::{GenesisEntity, HospitalGrade};
use sp_runtime::BuildStorage;
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Institutions: pallet_institutions,
		Anchors: pallet_anchors,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	// The database costs `()`'s weights use, so that the weight anchors save when they
	// rewrite entries matches the weight they were charged for them.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

impl pallet_institutions::Config for Test {
	type RegistrarOrigin = EnsureRoot<u64>;
	type ReservedAccounts = frame_support::traits::Nothing;
	type MaxNameLength = ConstU32<64>;
	type MaxLicenceLength = ConstU32<32>;
	type MaxReasonLength = ConstU32<32>;
	type MaxAccountsPerEntity = ConstU32<8>;
	type MaxDelegations = ConstU32<2>;
	type WeightInfo = ();
}

/// Generation window of the mock: one minute.
pub const WINDOW: Millis = 60_000;
/// Clock drift the mock tolerates: five seconds.
pub const DRIFT: Millis = 5_000;
/// Anchors per institution per block at the base tier.
pub const BASE_LIMIT: u32 = 10;

parameter_types! {
	pub const GenerationWindow: Millis = WINDOW;
	pub const MaxClockDrift: Millis = DRIFT;
	pub const BaseRateLimit: u32 = BASE_LIMIT;
	pub static MaxInstitutionsPerBlock: u32 = 2;
}

impl pallet_anchors::Config for Test {
	type Registry = Institutions;
	type Time = Timestamp;
	type Holds = TestHolds;
	type HoldCheckWeight = ();
	type RateLimit = TestTiers;
	type Observer = TestObserver;
	type ParameterOrigin = EnsureRoot<u64>;
	type GenerationWindow = GenerationWindow;
	type MaxClockDrift = MaxClockDrift;
	type BaseRateLimit = BaseRateLimit;
	type MaxRecordsPerCall = ConstU32<5>;
	type MaxVersions = ConstU32<4>;
	type MaxGapsPerEncounter = ConstU32<3>;
	type MaxBatchLeaves = ConstU32<1000>;
	type MaxPageSize = ConstU32<10>;
	type MaxInstitutionsPerBlock = MaxInstitutionsPerBlock;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark set-up on the mock: the genesis hospital and its delegated platform.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn delegated_platform(_seed: u32) -> (EntityId, u64, u64) {
		// Room for the 32 anchors of one block that some benchmarks make.
		TestTiers::set(HOSPITAL, 1_000);
		(HOSPITAL, PLATFORM_GATEWAY, PLATFORM_DEVICE)
	}

	fn set_time(at: Millis) {
		pallet_timestamp::Now::<Test>::put(at);
	}
}

thread_local! {
	static HELD_RECORDS: RefCell<BTreeSet<RecordId>> = const { RefCell::new(BTreeSet::new()) };
	static HELD_BATCHES: RefCell<BTreeSet<BatchId>> = const { RefCell::new(BTreeSet::new()) };
	static TIERS: RefCell<BTreeMap<EntityId, u32>> = const { RefCell::new(BTreeMap::new()) };
	static REPORTS: RefCell<Vec<(EntityId, AnchorTally)>> = const { RefCell::new(Vec::new()) };
}

/// Legal holds that tests set and lift.
pub struct TestHolds;

impl TestHolds {
	/// Puts `record` under a hold.
	pub fn hold_record(record: RecordId) {
		HELD_RECORDS.with(|held| held.borrow_mut().insert(record));
	}

	/// Lifts the hold on `record`.
	pub fn release_record(record: RecordId) {
		HELD_RECORDS.with(|held| held.borrow_mut().remove(&record));
	}

	/// Puts `batch` under a hold.
	pub fn hold_batch(batch: BatchId) {
		HELD_BATCHES.with(|held| held.borrow_mut().insert(batch));
	}
}

impl LegalHold for TestHolds {
	fn is_record_held(record: &RecordId) -> bool {
		HELD_RECORDS.with(|held| held.borrow().contains(record))
	}

	fn is_batch_held(batch: &BatchId) -> bool {
		HELD_BATCHES.with(|held| held.borrow().contains(batch))
	}
}

/// Rate-limit shares that tests set per institution; 100 per cent otherwise.
pub struct TestTiers;

impl TestTiers {
	/// Gives `institution` `percent` of the base limit.
	pub fn set(institution: EntityId, percent: u32) {
		TIERS.with(|tiers| tiers.borrow_mut().insert(institution, percent));
	}
}

impl RateLimitScale for TestTiers {
	fn percent_of_base(institution: EntityId) -> u32 {
		TIERS.with(|tiers| tiers.borrow().get(&institution).copied().unwrap_or(100))
	}
}

/// Records every tally the pallet reports.
pub struct TestObserver;

impl TestObserver {
	/// Returns the tallies reported so far, oldest first.
	pub fn reports() -> Vec<(EntityId, AnchorTally)> {
		REPORTS.with(|reports| reports.borrow().clone())
	}
}

impl AnchorObserver for TestObserver {
	fn on_anchors(institution: EntityId, tally: &AnchorTally) {
		REPORTS.with(|reports| reports.borrow_mut().push((institution, *tally)));
	}
}

/// The hospital (entity 0).
pub const HOSPITAL: EntityId = 0;
/// The clinic (entity 1).
pub const CLINIC: EntityId = 1;
/// The evidence storage platform (entity 2); the hospital delegated anchoring to it.
pub const PLATFORM: EntityId = 2;
/// An entity id no one registered.
pub const UNREGISTERED: EntityId = 9;

/// The hospital's admin account.
pub const HOSPITAL_ADMIN: u64 = 10;
/// The hospital's gateway account.
pub const HOSPITAL_GATEWAY: u64 = 11;
/// The hospital's device account.
pub const HOSPITAL_DEVICE: u64 = 12;
/// The clinic's gateway account.
pub const CLINIC_GATEWAY: u64 = 21;
/// The platform's gateway account.
pub const PLATFORM_GATEWAY: u64 = 31;
/// The platform's device account.
pub const PLATFORM_DEVICE: u64 = 32;
/// An account acting for no entity.
pub const STRANGER: u64 = 99;

/// Block time at the start of every test: 2026-06-01 00:00:00 UTC.
pub const START: Millis = 1_780_272_000_000;

/// Valid Unified Social Credit Codes of fictitious organizations.
const CODES: [&str; 3] = ["12110105MA0000015L", "12110105MA0000023F", "91440305MA000004XP"];

fn entity(
	kind: EntityKind,
	code: usize,
	admin: u64,
	gateways: Vec<u64>,
	devices: Vec<u64>,
) -> GenesisEntity<u64> {
	GenesisEntity {
		kind,
		name: format!("测试机构{code}"),
		credit_code: CODES[code].into(),
		licence: format!("PDY{code:05}X11010517A1001"),
		region: "110105".into(),
		grade: (kind == EntityKind::Hospital).then_some(HospitalGrade::TertiaryA),
		payout: admin + 5,
		admin,
		gateways,
		devices,
	}
}

/// Builds test externalities with a hospital, a clinic and a platform registered.
#[derive(Default)]
pub struct ExtBuilder {
	genesis: Option<pallet_anchors::GenesisConfig<Test>>,
}

impl ExtBuilder {
	/// Uses `genesis` for the anchors pallet instead of the default one.
	pub fn with_genesis(mut self, genesis: pallet_anchors::GenesisConfig<Test>) -> Self {
		self.genesis = Some(genesis);
		self
	}

	/// Builds the externalities at block 1 and time [`START`].
	pub fn build(self) -> sp_io::TestExternalities {
		HELD_RECORDS.with(|held| held.borrow_mut().clear());
		HELD_BATCHES.with(|held| held.borrow_mut().clear());
		TIERS.with(|tiers| tiers.borrow_mut().clear());
		REPORTS.with(|reports| reports.borrow_mut().clear());
		MaxInstitutionsPerBlock::set(2);

		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_institutions::GenesisConfig::<Test> {
			entities: vec![
				entity(
					EntityKind::Hospital,
					0,
					HOSPITAL_ADMIN,
					vec![HOSPITAL_GATEWAY],
					vec![HOSPITAL_DEVICE],
				),
				entity(EntityKind::Clinic, 1, 20, vec![CLINIC_GATEWAY], vec![]),
				entity(
					EntityKind::EvidencePlatform,
					2,
					30,
					vec![PLATFORM_GATEWAY],
					vec![PLATFORM_DEVICE],
				),
			],
			delegations: vec![(HOSPITAL, PLATFORM)],
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		self.genesis.unwrap_or_default().assimilate_storage(&mut storage).unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(START);
		});
		ext
	}

	/// Builds the externalities, runs `test`, ends the block, then checks the pallet's
	/// invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			end_block();
			Anchors::do_try_state().expect("anchors invariants hold after the test");
		});
	}
}

/// Returns the current block time.
pub fn now() -> Millis {
	pallet_timestamp::Now::<Test>::get()
}

/// Ends the current block: the pallet reports the block's anchors.
pub fn end_block() {
	Anchors::on_finalize(System::block_number());
}

/// Ends the block and moves to the next one, `step` milliseconds later.
pub fn next_block(step: Millis) {
	end_block();
	let number = System::block_number() + 1;
	System::set_block_number(number);
	pallet_timestamp::Now::<Test>::put(now() + step);
}

/// Ends the block and jumps the block time to `at`, in a new block.
pub fn jump_to(at: Millis) {
	end_block();
	System::set_block_number(System::block_number() + 1);
	pallet_timestamp::Now::<Test>::put(at);
}

/// Runs `on_idle` with `weight` available; returns the weight it used.
pub fn run_idle(weight: Weight) -> Weight {
	Anchors::on_idle(System::block_number(), weight)
}

/// Returns the findings of `institution`'s anchors in the current block, reported when the
/// block ends.
pub fn tally(institution: EntityId) -> AnchorTally {
	BlockUsage::<Test>::get(institution)
		.filter(|usage| usage.block == System::block_number())
		.map(|usage| usage.tally)
		.unwrap_or_default()
}

/// Returns the number of anchors `institution` made in its latest anchoring block, and that
/// block.
pub fn usage(institution: EntityId) -> Option<(u64, u32)> {
	BlockUsage::<Test>::get(institution).map(|usage| (usage.block, usage.anchors))
}

/// Returns a 32-byte id made of `byte`.
pub fn id(byte: u8) -> [u8; 32] {
	[byte; 32]
}

/// Returns the Blake2b-256 content hash of `content`.
pub fn hash_of(content: &[u8]) -> ContentHash {
	ContentHash::of(HashAlgorithm::Blake2b256, content)
}

/// Patient reference used by default.
pub const PATIENT: PatientRef = [0xaa; 32];
/// Encounter reference used by default.
pub const ENCOUNTER: EncounterRef = [0xee; 32];

/// Returns a record of the default patient and inpatient encounter, generated now.
pub fn record(record_id: u8, sequence: u32, kind: RecordKind) -> NewRecord {
	NewRecord {
		id: id(record_id),
		patient: PATIENT,
		encounter: ENCOUNTER,
		class: EncounterClass::Inpatient,
		sequence,
		kind,
		content_hash: hash_of(&[record_id]).into(),
		generated_at: now(),
		event: None,
	}
}

/// Returns a batch of `leaf_count` vital-sign readings generated in the last minute.
pub fn batch(batch_id: u8, leaf_count: u32) -> NewBatch {
	NewBatch {
		id: id(batch_id),
		kind: RecordKind::VitalSigns,
		class: EncounterClass::Inpatient,
		patient: Some(PATIENT),
		root: hash_of(&[batch_id, 0xba]).into(),
		leaf_count,
		first_generated_at: now() - 60_000,
		last_generated_at: now(),
	}
}

/// Anchors `record` as the hospital's gateway.
pub fn anchor(record: NewRecord) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Anchors::anchor_record(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, record)
}

/// Returns the events of this pallet deposited so far, oldest first.
pub fn anchor_events() -> Vec<pallet_anchors::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Anchors(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Checks that the registry of the mock is the real one.
pub fn registry_actor(account: u64) -> Option<medanchor_primitives::institutions::Actor> {
	<Institutions as InstitutionRegistry<u64>>::actor(&account)
}
