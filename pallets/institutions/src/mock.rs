//! A mock runtime with `frame-system` and the registry, and helpers that register entities.

use crate::{self as pallet_institutions, CreditCode, EntityId, EntityKind, HospitalGrade};
use frame_support::{derive_impl, parameter_types};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Institutions: pallet_institutions,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	pub const MaxNameLength: u32 = 64;
	pub const MaxLicenceLength: u32 = 32;
	pub const MaxReasonLength: u32 = 32;
	pub const MaxAccountsPerEntity: u32 = 3;
	pub const MaxDelegations: u32 = 2;
}

impl pallet_institutions::Config for Test {
	type RegistrarOrigin = EnsureRoot<u64>;
	type ReservedAccounts = ReservedForTest;
	type MaxNameLength = MaxNameLength;
	type MaxLicenceLength = MaxLicenceLength;
	type MaxReasonLength = MaxReasonLength;
	type MaxAccountsPerEntity = MaxAccountsPerEntity;
	type MaxDelegations = MaxDelegations;
	type WeightInfo = ();
}

/// Valid Unified Social Credit Codes of fictitious organizations, computed with both GB 32100
/// and GB 11714 check characters.
pub const CODES: [&[u8; 18]; 6] = [
	b"12110105MA0000015L",
	b"12110105MA0000023F",
	b"52310104MA00000315",
	b"91440305MA000004XP",
	b"12320102400000018E",
	b"123301064000000267",
];

/// Region code of Chaoyang District, Beijing.
pub const CHAOYANG: [u8; 6] = *b"110105";

/// Admin account of the hospital that `with_sample_entities` registers.
pub const HOSPITAL_ADMIN: u64 = 10;
/// Admin account of the clinic.
pub const CLINIC_ADMIN: u64 = 20;
/// Admin account of the platform.
pub const PLATFORM_ADMIN: u64 = 30;
/// Ids the sample entities get.
pub const HOSPITAL: EntityId = 0;
/// The sample clinic.
pub const CLINIC: EntityId = 1;
/// The sample platform.
pub const PLATFORM: EntityId = 2;

/// Builds test externalities, optionally with a hospital, a clinic and a platform registered.
#[derive(Default)]
pub struct ExtBuilder {
	sample_entities: bool,
}

impl ExtBuilder {
	/// Registers a hospital (id 0), a clinic (id 1) and a platform (id 2) at genesis.
	pub fn with_sample_entities(mut self) -> Self {
		self.sample_entities = true;
		self
	}

	/// Builds the externalities.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let entities = if self.sample_entities {
			vec![
				genesis_entity(
					EntityKind::Hospital,
					0,
					Some(HospitalGrade::TertiaryA),
					HOSPITAL_ADMIN,
				),
				genesis_entity(EntityKind::Clinic, 1, None, CLINIC_ADMIN),
				genesis_entity(EntityKind::EvidencePlatform, 2, None, PLATFORM_ADMIN),
			]
		} else {
			vec![]
		};
		pallet_institutions::GenesisConfig::<Test> { entities, delegations: vec![] }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Builds the externalities, runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Institutions::do_try_state().expect("institutions invariants hold after the test");
		});
	}
}

/// Builds a genesis entity with `CODES[code]`, paying out to the account after its admin.
pub fn genesis_entity(
	kind: EntityKind,
	code: usize,
	grade: Option<HospitalGrade>,
	admin: u64,
) -> crate::GenesisEntity<u64> {
	crate::GenesisEntity {
		kind,
		name: format!("测试机构{code}"),
		credit_code: String::from_utf8(CODES[code].to_vec()).unwrap(),
		licence: format!("PDY{code:05}X11010517A1001"),
		region: "110105".into(),
		grade,
		payout: admin + 1,
		admin,
		gateways: vec![],
		devices: vec![],
	}
}

/// Registers a clinic with `CODES[code]` through the call, as root.
pub fn register_clinic(code: usize, admin: u64) -> EntityId {
	let id = crate::NextEntityId::<Test>::get();
	frame_support::assert_ok!(Institutions::register_entity(
		RuntimeOrigin::root(),
		EntityKind::Clinic,
		"测试诊所".as_bytes().to_vec(),
		credit_code(code),
		b"PDY00001X110105".to_vec(),
		CHAOYANG,
		None,
		admin,
		admin,
	));
	id
}

/// An account that the mock treats as a court clerk.
pub const RESERVED: u64 = 777;

/// Reserves [`RESERVED`], as the judicial pallet reserves clerk accounts.
pub struct ReservedForTest;

impl frame_support::traits::Contains<u64> for ReservedForTest {
	fn contains(account: &u64) -> bool {
		*account == RESERVED
	}
}

/// Returns `CODES[index]` as a credit code.
pub fn credit_code(index: usize) -> CreditCode {
	*CODES[index]
}

/// Returns the events of this pallet deposited so far, oldest first.
pub fn institution_events() -> Vec<pallet_institutions::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Institutions(event) => Some(event),
			_ => None,
		})
		.collect()
}
