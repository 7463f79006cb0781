//! A mock runtime with `frame-system`, `pallet-balances`, `pallet-session` and this pallet.

use crate as pallet_validator_set;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU64, Hooks},
};
use frame_system::EnsureRoot;
use sp_runtime::{
	impl_opaque_keys,
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, KeyTypeId, RuntimeAppPublic,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Session: pallet_session,
		ValidatorSet: pallet_validator_set,
	}
);

impl_opaque_keys! {
	pub struct MockSessionKeys {
		pub dummy: UintAuthorityId,
	}
}

impl From<UintAuthorityId> for MockSessionKeys {
	fn from(dummy: UintAuthorityId) -> Self {
		Self { dummy }
	}
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// Blocks per session in the mock.
pub const SESSION_LENGTH: u64 = 5;

pub struct TestSessionHandler;
impl pallet_session::SessionHandler<u64> for TestSessionHandler {
	const KEY_TYPE_IDS: &'static [KeyTypeId] = &[UintAuthorityId::ID];
	fn on_genesis_session<K: OpaqueKeys>(_validators: &[(u64, K)]) {}
	fn on_new_session<K: OpaqueKeys>(
		_changed: bool,
		_validators: &[(u64, K)],
		_queued_validators: &[(u64, K)],
	) {
	}
	fn on_disabled(_validator_index: u32) {}
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<ConstU64<SESSION_LENGTH>, ConstU64<0>>;
	type NextSessionRotation =
		pallet_session::PeriodicSessions<ConstU64<SESSION_LENGTH>, ConstU64<0>>;
	type SessionManager = ValidatorSet;
	type SessionHandler = TestSessionHandler;
	type Keys = MockSessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<1>;
}

parameter_types! {
	pub const MaxValidators: u32 = 4;
}

impl pallet_validator_set::Config for Test {
	type AddRemoveOrigin = EnsureRoot<u64>;
	type MaxValidators = MaxValidators;
	type WeightInfo = ();
}

/// Accounts funded at genesis; the first `validators` of them are genesis validators.
pub const FUNDED: [u64; 6] = [1, 2, 3, 4, 5, 6];

/// Builds test externalities with a chosen genesis validator set and minimum.
pub struct ExtBuilder {
	validators: Vec<u64>,
	keyed: Vec<u64>,
	min_validators: u32,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { validators: vec![1, 2, 3], keyed: vec![], min_validators: 2 }
	}
}

impl ExtBuilder {
	/// Sets the genesis validators.
	pub fn with_validators(mut self, validators: Vec<u64>) -> Self {
		self.validators = validators;
		self
	}

	/// Registers session keys at genesis for accounts that are not validators.
	pub fn with_keyed_candidates(mut self, accounts: Vec<u64>) -> Self {
		self.keyed = accounts;
		self
	}

	/// Sets the genesis minimum.
	pub fn with_min_validators(mut self, min_validators: u32) -> Self {
		self.min_validators = min_validators;
		self
	}

	/// Builds the genesis storage.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: FUNDED.iter().map(|account| (*account, 100)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let session_keys = |account: &u64| (*account, *account, UintAuthorityId(*account).into());
		pallet_session::GenesisConfig::<Test> {
			keys: self.validators.iter().map(session_keys).collect(),
			non_authority_keys: self.keyed.iter().map(session_keys).collect(),
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		pallet_validator_set::GenesisConfig::<Test> {
			min_validators: self.min_validators,
			..Default::default()
		}
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
			ValidatorSet::do_try_state().expect("validator-set invariants hold after the test");
		});
	}
}

/// Runs blocks up to and including `n`, rotating sessions as `pallet-session` does.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Session::on_initialize(next);
	}
}

/// Returns the events of this pallet deposited so far, oldest first.
pub fn validator_set_events() -> Vec<pallet_validator_set::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ValidatorSet(event) => Some(event),
			_ => None,
		})
		.collect()
}
