//! The runtime APIs the node and clients call: block building, transaction validation,
//! consensus, session keys, nonces, fees, anchored records, reputation, courts' evidence
//! reports, genesis presets and (with
//! `runtime-benchmarks`) benchmarks.

use crate::{
	AccountId, Anchors, Aura, Balance, Block, BlockNumber, Executive, Grandpa, Hash,
	InherentDataExt, Judicial, Nonce, Reputation, Runtime, RuntimeCall, RuntimeGenesisConfig,
	SessionKeys, System, TransactionPayment, VERSION,
};
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use medanchor_primitives::{
	anchors::{
		BatchId, BatchView, EncounterView, InstitutionAnchors, ProofStatus, RecordPage, RecordView,
		Verification,
	},
	institutions::EntityId,
	judicial::{CaseId, CourtId, SealId, SealItem},
	records::{BatchLeaf, ContentHash, EncounterRef, Hash32, PatientRef, RecordId},
	reputation::{RankingEntry, ReputationView},
};
use pallet_judicial::{AccessEntry, CaseView, CourtView, EvidenceReport, ReportError, SealView};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		// Equivocation reports are not accepted; see the GRANDPA configuration.
		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_anchors_runtime_api::AnchorsApi<Block, BlockNumber> for Runtime {
		fn record(id: RecordId) -> Option<RecordView<BlockNumber>> {
			Anchors::record_view(id)
		}

		fn encounter(institution: EntityId, encounter: EncounterRef) -> Option<EncounterView> {
			Anchors::encounter_view(institution, encounter)
		}

		fn verify_content(record: RecordId, presented: ContentHash) -> Verification {
			Anchors::verify_content(record, presented)
		}

		fn batch(id: BatchId) -> Option<BatchView<BlockNumber>> {
			Anchors::batch_view(id)
		}

		fn verify_batch_member(
			batch: BatchId,
			leaf: BatchLeaf,
			index: u64,
			proof: Vec<Hash32>,
		) -> ProofStatus {
			Anchors::verify_batch_member(batch, leaf, index, proof)
		}

		fn patient_records(patient: PatientRef, cursor: u32, limit: u32) -> RecordPage {
			Anchors::patient_records(patient, cursor, limit)
		}

		fn institution_anchors(
			institution: EntityId,
			from: BlockNumber,
			to: BlockNumber,
			limit: u32,
		) -> InstitutionAnchors<BlockNumber> {
			Anchors::institution_anchors(institution, from, to, limit)
		}
	}

	impl pallet_reputation_runtime_api::ReputationApi<Block, Balance> for Runtime {
		fn rankings(limit: u32, region: Option<[u8; 6]>) -> Vec<RankingEntry> {
			Reputation::rankings(limit, region)
		}

		fn reputation(institution: EntityId) -> Option<ReputationView<Balance>> {
			Reputation::reputation(institution)
		}

		fn pot_balance() -> Balance {
			Reputation::pot_balance()
		}
	}

	impl pallet_judicial_runtime_api::JudicialApi<Block, AccountId, BlockNumber, Hash> for Runtime {
		fn evidence_report(
			case: CaseId,
			record: RecordId,
		) -> Result<EvidenceReport<AccountId, BlockNumber, Hash>, ReportError> {
			Judicial::evidence_report(case, record)
		}

		fn case(case: CaseId) -> Option<CaseView<AccountId, BlockNumber>> {
			Judicial::case_view(case)
		}

		fn case_by_number(number: Vec<u8>) -> Option<CaseId> {
			Judicial::case_by_number(number)
		}

		fn access_log(
			case: CaseId,
			cursor: u32,
			limit: u32,
		) -> Vec<(u32, AccessEntry<AccountId, BlockNumber>)> {
			Judicial::access_log(case, cursor, limit)
		}

		fn seal(seal: SealId) -> Option<SealView<BlockNumber>> {
			Judicial::seal_view(seal)
		}

		fn is_held(item: SealItem) -> bool {
			Judicial::is_held(&item)
		}

		fn court(court: CourtId) -> Option<CourtView<AccountId>> {
			Judicial::court_view(court)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}
}
