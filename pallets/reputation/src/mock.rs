//! A mock runtime with the real balances and registry pallets and a dozen institutions in
//! two regions.

use crate::{self as pallet_reputation, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	PalletId,
};
use frame_system::EnsureRoot;
use medanchor_primitives::{anchors::WritingRule, institutions::EntityKind};
use pallet_institutions::{credit_code_with_serial, GenesisEntity};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Institutions: pallet_institutions,
		Reputation: pallet_reputation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<10>;
}

impl pallet_institutions::Config for Test {
	type RegistrarOrigin = EnsureRoot<u64>;
	type ReservedAccounts = frame_support::traits::Nothing;
	type MaxNameLength = ConstU32<64>;
	type MaxLicenceLength = ConstU32<32>;
	type MaxReasonLength = ConstU32<32>;
	type MaxAccountsPerEntity = ConstU32<4>;
	type MaxDelegations = ConstU32<2>;
	type WeightInfo = ();
}

/// Blocks per era.
pub const ERA: u64 = 10;
/// Institutions paid per block.
pub const PER_BLOCK: u32 = 4;

parameter_types! {
	pub const PotId: PalletId = PalletId(*b"ma/subsd");
}

impl pallet_reputation::Config for Test {
	type Registry = Institutions;
	type Currency = Balances;
	type ParameterOrigin = EnsureRoot<u64>;
	type FundOrigin = EnsureRoot<u64>;
	type PotId = PotId;
	type DefaultEraLength = ConstU64<ERA>;
	type MinScore = ConstU32<0>;
	type MaxScore = ConstU32<1_000>;
	type InitialScore = ConstU32<600>;
	type MaxTiers = ConstU32<5>;
	type MaxPayoutsPerBlock = ConstU32<PER_BLOCK>;
	type MaxHistory = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark set-up on the mock: the genesis institutions.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockBenchmarkHelper {
	fn active_institution(seed: u32) -> EntityId {
		seed % INSTITUTIONS
	}
}

/// Number of institutions the mock registers: ids 0 to 11.
pub const INSTITUTIONS: u32 = 12;
/// Region of even-numbered institutions: Chaoyang District, Beijing.
pub const BEIJING: [u8; 6] = *b"110105";
/// Region of odd-numbered institutions: Xuhui District, Shanghai.
pub const SHANGHAI: [u8; 6] = *b"310104";

/// Returns the payout account of institution `id`.
pub fn payout_of(id: EntityId) -> u64 {
	1_000 + u64::from(id)
}

/// Tiers the mock starts with.
pub fn default_tiers() -> Vec<Tier> {
	vec![
		Tier { min_score: 0, rate_limit_percent: 25 },
		Tier { min_score: 300, rate_limit_percent: 50 },
		Tier { min_score: 500, rate_limit_percent: 100 },
		Tier { min_score: 700, rate_limit_percent: 150 },
		Tier { min_score: 900, rate_limit_percent: 200 },
	]
}

/// Builds test externalities with twelve institutions and an empty pot.
#[derive(Default)]
pub struct ExtBuilder {
	pot: u64,
	budget: u64,
}

impl ExtBuilder {
	/// Funds the pot with `amount` at genesis.
	pub fn with_pot(mut self, amount: u64) -> Self {
		self.pot = amount;
		self
	}

	/// Sets the era budget at genesis.
	pub fn with_budget(mut self, budget: u64) -> Self {
		self.budget = budget;
		self
	}

	/// Builds the externalities at block 1.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let entities = (0..INSTITUTIONS)
			.map(|id| GenesisEntity {
				kind: EntityKind::Clinic,
				name: format!("测试诊所{id}"),
				credit_code: String::from_utf8(credit_code_with_serial(id + 1).to_vec()).unwrap(),
				licence: format!("PDY{id:05}X110105"),
				region: String::from_utf8(if id % 2 == 0 { BEIJING } else { SHANGHAI }.to_vec())
					.unwrap(),
				grade: None,
				payout: payout_of(id),
				admin: 100 + u64::from(id),
				gateways: vec![],
				devices: vec![],
			})
			.collect();
		pallet_institutions::GenesisConfig::<Test> { entities, delegations: vec![] }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut balances = vec![];
		if self.pot > 0 {
			balances.push((Reputation::pot_account(), self.pot));
		}
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		pallet_reputation::GenesisConfig::<Test> {
			rules: None,
			tiers: default_tiers(),
			era_budget: self.budget,
			era_length: None,
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
			Reputation::do_try_state().expect("reputation invariants hold after the test");
		});
	}
}

/// Runs `on_initialize` of the following block.
pub fn next_block() -> Weight {
	let number = System::block_number() + 1;
	System::set_block_number(number);
	Reputation::on_initialize(number)
}

/// Runs blocks until the current era ends.
pub fn end_era() {
	let era = CurrentEra::<Test>::get();
	while CurrentEra::<Test>::get() == era {
		next_block();
	}
}

/// Returns an anchor outcome with the given timeliness and no other finding.
pub fn outcome(timeliness: Timeliness) -> AnchorOutcome {
	AnchorOutcome { timeliness, writing: WritingStatus::NoDeadline, new_gaps: 0, missing_kinds: 0 }
}

/// Reports one anchor of `institution`, as the only one of its block.
pub fn report(institution: EntityId, outcome: AnchorOutcome) {
	let mut tally = AnchorTally::default();
	tally.add(&outcome);
	Reputation::on_anchors(institution, &tally);
}

/// Reports `count` anchors at generation of `institution`, each in a block of its own.
pub fn timely(institution: EntityId, count: u32) {
	for _ in 0..count {
		report(institution, outcome(Timeliness::AtGeneration));
	}
}

/// Returns a writing status that names a rule.
pub fn on_time() -> WritingStatus {
	WritingStatus::OnTime(WritingRule::AdmissionRecord)
}

/// Returns the events of this pallet deposited so far, oldest first.
pub fn reputation_events() -> Vec<pallet_reputation::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Reputation(event) => Some(event),
			_ => None,
		})
		.collect()
}
