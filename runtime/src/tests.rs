//! Tests of the assembled runtime: genesis presets, integrity checks and the governed
//! validator set.

use crate::{
	configs::HealthAuthorityCollective, genesis_config_presets, AllPalletsWithSystem, BuildStorage,
	Runtime, RuntimeGenesisConfig, RuntimeOrigin, Session, System, ValidatorSet,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{IntegrityTest, OnFinalize, OnInitialize},
};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::DispatchError;

fn preset_json(name: &str) -> Vec<u8> {
	genesis_config_presets::get_preset(&name.into())
		.unwrap_or_else(|| panic!("preset {name} is missing"))
}

/// Builds the state of a preset the way the node does: the preset's JSON patch applied over
/// the default genesis config.
fn preset_ext(name: &str) -> sp_io::TestExternalities {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	let patch: serde_json::Value = serde_json::from_slice(&preset_json(name)).unwrap();
	sp_genesis_builder_merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config)
		.unwrap_or_else(|e| panic!("preset {name} does not deserialize: {e}"));
	let storage = config.build_storage().unwrap_or_else(|e| panic!("preset {name}: {e}"));
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Merges `patch` into `base` recursively, as the genesis builder does.
fn sp_genesis_builder_merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				sp_genesis_builder_merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

#[test]
fn preset_names_lists_four_presets() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names, ["development", "local_testnet", "four_validators", "staging"]);
}

#[test]
fn unknown_preset_is_none() {
	assert!(genesis_config_presets::get_preset(&"production".into()).is_none());
}

#[test]
fn every_preset_builds_genesis_with_expected_validators() {
	for (name, validators, min, sudo) in [
		("development", 1, 1, true),
		("local_testnet", 2, 1, true),
		("four_validators", 4, 3, true),
		("staging", 4, 3, false),
	] {
		preset_ext(name).execute_with(|| {
			let expected: Vec<_> = [
				Sr25519Keyring::Alice,
				Sr25519Keyring::Bob,
				Sr25519Keyring::Charlie,
				Sr25519Keyring::Dave,
			]
			.iter()
			.take(validators)
			.map(|k| k.to_account_id())
			.collect();
			assert_eq!(ValidatorSet::validators(), expected, "{name}: governed validators");
			assert_eq!(
				pallet_session::Validators::<Runtime>::get(),
				expected,
				"{name}: session validators"
			);
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators, "{name}");
			assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), validators);
			assert_eq!(pallet_validator_set::MinValidators::<Runtime>::get(), min, "{name}");
			assert_eq!(pallet_sudo::Key::<Runtime>::get().is_some(), sudo, "{name}: sudo key");
			assert_eq!(
				pallet_collective::Members::<Runtime, HealthAuthorityCollective>::get().len(),
				3,
				"{name}: council"
			);
			assert_eq!(
				pallet_node_authorization::WellKnownNodes::<Runtime>::get().len(),
				4,
				"{name}: allow-list"
			);
			pallet_validator_set::Pallet::<Runtime>::do_try_state().unwrap();
		});
	}
}

#[test]
fn runtime_integrity_tests_pass() {
	preset_ext("development").execute_with(|| {
		AllPalletsWithSystem::integrity_test();
	});
}

#[test]
fn well_known_peer_ids_match_their_base58_form() {
	for (text, bytes) in genesis_config_presets::WELL_KNOWN_PEER_IDS {
		assert_eq!(bs58::decode(text).into_vec().unwrap(), bytes.to_vec(), "{text}");
	}
}

fn council_origin(ayes: u32, of: u32) -> RuntimeOrigin {
	pallet_collective::RawOrigin::<crate::AccountId, HealthAuthorityCollective>::Members(ayes, of)
		.into()
}

/// Registers session keys for Eve so the health authority can add her.
fn prepare_eve() -> crate::AccountId {
	let eve = Sr25519Keyring::Eve.to_account_id();
	let keys = crate::SessionKeys {
		aura: Sr25519Keyring::Eve.public().into(),
		grandpa: Ed25519Keyring::Eve.public().into(),
	};
	// `session.set_keys` checks a proof of key ownership that only the key holder can make;
	// the test stores the keys the way the call does once the proof holds.
	pallet_session::NextKeys::<Runtime>::insert(&eve, keys);
	eve
}

#[test]
fn health_authority_root_adds_and_removes_validator() {
	preset_ext("local_testnet").execute_with(|| {
		let eve = prepare_eve();
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), eve.clone()));
		assert!(ValidatorSet::validators().contains(&eve));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), eve.clone()));
		assert!(!ValidatorSet::validators().contains(&eve));
	});
}

#[test]
fn council_two_thirds_adds_validator() {
	preset_ext("local_testnet").execute_with(|| {
		let eve = prepare_eve();
		assert_ok!(ValidatorSet::add_validator(council_origin(2, 3), eve.clone()));
		assert!(ValidatorSet::validators().contains(&eve));
	});
}

#[test]
fn council_one_third_cannot_add_validator() {
	preset_ext("local_testnet").execute_with(|| {
		let eve = prepare_eve();
		assert_noop!(
			ValidatorSet::add_validator(council_origin(1, 3), eve),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn signed_account_cannot_add_or_remove_validator() {
	preset_ext("local_testnet").execute_with(|| {
		let eve = prepare_eve();
		let alice = RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id());
		assert_noop!(ValidatorSet::add_validator(alice.clone(), eve), DispatchError::BadOrigin);
		assert_noop!(
			ValidatorSet::remove_validator(alice, Sr25519Keyring::Bob.to_account_id()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn removal_below_minimum_is_rejected() {
	preset_ext("four_validators").execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(
			RuntimeOrigin::root(),
			Sr25519Keyring::Dave.to_account_id()
		));
		assert_noop!(
			ValidatorSet::remove_validator(
				RuntimeOrigin::root(),
				Sr25519Keyring::Charlie.to_account_id()
			),
			pallet_validator_set::Error::<Runtime>::TooFewValidators
		);
	});
}

#[test]
fn added_validator_becomes_aura_and_grandpa_authority_after_two_sessions() {
	preset_ext("local_testnet").execute_with(|| {
		let eve = prepare_eve();
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), eve.clone()));

		let period = crate::configs::SESSION_PERIOD;
		for block in 2..=(2 * period) {
			System::set_block_number(block);
			Session::on_initialize(block);
		}

		assert!(pallet_session::Validators::<Runtime>::get().contains(&eve));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		// GRANDPA schedules its change at the session boundary and enacts it on finalization
		// of that block; the pending change names the three voters.
		let pending = pallet_grandpa::PendingChange::<Runtime>::get().expect("change scheduled");
		assert_eq!(pending.next_authorities.len(), 3);
	});
}

mod institutions {
	use super::*;
	use crate::{genesis_config_presets::*, Institutions};
	use medanchor_primitives::institutions::{AccountRole, EntityKind, InstitutionRegistry};

	fn register_clinic(origin: RuntimeOrigin) -> sp_runtime::DispatchResult {
		Institutions::register_entity(
			origin,
			EntityKind::Clinic,
			"测试门诊部".as_bytes().to_vec(),
			*b"12110105MA0000031A",
			b"PDY00003X110105".to_vec(),
			*b"110105",
			None,
			Sr25519Keyring::One.to_account_id(),
			Sr25519Keyring::One.to_account_id(),
		)
	}

	#[test]
	fn development_preset_registers_sample_entities() {
		preset_ext("development").execute_with(|| {
			let actor = |keyring: Sr25519Keyring| Institutions::actor(&keyring.to_account_id());
			let gateway = actor(Sr25519Keyring::Eve).expect("Eve is the hospital's gateway");
			assert_eq!(gateway.entity, SAMPLE_HOSPITAL);
			assert_eq!(gateway.kind, EntityKind::Hospital);
			assert_eq!(gateway.role, AccountRole::Gateway);
			assert_eq!(actor(Sr25519Keyring::Ferdie).map(|a| a.role), Some(AccountRole::Device));
			assert_eq!(actor(Sr25519Keyring::Dave).map(|a| a.role), Some(AccountRole::Admin));
			assert_eq!(actor(Sr25519Keyring::FerdieStash).map(|a| a.entity), Some(SAMPLE_PLATFORM));
			assert_eq!(actor(Sr25519Keyring::DaveStash).map(|a| a.entity), Some(SAMPLE_CLINIC));
			assert!(Institutions::is_delegated(SAMPLE_HOSPITAL, SAMPLE_PLATFORM));
			Institutions::do_try_state().unwrap();
		});
	}

	#[test]
	fn staging_preset_has_no_sample_entities() {
		preset_ext("staging").execute_with(|| {
			assert_eq!(pallet_institutions::NextEntityId::<Runtime>::get(), 0);
		});
	}

	#[test]
	fn council_two_thirds_registers_institution() {
		preset_ext("development").execute_with(|| {
			assert_ok!(register_clinic(council_origin(2, 3)));
			assert_eq!(pallet_institutions::NextEntityId::<Runtime>::get(), 4);
		});
	}

	#[test]
	fn council_minority_or_signed_cannot_register_institution() {
		preset_ext("development").execute_with(|| {
			assert_noop!(register_clinic(council_origin(1, 3)), DispatchError::BadOrigin);
			assert_noop!(
				register_clinic(RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id())),
				DispatchError::BadOrigin
			);
		});
	}
}

mod anchors {
	use super::*;
	use crate::{
		genesis_config_presets::*, Anchors, Balances, Block, BlockNumber, Executive, Header,
		SignedPayload, TxExtension, UncheckedExtrinsic,
	};
	use codec::Encode;
	use medanchor_primitives::{
		anchors::{EncounterClass, ProofStatus, Timeliness, Verdict},
		records::{
			inclusion_proof, root_of_leaf_hashes, BatchLeaf, ContentHash, HashAlgorithm, RecordKind,
		},
	};
	use pallet_anchors::{NewBatch, NewRecord};
	use pallet_anchors_runtime_api::runtime_decl_for_anchors_api::AnchorsApiV1;
	use sp_runtime::{generic::Era, traits::Header as _};

	/// Calls an `AnchorsApi` function of the runtime, as the node's runtime-API calls do.
	macro_rules! api {
		($function:ident($($argument:expr),*)) => {
			<Runtime as AnchorsApiV1<Block, BlockNumber>>::$function($($argument),*)
		};
	}

	/// 2026-06-01 00:00:00 UTC.
	const NOW: u64 = 1_780_272_000_000;

	fn admission(id: u8, content: &[u8]) -> NewRecord {
		NewRecord {
			id: [id; 32],
			patient: [0xaa; 32],
			encounter: [0xee; 32],
			class: EncounterClass::Inpatient,
			sequence: u32::from(id),
			kind: RecordKind::Admission,
			content_hash: ContentHash::of(HashAlgorithm::Sm3, content).into(),
			generated_at: NOW - 1_000,
			event: None,
		}
	}

	/// Starts block 2 at `NOW`, as the node would before applying transactions.
	fn start_block() {
		let header = Header::new(
			2,
			Default::default(),
			Default::default(),
			System::block_hash(1),
			Default::default(),
		);
		Executive::initialize_block(&header);
		pallet_timestamp::Now::<Runtime>::put(NOW);
	}

	fn signed(signer: Sr25519Keyring, call: crate::RuntimeCall) -> UncheckedExtrinsic {
		let nonce = System::account_nonce(signer.to_account_id());
		let extension: TxExtension = (
			frame_system::AuthorizeCall::new(),
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::Immortal),
			frame_system::CheckNonce::from(nonce),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_system::WeightReclaim::new(),
		);
		let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			sp_runtime::MultiAddress::Id(signer.to_account_id()),
			signature.into(),
			extension,
		)
	}

	fn free(keyring: Sr25519Keyring) -> crate::Balance {
		Balances::free_balance(keyring.to_account_id())
	}

	#[test]
	fn gateway_anchor_pays_no_fee_through_transaction_extensions() {
		preset_ext("development").execute_with(|| {
			start_block();
			let before = free(Sr25519Keyring::Eve);
			let call = crate::RuntimeCall::Anchors(pallet_anchors::Call::anchor_record {
				institution: None,
				record: admission(1, b"admission"),
			});
			let outcome = Executive::apply_extrinsic(signed(Sr25519Keyring::Eve, call)).unwrap();
			assert_ok!(outcome);
			assert_eq!(free(Sr25519Keyring::Eve), before);
			assert!(Anchors::record(&[1; 32]).is_some());
		});
	}

	#[test]
	fn rejected_gateway_anchor_pays_fee() {
		preset_ext("development").execute_with(|| {
			start_block();
			let anchor = |record| {
				crate::RuntimeCall::Anchors(pallet_anchors::Call::anchor_record {
					institution: None,
					record,
				})
			};
			let first = signed(Sr25519Keyring::Eve, anchor(admission(1, b"admission")));
			assert_ok!(Executive::apply_extrinsic(first).unwrap());
			let before = free(Sr25519Keyring::Eve);
			// The same record id again: rejected, and the fee is kept.
			let again = signed(Sr25519Keyring::Eve, anchor(admission(1, b"other")));
			let outcome = Executive::apply_extrinsic(again).unwrap();
			assert_eq!(
				outcome.unwrap_err(),
				DispatchError::from(pallet_anchors::Error::<Runtime>::RecordAlreadyAnchored)
			);
			assert!(free(Sr25519Keyring::Eve) < before, "a rejected anchor pays");
		});
	}

	#[test]
	fn anchor_by_non_operator_fails_and_pays_fee() {
		preset_ext("development").execute_with(|| {
			start_block();
			let before = free(Sr25519Keyring::Bob);
			let call = crate::RuntimeCall::Anchors(pallet_anchors::Call::anchor_record {
				institution: None,
				record: admission(1, b"admission"),
			});
			let outcome = Executive::apply_extrinsic(signed(Sr25519Keyring::Bob, call)).unwrap();
			let error = outcome.unwrap_err();
			assert_eq!(error, DispatchError::from(pallet_anchors::Error::<Runtime>::NotAnOperator));
			assert!(free(Sr25519Keyring::Bob) < before, "a rejected anchor by a stranger pays");
			assert!(Anchors::record(&[1; 32]).is_none());
		});
	}

	#[test]
	fn runtime_api_reports_records_verdicts_and_batches() {
		preset_ext("development").execute_with(|| {
			pallet_timestamp::Now::<Runtime>::put(NOW);
			let gateway = RuntimeOrigin::signed(Sr25519Keyring::Eve.to_account_id());
			assert_ok!(Anchors::anchor_record(gateway.clone(), None, admission(1, b"v1")));
			assert_ok!(Anchors::amend_record(
				gateway,
				[1; 32],
				0,
				ContentHash::of(HashAlgorithm::Sm3, b"v2").into(),
				NOW,
				pallet_anchors::AmendmentReason::Correction,
				None,
			));

			let view = api!(record([1; 32])).expect("anchored");
			assert_eq!(view.institution, SAMPLE_HOSPITAL);
			assert_eq!(view.versions.len(), 2);
			assert_eq!(view.versions[0].delay, 1_000);
			assert_eq!(view.versions[0].timeliness, Timeliness::AtGeneration);

			let sm3 = |content: &[u8]| ContentHash::of(HashAlgorithm::Sm3, content);
			assert_eq!(api!(verify_content([1; 32], sm3(b"v2"))).verdict, Verdict::MatchesLatest);
			assert_eq!(
				api!(verify_content([1; 32], sm3(b"v1"))).verdict,
				Verdict::MatchesEarlierVersion
			);
			assert_eq!(api!(verify_content([1; 32], sm3(b"v3"))).verdict, Verdict::Mismatch);
			assert_eq!(api!(verify_content([2; 32], sm3(b"v1"))).verdict, Verdict::NotAnchored);

			let encounter = api!(encounter(SAMPLE_HOSPITAL, [0xee; 32])).expect("exists");
			assert_eq!(encounter.next_sequence, 2);
			assert_eq!(api!(patient_records([0xaa; 32], 0, 10)).records, vec![[1; 32]]);
			assert_eq!(api!(institution_anchors(SAMPLE_HOSPITAL, 1, 1, 10)).anchors.len(), 2);

			// A device of the hospital anchors a batch; a member proves its place.
			let members: Vec<BatchLeaf> = (0..3u8)
				.map(|index| BatchLeaf {
					record_id: [index; 32],
					kind: RecordKind::VitalSigns,
					content_hash: sm3(&[index]),
					generated_at: NOW - 1_000,
					salt: [index; 32],
				})
				.collect();
			let leaves: Vec<_> =
				members.iter().map(|member| member.leaf_hash(HashAlgorithm::Sm3)).collect();
			let root = root_of_leaf_hashes(HashAlgorithm::Sm3, &leaves).unwrap();
			assert_ok!(Anchors::anchor_batch(
				RuntimeOrigin::signed(Sr25519Keyring::Ferdie.to_account_id()),
				None,
				NewBatch {
					id: [9; 32],
					kind: RecordKind::VitalSigns,
					class: EncounterClass::Inpatient,
					patient: Some([0xaa; 32]),
					root: ContentHash { algorithm: HashAlgorithm::Sm3, digest: root }.into(),
					leaf_count: 3,
					first_generated_at: NOW - 1_000,
					last_generated_at: NOW - 1_000,
				},
			));
			let proof = inclusion_proof(HashAlgorithm::Sm3, &leaves, 2).unwrap();
			assert_eq!(
				api!(verify_batch_member([9; 32], members[2], 2, proof)),
				ProofStatus::Valid
			);
			assert_eq!(api!(batch([9; 32])).map(|batch| batch.leaf_count), Some(3));
			<Anchors as OnFinalize<_>>::on_finalize(System::block_number());
			Anchors::do_try_state().unwrap();
		});
	}
}

mod reputation {
	use super::*;
	use crate::{genesis_config_presets::*, Anchors, Balances, Block, Reputation, UNIT};
	use medanchor_primitives::{
		anchors::{EncounterClass, RateLimitScale, Verdict},
		judicial::Presenter,
		records::{ContentHash, HashAlgorithm, RecordKind},
		reputation::VerdictObserver,
	};
	use pallet_reputation_runtime_api::runtime_decl_for_reputation_api::ReputationApiV1;

	const NOW: u64 = 1_780_272_000_000;

	#[test]
	fn anchoring_raises_score_and_era_pays_subsidy() {
		preset_ext("development").execute_with(|| {
			pallet_timestamp::Now::<Runtime>::put(NOW);
			let record = pallet_anchors::NewRecord {
				id: [1; 32],
				patient: [0xaa; 32],
				encounter: [0xee; 32],
				class: EncounterClass::Outpatient,
				sequence: 1,
				kind: RecordKind::Diagnosis,
				content_hash: ContentHash::of(HashAlgorithm::Sm3, b"diagnosis").into(),
				generated_at: NOW,
				event: None,
			};
			assert_ok!(Anchors::anchor_record(
				RuntimeOrigin::signed(Sr25519Keyring::Eve.to_account_id()),
				None,
				record
			));
			// The anchor is scored when its block ends.
			assert_eq!(Reputation::score(SAMPLE_HOSPITAL), 600);
			<Anchors as OnFinalize<_>>::on_finalize(1);
			assert_eq!(Reputation::score(SAMPLE_HOSPITAL), 601);

			// The development presets end an era every 20 blocks and pay 1,000 units.
			let dave = Sr25519Keyring::Dave.to_account_id();
			let before = Balances::free_balance(&dave);
			for block in 2..=21 {
				System::set_block_number(block);
				<Reputation as OnInitialize<_>>::on_initialize(block);
			}
			assert_eq!(Balances::free_balance(&dave), before + 1_000 * UNIT);
			let ranking = <Runtime as ReputationApiV1<Block, crate::Balance>>::rankings(10, None);
			assert_eq!(ranking.len(), 1);
			assert_eq!(ranking[0].institution, SAMPLE_HOSPITAL);
			assert_eq!(ranking[0].last_era.timely, 1);
			let view =
				<Runtime as ReputationApiV1<Block, crate::Balance>>::reputation(SAMPLE_HOSPITAL)
					.expect("the hospital is registered");
			assert_eq!(view.history[0].paid, 1_000 * UNIT);
			Reputation::do_try_state().unwrap();
		});
	}

	#[test]
	fn court_mismatches_lower_rate_limit() {
		preset_ext("development").execute_with(|| {
			assert_eq!(Reputation::percent_of_base(SAMPLE_HOSPITAL), 100);
			assert_eq!(Anchors::rate_limit(SAMPLE_HOSPITAL), 1_000);
			for _ in 0..3 {
				Reputation::on_verdict(SAMPLE_HOSPITAL, Verdict::Mismatch, Presenter::Court);
			}
			assert_eq!(Reputation::score(SAMPLE_HOSPITAL), 300);
			assert_eq!(Anchors::rate_limit(SAMPLE_HOSPITAL), 500);
		});
	}

	#[test]
	fn staging_preset_has_empty_pot_and_day_long_eras() {
		preset_ext("staging").execute_with(|| {
			assert_eq!(Reputation::pot_balance(), 0);
			assert_eq!(pallet_reputation::EraLength::<Runtime>::get(), crate::DAYS);
			assert_eq!(pallet_reputation::Tiers::<Runtime>::get().len(), 5);
		});
	}
}

mod judicial {
	use super::*;
	use crate::{
		configs::JudicialAuthorityCollective, genesis_config_presets::*, Anchors, Block,
		BlockNumber, Hash, Judicial, Reputation,
	};
	use medanchor_primitives::{
		anchors::{EncounterClass, Timeliness, Verdict},
		judicial::{Presenter, SealItem},
		records::{ContentHash, HashAlgorithm, RecordKind},
	};
	use pallet_anchors::NewRecord;
	use pallet_judicial::{AccessQuery, ReportError, SealState};
	use pallet_judicial_runtime_api::runtime_decl_for_judicial_api::JudicialApiV1;

	/// Calls a `JudicialApi` function of the runtime, as the node's runtime-API calls do.
	macro_rules! api {
		($function:ident($($argument:expr),*)) => {
			<Runtime as JudicialApiV1<Block, crate::AccountId, BlockNumber, Hash>>::$function(
				$($argument),*
			)
		};
	}

	/// 2026-06-01 00:00:00 UTC.
	const NOW: u64 = 1_780_272_000_000;
	const CLERK: Sr25519Keyring = Sr25519Keyring::One;
	const PATIENT: [u8; 32] = [0xaa; 32];

	fn sm3(content: &[u8]) -> ContentHash {
		ContentHash::of(HashAlgorithm::Sm3, content)
	}

	fn register_court(origin: RuntimeOrigin) -> sp_runtime::DispatchResult {
		Judicial::register_court(
			origin,
			"京0105".into(),
			"北京市朝阳区人民法院".into(),
			*b"110105",
			vec![CLERK.to_account_id()],
		)
	}

	#[test]
	fn judicial_council_registers_courts_and_health_council_cannot() {
		preset_ext("staging").execute_with(|| {
			let health = pallet_collective::RawOrigin::<crate::AccountId, HealthAuthorityCollective>::Members(3, 3);
			assert_noop!(register_court(health.into()), DispatchError::BadOrigin);
			let minority =
				pallet_collective::RawOrigin::<crate::AccountId, JudicialAuthorityCollective>::Members(1, 3);
			assert_noop!(register_court(minority.into()), DispatchError::BadOrigin);
			let judicial =
				pallet_collective::RawOrigin::<crate::AccountId, JudicialAuthorityCollective>::Members(2, 3);
			assert_ok!(register_court(judicial.into()));
			assert_eq!(pallet_judicial::Clerks::<Runtime>::get(CLERK.to_account_id()), Some(0));
			let members = pallet_collective::Members::<Runtime, JudicialAuthorityCollective>::get();
			assert_eq!(members.len(), 3);
		});
	}

	#[test]
	fn evidence_report_through_the_runtime_api() {
		preset_ext("development").execute_with(|| {
			pallet_timestamp::Now::<Runtime>::put(NOW);
			let gateway = RuntimeOrigin::signed(Sr25519Keyring::Eve.to_account_id());
			let clerk = RuntimeOrigin::signed(CLERK.to_account_id());
			assert_ok!(Anchors::anchor_record(
				gateway.clone(),
				None,
				NewRecord {
					id: [1; 32],
					patient: PATIENT,
					encounter: [0xee; 32],
					class: EncounterClass::Inpatient,
					sequence: 1,
					kind: RecordKind::Admission,
					content_hash: sm3(b"admission v1").into(),
					generated_at: NOW - 2_000,
					event: None,
				}
			));
			assert_ok!(Anchors::amend_record(
				gateway.clone(),
				[1; 32],
				0,
				sm3(b"admission v2").into(),
				NOW,
				pallet_anchors::AmendmentReason::Correction,
				None,
			));

			assert_ok!(register_court(RuntimeOrigin::root()));
			assert_ok!(Judicial::open_case(
				clerk.clone(),
				"(2026)京0105民初12345号".into(),
				vec![SAMPLE_HOSPITAL],
				PATIENT
			));
			assert_ok!(Judicial::query_record(clerk.clone(), 0, [1; 32]));
			assert_ok!(Judicial::seal_items(clerk.clone(), 0, vec![SealItem::Record([1; 32])]));
			// The real anchors pallet asks the real judicial pallet for holds.
			assert_noop!(
				Anchors::amend_record(
					gateway,
					[1; 32],
					1,
					sm3(b"admission v3").into(),
					NOW,
					pallet_anchors::AmendmentReason::Correction,
					None,
				),
				pallet_anchors::Error::<Runtime>::RecordHeld
			);
			let score = Reputation::score(SAMPLE_HOSPITAL);
			assert_ok!(Judicial::record_verdict(
				clerk.clone(),
				0,
				[1; 32],
				sm3(b"admission v1"),
				Presenter::PatientSide
			));
			assert_ok!(Judicial::record_verdict(
				clerk.clone(),
				0,
				[1; 32],
				sm3(b"edited copy"),
				Presenter::Institution(SAMPLE_HOSPITAL)
			));
			// The real reputation pallet scores the mismatch of the hospital's own copy.
			assert!(Reputation::score(SAMPLE_HOSPITAL) < score);

			let report = api!(evidence_report(0, [1; 32])).expect("a record of the case");
			assert_eq!(report.case_number, "（2026）京0105民初12345号".as_bytes());
			assert_eq!(report.court_name, "北京市朝阳区人民法院".as_bytes());
			assert_eq!(report.institution_region, Some(*b"110105"));
			assert_eq!(report.record.institution, SAMPLE_HOSPITAL);
			assert_eq!(report.record.versions.len(), 2);
			assert_eq!(report.record.versions[0].delay, 2_000);
			assert_eq!(report.record.versions[0].timeliness, Timeliness::AtGeneration);
			assert_eq!(report.blocks.len(), 2);
			assert!(report.held);
			assert_eq!(report.seals.len(), 1);
			assert_eq!(report.seals[0].state, SealState::Active);
			let verdicts: Vec<_> = report.verdicts.iter().map(|(_, v)| v.verdict).collect();
			assert_eq!(verdicts, vec![Verdict::MatchesEarlierVersion, Verdict::Mismatch]);
			assert_eq!(report.access.len(), 1);
			assert_eq!(report.access[0].1.query, AccessQuery::Record([1; 32]));

			assert_eq!(api!(evidence_report(0, [2; 32])), Err(ReportError::RecordNotFound));
			assert_eq!(api!(evidence_report(5, [1; 32])), Err(ReportError::CaseNotFound));
			assert_eq!(api!(case_by_number("〔2026〕京0105民初12345号".into())), Some(0));
			let case = api!(case(0)).expect("the case");
			assert_eq!(case.verdicts.len(), 2);
			assert_eq!(api!(access_log(0, 0, 10)).len(), 1);
			assert_eq!(api!(court(0)).map(|court| court.clerks), Some(vec![CLERK.to_account_id()]));
			assert!(api!(is_held(SealItem::Record([1; 32]))));

			assert_ok!(Judicial::close_case(clerk, 0));
			assert!(!api!(is_held(SealItem::Record([1; 32]))));
			assert_eq!(api!(seal(0)).map(|seal| seal.state), Some(SealState::Lifted));
			<Anchors as OnFinalize<_>>::on_finalize(System::block_number());
			Judicial::do_try_state().unwrap();
			Anchors::do_try_state().unwrap();
		});
	}
}

/// The `medanchor` client generates its call, storage and runtime API types at compile time
/// from a metadata file. That file must be this runtime's metadata, or the client would
/// encode calls for another runtime. Set `MEDANCHOR_WRITE_METADATA=1` to rewrite it after a
/// change to the runtime (`scripts/metadata.sh` does).
#[test]
fn client_metadata_file_is_this_runtimes_metadata() {
	// Read at run time: checkouts that share one target directory reuse a test binary
	// compiled in another checkout, whose compile-time path may no longer exist.
	let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets it");
	let path = format!("{manifest_dir}/../client/metadata/medanchor.scale");
	let version = Runtime::metadata_versions()
		.into_iter()
		.filter(|v| *v <= 16)
		.max()
		.expect("the runtime offers metadata versions");
	let metadata: Vec<u8> = Runtime::metadata_at_version(version)
		.expect("the runtime offers the version it lists")
		.to_vec();
	if std::env::var_os("MEDANCHOR_WRITE_METADATA").is_some() {
		std::fs::write(&path, &metadata).expect("client/metadata is writable");
		return;
	}
	let committed = std::fs::read(&path).unwrap_or_default();
	assert!(
		committed == metadata,
		"client/metadata/medanchor.scale is not the metadata (V{version}) of this runtime; \
		 run scripts/metadata.sh and rebuild the client"
	);
}

#[test]
fn extension_weights_use_paritydb_costs() {
	use frame_support::weights::constants::RocksDbWeight;
	use frame_system::ExtensionsWeightInfo;
	type Extensions = <Runtime as frame_system::Config>::ExtensionsWeightInfo;
	let database = <Runtime as frame_system::Config>::DbWeight::get();
	// The nonce check reads and writes the sender's account once.
	let nonce = Extensions::check_nonce().ref_time();
	assert!(nonce >= database.reads_writes(1, 1).ref_time());
	assert!(nonce < RocksDbWeight::get().reads_writes(1, 1).ref_time());
	// The era check reads one block hash.
	let era = Extensions::check_mortality_mortal_transaction().ref_time();
	assert!(era >= database.reads(1).ref_time());
	assert!(era < RocksDbWeight::get().reads(1).ref_time());
}

#[test]
fn institution_bound_exceeds_block_capacity() {
	use crate::configs::{AnchorMaxInstitutionsPerBlock, RuntimeBlockWeights};
	use frame_support::{dispatch::DispatchClass, weights::constants::ExtrinsicBaseWeight};
	use pallet_anchors::WeightInfo;
	type Weights = pallet_anchors::weights::SubstrateWeight<Runtime>;
	// An institution's first anchor in a block is at least its lightest call, the report of
	// its anchors and the base weight of an extrinsic.
	let lightest = [
		Weights::anchor_record(),
		Weights::anchor_records(1),
		Weights::amend_record(),
		Weights::anchor_batch(),
	]
	.into_iter()
	.map(|weight| weight.ref_time())
	.min()
	.unwrap();
	let first_anchor = lightest
		+ pallet_anchors::Pallet::<Runtime>::report_weight().ref_time()
		+ ExtrinsicBaseWeight::get().ref_time();
	let normal = RuntimeBlockWeights::get()
		.get(DispatchClass::Normal)
		.max_total
		.expect("normal transactions have a limit")
		.ref_time();
	let capacity = normal / first_anchor;
	assert!(
		u64::from(AnchorMaxInstitutionsPerBlock::get()) > capacity,
		"{capacity} institutions can make a first anchor in one block, more than the bound"
	);
}
