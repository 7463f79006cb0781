//! Configuration of every pallet in the runtime. Each block states only what MedAnchor chooses;
//! the pallet's own documentation describes the items.

use crate::{
	AccountId, Anchors, Aura, Balance, Balances, Block, BlockNumber, Hash, Institutions, Judicial,
	Moment, Nonce, PalletInfo, Reputation, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, SessionKeys, System, Timestamp, ValidatorSet,
	DAYS, EXISTENTIAL_DEPOSIT, MINUTES, SLOT_DURATION, UNIT, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EitherOfDiverse, VariantCountOf},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_MILLIS},
		IdentityFee, Weight,
	},
};
use frame_system::{limits::BlockLength, limits::BlockWeights, EnsureRoot};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{ConvertInto, One, OpaqueKeys},
	Perbill,
};
use sp_version::RuntimeVersion;

/// Share of a block that ordinary transactions may fill; the rest is kept for operational
/// calls such as governance and validator changes.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Execution time a block may take, measured in reference time: half of the three-second slot,
/// so the other validators can import it and GRANDPA can vote within the same slot.
pub const MAXIMUM_BLOCK_EXECUTION: u64 = 1_500 * WEIGHT_REF_TIME_PER_MILLIS;

/// Maximum encoded size of a block: 5 MiB.
pub const MAXIMUM_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// Most validators the chain supports; Aura, GRANDPA and the validator set share the limit.
pub const MAX_VALIDATORS: u32 = 32;

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(MAXIMUM_BLOCK_EXECUTION, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAXIMUM_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
	/// Generic Substrate address prefix, so addresses read the same in polkadot.js Apps.
	pub const SS58Prefix: u16 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	// About two hours of block hashes, the longest mortality a transaction can ask for.
	type BlockHashCount = ConstU32<2400>;
	// The node stores state in ParityDB, so its read and write costs apply.
	type DbWeight = ParityDbWeight;
	// The default, `()`, prices the nonce, era and genesis checks with RocksDB's database
	// costs, about 330 µs on every signed extrinsic; these weights use `DbWeight`.
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = Moment;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type DisabledValidators = ();
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// NOTE: equivocation reports are not accepted: there is no key-ownership proof without
	// `pallet-session`'s historical module, so a double-voting validator is handled by the
	// health authority removing it, not by an on-chain slash.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<0>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Fees are burnt: the chain has no treasury, and validators are paid by their authority.
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	// A permissioned chain needs no congestion pricing: the pool and the rate limits bound load.
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

/// Instance of `pallet-collective` for the health-authority council.
pub type HealthAuthorityCollective = pallet_collective::Instance1;

/// The health authority: root, or at least two thirds of the health-authority council.
///
/// Root is reachable only through sudo in the development presets.
pub type HealthAuthority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, HealthAuthorityCollective, 2, 3>,
>;

parameter_types! {
	pub MaxCouncilProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<HealthAuthorityCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	// Members of provincial and national health commissions vote within a week.
	type MotionDuration = ConstU32<{ 7 * crate::DAYS }>;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = HealthAuthority;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = HealthAuthority;
	type KillOrigin = HealthAuthority;
	type Consideration = ();
}

/// Instance of `pallet-collective` for the judicial-authority council.
pub type JudicialAuthorityCollective = pallet_collective::Instance2;

/// The judicial authority, which registers courts: root, or at least two thirds of the
/// judicial-authority council (the higher people's courts' representatives). It is separate
/// from the health authority, which must not decide who may act as a court.
pub type JudicialAuthority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, JudicialAuthorityCollective, 2, 3>,
>;

impl pallet_collective::Config<JudicialAuthorityCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = ConstU32<{ 7 * crate::DAYS }>;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = JudicialAuthority;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = JudicialAuthority;
	type KillOrigin = JudicialAuthority;
	type Consideration = ();
}

/// Blocks in a session. Validator-set changes take effect at session boundaries, so this is
/// how long a change waits at most before it is planned.
pub const SESSION_PERIOD: BlockNumber = 10 * MINUTES;

parameter_types! {
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	pub const SessionOffset: BlockNumber = 0;
	/// Held from an account while it has session keys registered.
	pub const SessionKeyDeposit: Balance = UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// Any account may register keys, so a new node is ready before the health authority adds
	// it; only `ValidatorSet` decides who validates.
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_validator_set::Config for Runtime {
	type AddRemoveOrigin = HealthAuthority;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = ConstU32<64>;
	// A libp2p peer id is at most a 2-byte multihash header plus a 36-byte protobuf key.
	type MaxPeerIdLength = ConstU32<128>;
	type AddOrigin = HealthAuthority;
	type RemoveOrigin = HealthAuthority;
	type SwapOrigin = HealthAuthority;
	type ResetOrigin = HealthAuthority;
	type WeightInfo = ();
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// About 40 Chinese characters of UTF-8, enough for the longest registered hospital names.
	pub const InstitutionMaxNameLength: u32 = 128;
	pub const InstitutionMaxLicenceLength: u32 = 64;
	pub const InstitutionMaxReasonLength: u32 = 256;
	/// A large hospital runs dozens of EMR gateways and many bedside devices.
	pub const InstitutionMaxAccounts: u32 = 256;
	pub const InstitutionMaxDelegations: u32 = 8;
}

impl pallet_institutions::Config for Runtime {
	type ReservedAccounts = pallet_judicial::ClerkAccounts<Runtime>;
	type RegistrarOrigin = HealthAuthority;
	type MaxNameLength = InstitutionMaxNameLength;
	type MaxLicenceLength = InstitutionMaxLicenceLength;
	type MaxReasonLength = InstitutionMaxReasonLength;
	type MaxAccountsPerEntity = InstitutionMaxAccounts;
	type MaxDelegations = InstitutionMaxDelegations;
	type WeightInfo = pallet_institutions::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// An EMR gateway anchors a record when it is saved; five minutes cover inclusion in a
	/// block and a short node outage with retries.
	pub const AnchorGenerationWindow: u64 = 5 * 60_000;
	/// Hospital servers synchronize their clocks (NTP); a minute covers a badly drifting one.
	pub const AnchorMaxClockDrift: u64 = 60_000;
	/// 1,000 anchors per institution per three-second block, about 330 per second.
	pub const AnchorBaseRateLimit: u32 = 1_000;
	pub const AnchorMaxRecordsPerCall: u32 = 200;
	pub const AnchorMaxVersions: u32 = 32;
	pub const AnchorMaxGapsPerEncounter: u32 = 32;
	/// 2^20 leaves: a day of one-second vital-sign readings from twelve monitors.
	pub const AnchorMaxBatchLeaves: u32 = 1 << 20;
	pub const AnchorMaxPageSize: u32 = 1_000;
	/// Above the number of first anchors that fit in a block's normal weight, so the bound
	/// never turns an anchor away (checked by a runtime test).
	pub const AnchorMaxInstitutionsPerBlock: u32 = 2_048;
}

impl pallet_anchors::Config for Runtime {
	type Registry = Institutions;
	type Time = Timestamp;
	type Holds = Judicial;
	type HoldCheckWeight = pallet_judicial::HoldCheckWeight<Runtime>;
	type RateLimit = Reputation;
	type Observer = Reputation;
	type ParameterOrigin = HealthAuthority;
	type GenerationWindow = AnchorGenerationWindow;
	type MaxClockDrift = AnchorMaxClockDrift;
	type BaseRateLimit = AnchorBaseRateLimit;
	type MaxRecordsPerCall = AnchorMaxRecordsPerCall;
	type MaxVersions = AnchorMaxVersions;
	type MaxGapsPerEncounter = AnchorMaxGapsPerEncounter;
	type MaxBatchLeaves = AnchorMaxBatchLeaves;
	type MaxPageSize = AnchorMaxPageSize;
	type MaxInstitutionsPerBlock = AnchorMaxInstitutionsPerBlock;
	type WeightInfo = pallet_anchors::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::AnchorsBenchmarkHelper;
}

parameter_types! {
	pub const ReputationPotId: frame_support::PalletId = frame_support::PalletId(*b"ma/subsd");
	/// One day; the development presets shorten it to one minute.
	pub const ReputationDefaultEraLength: BlockNumber = DAYS;
}

impl pallet_reputation::Config for Runtime {
	type Registry = Institutions;
	type Currency = Balances;
	type ParameterOrigin = HealthAuthority;
	type FundOrigin = HealthAuthority;
	type PotId = ReputationPotId;
	type DefaultEraLength = ReputationDefaultEraLength;
	type MinScore = ConstU32<0>;
	type MaxScore = ConstU32<1_000>;
	type InitialScore = ConstU32<600>;
	type MaxTiers = ConstU32<8>;
	type MaxPayoutsPerBlock = ConstU32<100>;
	type MaxHistory = ConstU32<12>;
	type WeightInfo = pallet_reputation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::ReputationBenchmarkHelper;
}

parameter_types! {
	/// Three years, the general limitation period for civil claims (诉讼时效): an agreed seal
	/// that no case adopted by then lapses.
	pub const JudicialAgreedSealLapse: u64 = 1_096 * 86_400_000;
}

impl pallet_judicial::Config for Runtime {
	type Registry = Institutions;
	type Anchors = Anchors;
	type Time = Timestamp;
	type Verdicts = Reputation;
	type JudicialOrigin = JudicialAuthority;
	type AgreedSealLapse = JudicialAgreedSealLapse;
	/// About 40 Chinese characters, as for institutions.
	type MaxNameLength = ConstU32<128>;
	type MaxClerks = ConstU32<32>;
	type MaxCaseInstitutions = ConstU32<8>;
	type MaxItemsPerCall = ConstU32<100>;
	type MaxSealItems = ConstU32<1_000>;
	type MaxSealEncounters = ConstU32<16>;
	type MaxAdoptedSeals = ConstU32<8>;
	type MaxSealsPerItem = ConstU32<16>;
	/// Four agreed seals may hold a record at once; the other twelve places stay for courts.
	type MaxAgreedSealsPerItem = ConstU32<4>;
	type MaxQueryPage = ConstU32<100>;
	type MaxMembersPerQuery = ConstU32<16>;
	/// A proof into a batch of `AnchorMaxBatchLeaves` (2^20) leaves has 20 hashes.
	type MaxProofLength = ConstU32<32>;
	type MaxAccessEntries = ConstU32<10_000>;
	type MaxVerdictsPerCase = ConstU32<1_000>;
	type MaxReportEntries = ConstU32<1_000>;
	type WeightInfo = pallet_judicial::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::JudicialBenchmarkHelper;
}
