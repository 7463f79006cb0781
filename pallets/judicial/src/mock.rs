//! A mock runtime with the real registry, timestamp and anchors pallets, the anchors pallet
//! asking this one for legal holds, and a test double that records reported verdicts.

use crate::{self as pallet_judicial, *};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU64};
use frame_system::EnsureRoot;
use medanchor_primitives::{
	anchors::{AmendmentReason, EncounterClass},
	institutions::EntityKind,
	records::{EncounterRef, HashAlgorithm, RecordKind},
};
use pallet_anchors::{NewBatch, NewRecord};
use pallet_institutions::{GenesisEntity, HospitalGrade};
use sp_core::{sr25519, Pair};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Institutions: pallet_institutions,
		Anchors: pallet_anchors,
		Judicial: pallet_judicial,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

impl pallet_institutions::Config for Test {
	type RegistrarOrigin = EnsureRoot<u64>;
	type ReservedAccounts = crate::ClerkAccounts<Test>;
	type MaxNameLength = ConstU32<64>;
	type MaxLicenceLength = ConstU32<32>;
	type MaxReasonLength = ConstU32<32>;
	type MaxAccountsPerEntity = ConstU32<8>;
	type MaxDelegations = ConstU32<2>;
	type WeightInfo = ();
}

impl pallet_anchors::Config for Test {
	type Registry = Institutions;
	type Time = Timestamp;
	type Holds = Judicial;
	type HoldCheckWeight = HoldCheckWeight<Test>;
	type RateLimit = ();
	type Observer = ();
	type ParameterOrigin = EnsureRoot<u64>;
	type GenerationWindow = ConstU64<60_000>;
	type MaxClockDrift = ConstU64<5_000>;
	type BaseRateLimit = ConstU32<100>;
	type MaxRecordsPerCall = ConstU32<20>;
	type MaxVersions = ConstU32<4>;
	type MaxGapsPerEncounter = ConstU32<4>;
	type MaxBatchLeaves = ConstU32<1000>;
	type MaxPageSize = ConstU32<50>;
	type MaxInstitutionsPerBlock = ConstU32<8>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockAnchorsHelper;
}

/// The anchors pallet's benchmark set-up is not used by this pallet's tests.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockAnchorsHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_anchors::BenchmarkHelper<u64> for MockAnchorsHelper {
	fn delegated_platform(_seed: u32) -> (EntityId, u64, u64) {
		(HOSPITAL, HOSPITAL_GATEWAY, HOSPITAL_DEVICE)
	}

	fn set_time(at: Millis) {
		pallet_timestamp::Now::<Test>::put(at);
	}
}

/// Lapse of an agreed seal in the mock: thirty days.
pub const LAPSE: Millis = 30 * 86_400_000;

parameter_types! {
	pub const AgreedSealLapse: Millis = LAPSE;
}

impl pallet_judicial::Config for Test {
	type Registry = Institutions;
	type Anchors = Anchors;
	type Time = Timestamp;
	type Verdicts = TestVerdicts;
	type JudicialOrigin = EnsureRoot<u64>;
	type AgreedSealLapse = AgreedSealLapse;
	type MaxNameLength = ConstU32<64>;
	type MaxClerks = ConstU32<3>;
	type MaxCaseInstitutions = ConstU32<3>;
	type MaxItemsPerCall = ConstU32<5>;
	type MaxSealItems = ConstU32<8>;
	type MaxSealEncounters = ConstU32<2>;
	type MaxAdoptedSeals = ConstU32<2>;
	type MaxSealsPerItem = ConstU32<3>;
	type MaxAgreedSealsPerItem = ConstU32<1>;
	type MaxQueryPage = ConstU32<4>;
	type MaxMembersPerQuery = ConstU32<3>;
	type MaxProofLength = ConstU32<8>;
	type MaxAccessEntries = ConstU32<6>;
	type MaxVerdictsPerCase = ConstU32<6>;
	type MaxReportEntries = ConstU32<5>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark set-up on the mock: the genesis hospital, anchors made through the real anchors
/// pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn institution(seed: u32) -> (EntityId, u64) {
		match seed {
			0 => (HOSPITAL, HOSPITAL_ADMIN),
			1 => (CLINIC, CLINIC_ADMIN),
			_ => {
				let id = pallet_institutions::NextEntityId::<Test>::get();
				let admin = 1_000 + u64::from(seed);
				pallet_institutions::Pallet::<Test>::register_entity(
					RuntimeOrigin::root(),
					EntityKind::Clinic,
					"基准测试诊所".into(),
					pallet_institutions::credit_code_with_serial(900 + seed),
					b"PDY00001X110105".to_vec(),
					*b"110105",
					None,
					admin,
					admin,
				)
				.unwrap();
				(id, admin)
			},
		}
	}

	fn max_versions() -> u32 {
		<<Test as pallet_anchors::Config>::MaxVersions as Get<u32>>::get()
	}

	fn anchor_records(
		institution: EntityId,
		patient: PatientRef,
		seed: u32,
		count: u32,
		versions: u32,
		encounters: u32,
	) -> Vec<RecordId> {
		assert_eq!(institution, HOSPITAL);
		let spread = encounters.max(1);
		(0..count)
			.map(|index| {
				let id = bench_id(seed as u8, index);
				let encounter = bench_id(0xe0 ^ seed as u8, index % spread);
				anchor(record_of(id, patient, encounter, index / spread + 1)).unwrap();
				for version in 1..versions {
					amend(id, version as u16 - 1, &[index as u8, version as u8]).unwrap();
				}
				id
			})
			.collect()
	}

	fn anchor_batch(
		institution: EntityId,
		patient: PatientRef,
		root: ContentHash,
		leaf_count: u32,
	) -> BatchId {
		assert_eq!(institution, HOSPITAL);
		let batch = NewBatch {
			id: id(0xb0),
			kind: RecordKind::VitalSigns,
			class: EncounterClass::Inpatient,
			patient: Some(patient),
			root: root.into(),
			leaf_count,
			first_generated_at: now(),
			last_generated_at: now(),
		};
		Anchors::anchor_batch(RuntimeOrigin::signed(HOSPITAL_DEVICE), None, batch).unwrap();
		id(0xb0)
	}

	fn set_time(at: Millis) {
		pallet_timestamp::Now::<Test>::put(at);
	}
}

thread_local! {
	static VERDICTS: RefCell<Vec<(EntityId, Verdict, Presenter)>> = const { RefCell::new(Vec::new()) };
}

/// Records every verdict the pallet reports.
pub struct TestVerdicts;

impl TestVerdicts {
	/// Returns the verdicts reported so far.
	pub fn reported() -> Vec<(EntityId, Verdict, Presenter)> {
		VERDICTS.with(|verdicts| verdicts.borrow().clone())
	}
}

impl VerdictObserver for TestVerdicts {
	fn on_verdict(institution: EntityId, verdict: Verdict, presenter: Presenter) {
		VERDICTS.with(|verdicts| verdicts.borrow_mut().push((institution, verdict, presenter)));
	}
}

/// The hospital (entity 0).
pub const HOSPITAL: EntityId = 0;
/// The clinic (entity 1).
pub const CLINIC: EntityId = 1;
/// The evidence storage platform (entity 2).
pub const PLATFORM: EntityId = 2;
/// An entity id no one registered.
pub const UNREGISTERED: EntityId = 9;

/// The hospital's admin account.
pub const HOSPITAL_ADMIN: u64 = 10;
/// The hospital's gateway account.
pub const HOSPITAL_GATEWAY: u64 = 11;
/// The hospital's device account.
pub const HOSPITAL_DEVICE: u64 = 12;
/// The clinic's admin account.
pub const CLINIC_ADMIN: u64 = 20;
/// The clinic's gateway account.
pub const CLINIC_GATEWAY: u64 = 21;
/// The platform's admin account.
pub const PLATFORM_ADMIN: u64 = 30;

/// The Chaoyang court (court 0), designator 京0105.
pub const CHAOYANG: CourtId = 0;
/// A clerk of the Chaoyang court.
pub const CLERK: u64 = 100;
/// A second clerk of the Chaoyang court.
pub const CLERK_2: u64 = 101;
/// The Pudong court (court 1), designator 沪0115.
pub const PUDONG: CourtId = 1;
/// A clerk of the Pudong court.
pub const PUDONG_CLERK: u64 = 200;
/// An account that acts for no entity and is no clerk.
pub const STRANGER: u64 = 99;

/// Block time at the start of every test: 2026-06-01 00:00:00 UTC.
pub const START: Millis = 1_780_272_000_000;

/// The case patient's reference.
pub const PATIENT: PatientRef = [0xaa; 32];
/// Another patient's reference.
pub const OTHER_PATIENT: PatientRef = [0xbb; 32];
/// The case patient's inpatient encounter.
pub const ENCOUNTER: EncounterRef = [0xee; 32];
/// Another encounter of the case patient.
pub const OTHER_ENCOUNTER: EncounterRef = [0xef; 32];
/// A case number of the Chaoyang court.
pub const CASE_NUMBER: &str = "（2026）京0105民初12345号";

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

/// Builds test externalities with a hospital, a clinic and a platform registered and two
/// courts.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// Builds the externalities at block 1 and time [`START`].
	pub fn build(self) -> sp_io::TestExternalities {
		VERDICTS.with(|verdicts| verdicts.borrow_mut().clear());
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
				entity(EntityKind::Clinic, 1, CLINIC_ADMIN, vec![CLINIC_GATEWAY], vec![]),
				entity(EntityKind::EvidencePlatform, 2, PLATFORM_ADMIN, vec![31], vec![]),
			],
			delegations: vec![],
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		pallet_anchors::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(START);
			Judicial::register_court(
				RuntimeOrigin::root(),
				"京0105".into(),
				"北京市朝阳区人民法院".into(),
				*b"110105",
				vec![CLERK, CLERK_2],
			)
			.unwrap();
			Judicial::register_court(
				RuntimeOrigin::root(),
				"沪0115".into(),
				"上海市浦东新区人民法院".into(),
				*b"310115",
				vec![PUDONG_CLERK],
			)
			.unwrap();
			System::reset_events();
		});
		ext
	}

	/// Builds the externalities, runs `test`, ends the block, then checks the invariants of
	/// both pallets.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			<Anchors as frame_support::traits::Hooks<u64>>::on_finalize(System::block_number());
			Judicial::do_try_state().expect("judicial invariants hold after the test");
			Anchors::do_try_state().expect("anchors invariants hold after the test");
		});
	}
}

/// Builds externalities for the benchmarks: the registered entities, no court, and a keystore
/// for the patient side's keys.
#[cfg(feature = "runtime-benchmarks")]
pub fn build_for_benchmarks() -> sp_io::TestExternalities {
	let mut ext = ExtBuilder.build();
	ext.execute_with(|| {
		for court in [CHAOYANG, PUDONG] {
			Judicial::remove_court(RuntimeOrigin::root(), court).unwrap();
			Courts::<Test>::remove(court);
		}
		NextCourtId::<Test>::kill();
	});
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext
}

/// Returns the current block time.
pub fn now() -> Millis {
	pallet_timestamp::Now::<Test>::get()
}

/// Moves to a new block at time `at`.
pub fn jump_to(at: Millis) {
	System::set_block_number(System::block_number() + 1);
	pallet_timestamp::Now::<Test>::put(at);
}

/// Returns a 32-byte id made of `byte`.
pub fn id(byte: u8) -> [u8; 32] {
	[byte; 32]
}

/// Returns a 32-byte id from a tag and a number, for many distinct ids.
pub fn bench_id(tag: u8, index: u32) -> [u8; 32] {
	let mut id = [tag; 32];
	id[..4].copy_from_slice(&index.to_le_bytes());
	id
}

/// Returns the Blake2b-256 content hash of `content`.
pub fn hash_of(content: &[u8]) -> ContentHash {
	ContentHash::of(HashAlgorithm::Blake2b256, content)
}

/// Returns a record of `patient` in `encounter`, generated now, with content `[id[0]]`.
pub fn record_of(
	id: RecordId,
	patient: PatientRef,
	encounter: EncounterRef,
	sequence: u32,
) -> NewRecord {
	NewRecord {
		id,
		patient,
		encounter,
		class: EncounterClass::Inpatient,
		sequence,
		kind: RecordKind::ProgressNote,
		content_hash: hash_of(&[id[0]]).into(),
		generated_at: now(),
		event: None,
	}
}

/// Anchors `record` as the hospital's gateway.
pub fn anchor(record: NewRecord) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Anchors::anchor_record(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, record)
}

/// Anchors record `byte` of the case patient at the hospital, in [`ENCOUNTER`].
pub fn anchor_hospital_record(byte: u8, sequence: u32) -> RecordId {
	anchor(record_of(id(byte), PATIENT, ENCOUNTER, sequence)).unwrap();
	id(byte)
}

/// Anchors record `byte` of `patient` at the clinic.
pub fn anchor_clinic_record(byte: u8, patient: PatientRef) -> RecordId {
	Anchors::anchor_record(
		RuntimeOrigin::signed(CLINIC_GATEWAY),
		None,
		record_of(id(byte), patient, id(byte ^ 0x80), 1),
	)
	.unwrap();
	id(byte)
}

/// Amends a hospital record with new content, as its gateway.
pub fn amend(
	record: RecordId,
	previous: u16,
	content: &[u8],
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Anchors::amend_record(
		RuntimeOrigin::signed(HOSPITAL_GATEWAY),
		record,
		previous,
		hash_of(content).into(),
		now(),
		AmendmentReason::Correction,
		None,
	)
}

/// Returns a batch of `leaves` vital-sign readings of `patient`, with a query for each member.
pub fn batch_with_members(
	byte: u8,
	patient: PatientRef,
	leaves: u32,
) -> (NewBatch, Vec<MemberQuery>) {
	use medanchor_primitives::records::{batch_root, inclusion_proof, BatchLeaf};
	let members: Vec<BatchLeaf> = (0..leaves)
		.map(|index| BatchLeaf {
			record_id: bench_id(byte, index),
			kind: RecordKind::VitalSigns,
			content_hash: hash_of(&index.to_le_bytes()),
			generated_at: now() - 1_000,
			salt: [index as u8; 32],
		})
		.collect();
	let root = batch_root(HashAlgorithm::Blake2b256, &members).unwrap();
	let leaf_hashes: Vec<_> =
		members.iter().map(|leaf| leaf.leaf_hash(HashAlgorithm::Blake2b256)).collect();
	let queries = members
		.iter()
		.enumerate()
		.map(|(index, leaf)| MemberQuery {
			leaf: *leaf,
			index: index as u64,
			proof: inclusion_proof(HashAlgorithm::Blake2b256, &leaf_hashes, index).unwrap(),
		})
		.collect();
	let batch = NewBatch {
		id: id(byte),
		kind: RecordKind::VitalSigns,
		class: EncounterClass::Inpatient,
		patient: Some(patient),
		root: ContentHash { algorithm: HashAlgorithm::Blake2b256, digest: root }.into(),
		leaf_count: leaves,
		first_generated_at: now() - 1_000,
		last_generated_at: now() - 1_000,
	};
	(batch, queries)
}

/// Opens [`CASE_NUMBER`] at the Chaoyang court on the hospital and the case patient.
pub fn open_default_case() -> CaseId {
	let case = NextCaseId::<Test>::get();
	Judicial::open_case(RuntimeOrigin::signed(CLERK), CASE_NUMBER.into(), vec![HOSPITAL], PATIENT)
		.unwrap();
	case
}

/// Returns the patient side's key pair.
pub fn patient_pair() -> sr25519::Pair {
	sr25519::Pair::from_string("//PatientSide", None).unwrap()
}

/// Returns the patient side's public key as the pallet takes it.
pub fn patient_key(pair: &sr25519::Pair) -> PatientKey {
	PatientKey::Sr25519(pair.public().0)
}

/// Signs the agreement message for a seal list of the hospital and the case patient.
pub fn sign_agreement(
	pair: &sr25519::Pair,
	reference: [u8; 32],
	items: &[SealItem],
) -> MultiSignature {
	let message =
		seal_agreement_message(&Judicial::genesis_hash(), &reference, HOSPITAL, &PATIENT, items);
	MultiSignature::Sr25519(pair.sign(&message))
}

/// Signs the message of addition `addition` to the seal with `reference`.
pub fn sign_addition(
	pair: &sr25519::Pair,
	reference: [u8; 32],
	addition: u32,
	items: &[SealItem],
) -> MultiSignature {
	let message = seal_addition_message(&Judicial::genesis_hash(), &reference, addition, items);
	MultiSignature::Sr25519(pair.sign(&message))
}

/// Returns this pallet's events deposited so far, oldest first.
pub fn judicial_events() -> Vec<pallet_judicial::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Judicial(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Returns this pallet's latest event.
pub fn last_event() -> pallet_judicial::Event<Test> {
	judicial_events().pop().expect("an event was deposited")
}
