//! # MedAnchor runtime
//!
//! The state transition function of MedAnchor, a permissioned chain that preserves evidence for
//! medical-dispute litigation: hospitals anchor the hashes of electronic medical records when
//! they are generated, and courts verify presented documents against those anchors.
//!
//! Health-authority nodes author blocks with Aura and finalize them with GRANDPA. The validator
//! set, the peer allow-list and every other privileged setting are changed by the
//! `HealthAuthority` origin: two thirds of the health-authority council, or root (which only the
//! development presets can reach, through sudo).

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` expands to a large type; the limit matches the SDK's own runtimes.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(test)]
mod tests;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number.
pub type BlockNumber = u32;

/// Signature of a transaction.
pub type Signature = MultiSignature;

/// Account identifier: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in the smallest unit (10^-12 of [`UNIT`]).
pub type Balance = u128;

/// Number of transactions an account has sent.
pub type Nonce = u32;

/// Hash used for blocks and state.
pub type Hash = sp_core::H256;

/// Timestamp in milliseconds since the Unix epoch.
pub type Moment = u64;

/// Types the node uses without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	use sp_runtime::OpaqueExtrinsic;

	/// Opaque extrinsic.
	pub type UncheckedExtrinsic = OpaqueExtrinsic;
	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block identifier.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// Session keys of a validator: exactly one Aura and one GRANDPA key, which is what
		/// zombienet and `author_rotateKeys` produce.
		pub struct SessionKeys {
			/// Key that signs blocks authored with Aura.
			pub aura: Aura,
			/// Key that signs GRANDPA votes.
			pub grandpa: Grandpa,
		}
	}
}

pub use opaque::SessionKeys;

/// The runtime version.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("medanchor"),
	impl_name: alloc::borrow::Cow::Borrowed("medanchor"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target block time in milliseconds.
///
/// Evidence is only final once GRANDPA finalizes the block that holds it, and GRANDPA usually
/// finalizes a block one or two blocks after it is authored, so a court or a hospital waits
/// about two block times for a final anchor. Three seconds keeps that wait near six seconds
/// while leaving each validator one and a half seconds of execution per block (see
/// `MAXIMUM_BLOCK_EXECUTION` in `configs`) and the rest of the slot to propagate and import the
/// block. Shorter slots leave too little margin for validators spread over provinces.
///
/// NOTE: the slot duration cannot change on a live chain: Aura's slot numbers would go
/// backwards and block production stops.
pub const MILLISECS_PER_BLOCK: u64 = 3_000;

/// Aura slot duration; one block per slot.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One MedAnchor token, with 12 decimal places.
pub const UNIT: Balance = 1_000_000_000_000;
/// One thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// One millionth of a token.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions, checked in this order for every signed transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Extrinsic as it arrives on the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Payload a transaction's signature covers.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade, besides those of the pallets.
#[allow(unused_parens)]
type Migrations = ();

/// Dispatches calls to the pallets and runs the block lifecycle.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System and consensus: 0-19.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Governance and permissioning: 20-39. `ValidatorSet` sits before `Session` so that its
	// storage is ready when the session pallet requests the next set.
	#[runtime::pallet_index(20)]
	pub type HealthAuthorityCouncil = pallet_collective<Instance1>;
	#[runtime::pallet_index(21)]
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type NodeAuthorization = pallet_node_authorization;
	#[runtime::pallet_index(24)]
	pub type JudicialAuthorityCouncil = pallet_collective<Instance2>;

	// MedAnchor's own pallets: 40-79.
	#[runtime::pallet_index(40)]
	pub type Institutions = pallet_institutions;
	#[runtime::pallet_index(41)]
	pub type Anchors = pallet_anchors;
	#[runtime::pallet_index(42)]
	pub type Reputation = pallet_reputation;
	#[runtime::pallet_index(43)]
	pub type Judicial = pallet_judicial;

	// Development only: 250-255. Sudo has no key outside the development presets.
	#[runtime::pallet_index(250)]
	pub type Sudo = pallet_sudo;
}
