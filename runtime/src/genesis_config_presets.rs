//! Genesis presets: `development` (one validator), `local_testnet` (two), `four_validators`
//! (the zombienet network) and `staging` (four validators, no sudo).
//!
//! Every preset uses the well-known development keys (Alice, Bob, ...). A real deployment
//! exports the `staging` chain spec and replaces the validator, council and allow-list entries
//! with the health and judicial authorities' own keys before launch.

use crate::{
	AccountId, BalancesConfig, HealthAuthorityCouncilConfig, InstitutionsConfig,
	JudicialAuthorityCouncilConfig, NodeAuthorizationConfig, Reputation, ReputationConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, ValidatorSetConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_institutions::{EntityKind, GenesisEntity, HospitalGrade};
use pallet_reputation::Tier;
use serde_json::Value;
use sp_core::OpaquePeerId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Preset with one validator (Alice) and sudo.
pub const DEVELOPMENT: &str = sp_genesis_builder::DEV_RUNTIME_PRESET;
/// Preset with two validators (Alice, Bob) and sudo.
pub const LOCAL_TESTNET: &str = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
/// Preset with four validators (Alice, Bob, Charlie, Dave) and sudo, for zombienet.
pub const FOUR_VALIDATORS: &str = "four_validators";
/// Preset with four validators and no sudo: only the council governs.
pub const STAGING: &str = "staging";

/// Balance given to every endowed development account.
const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// Balance of the subsidy pot in the development presets, and their budget per era.
const SAMPLE_POT: u128 = 100_000 * UNIT;
const SAMPLE_ERA_BUDGET: u128 = 1_000 * UNIT;

/// Length of an era in the development presets: 20 blocks, one minute, so a payout can be
/// watched. Other presets use the runtime's default of one day.
const SAMPLE_ERA_LENGTH: u32 = 20;

/// Reputation tiers of every preset: scores from 0 to 1,000, starting at 600.
fn tiers() -> Vec<Tier> {
	[(0, 25), (300, 50), (500, 100), (700, 150), (900, 200)]
		.into_iter()
		.map(|(min_score, rate_limit_percent)| Tier { min_score, rate_limit_percent })
		.collect()
}

/// Libp2p peer ids of the nodes started with `--node-key` 0x00…01, 0x00…02, 0x00…03 and
/// 0x00…04 (Ed25519 secret keys), in the binary form the node-authorization pallet stores:
/// an identity multihash (`0x00 0x24`) of the protobuf-encoded public key.
///
/// `scripts/test.sh` checks them against `medanchor-node key inspect-node-key`.
pub const WELL_KNOWN_PEER_IDS: [(&str, [u8; 38]); 4] = [
	("12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp", peer_id_bytes(*b"\x4c\xb5\xab\xf6\xad\x79\xfb\xf5\xab\xbc\xca\xfc\xc2\x69\xd8\x5c\xd2\x65\x1e\xd4\xb8\x85\xb5\x86\x9f\x24\x1a\xed\xf0\xa5\xba\x29")),
	("12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD", peer_id_bytes(*b"\x74\x22\xb9\x88\x75\x98\x06\x8e\x32\xc4\x44\x8a\x94\x9a\xdb\x29\x0d\x0f\x4e\x35\xb9\xe0\x1b\x0e\xe5\xf1\xa1\xe6\x00\xfe\x26\x74")),
	("12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x", peer_id_bytes(*b"\xf3\x81\x62\x6e\x41\xe7\x02\x7e\xa4\x31\xbf\xe3\x00\x9e\x94\xbd\xd2\x5a\x74\x6b\xee\xc4\x68\x94\x8d\x6c\x3c\x7c\x5d\xc9\xa5\x4b")),
	("12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st", peer_id_bytes(*b"\xfd\x50\xb8\xe3\xb1\x44\xea\x24\x4f\xbf\x77\x37\xf5\x50\xbc\x8d\xd0\xc2\x65\x0b\xbc\x1a\xad\xa8\x33\xca\x17\xff\x8d\xbf\x32\x9b")),
];

/// Wraps an Ed25519 public key into the binary libp2p peer id.
const fn peer_id_bytes(public: [u8; 32]) -> [u8; 38] {
	let mut out = [0u8; 38];
	let prefix = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	let mut i = 0;
	while i < 6 {
		out[i] = prefix[i];
		i += 1;
	}
	while i < 38 {
		out[i] = public[i - 6];
		i += 1;
	}
	out
}

/// The four development authorities, in order: Alice, Bob, Charlie, Dave.
const AUTHORITIES: [(Sr25519Keyring, Ed25519Keyring); 4] = [
	(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
	(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
	(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
];

/// Settings that differ between the presets.
struct PresetParams {
	validators: usize,
	min_validators: u32,
	sudo: bool,
	sample_institutions: bool,
}

/// Id of the sample hospital in the development presets.
pub const SAMPLE_HOSPITAL: u32 = 0;
/// Id of the sample community health centre.
pub const SAMPLE_CLINIC: u32 = 1;
/// Id of the sample evidence storage platform, to which the hospital delegates anchoring.
pub const SAMPLE_PLATFORM: u32 = 2;

/// A fictitious hospital, community health centre and evidence storage platform in Chaoyang
/// District, Beijing, with valid but invented credit codes. Accounts: the hospital's admin is
/// Dave, its EMR gateway Eve and its bedside monitor Ferdie; the clinic's admin is
/// Charlie//stash and its gateway Dave//stash; the platform's admin is Eve//stash and its
/// gateway Ferdie//stash.
fn sample_institutions() -> Vec<GenesisEntity<AccountId>> {
	let entity =
		|kind, name: &str, code: &str, licence: &str, grade, admin: Sr25519Keyring| GenesisEntity {
			kind,
			name: name.into(),
			credit_code: code.into(),
			licence: licence.into(),
			region: "110105".into(),
			grade,
			payout: admin.to_account_id(),
			admin: admin.to_account_id(),
			gateways: vec![],
			devices: vec![],
		};
	let mut hospital = entity(
		EntityKind::Hospital,
		"示例市第一人民医院",
		"12110105MA0000015L",
		"PDY00001X11010512A1001",
		Some(HospitalGrade::TertiaryA),
		Sr25519Keyring::Dave,
	);
	hospital.gateways = vec![Sr25519Keyring::Eve.to_account_id()];
	hospital.devices = vec![Sr25519Keyring::Ferdie.to_account_id()];
	let mut clinic = entity(
		EntityKind::Clinic,
		"示例社区卫生服务中心",
		"12110105MA0000023F",
		"PDY00002X11010517D2101",
		None,
		Sr25519Keyring::CharlieStash,
	);
	clinic.gateways = vec![Sr25519Keyring::DaveStash.to_account_id()];
	let mut platform = entity(
		EntityKind::EvidencePlatform,
		"示例电子病历存证平台",
		"91110105MA000004XW",
		"ZJPT-2026-0001",
		None,
		Sr25519Keyring::EveStash,
	);
	platform.gateways = vec![Sr25519Keyring::FerdieStash.to_account_id()];
	vec![hospital, clinic, platform]
}

fn session_keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> SessionKeys {
	SessionKeys { aura: aura.public().into(), grandpa: grandpa.public().into() }
}

fn genesis(params: PresetParams) -> Value {
	let validators: Vec<(AccountId, AccountId, SessionKeys)> = AUTHORITIES
		.iter()
		.take(params.validators)
		.map(|(sr, ed)| (sr.to_account_id(), sr.to_account_id(), session_keys(*sr, *ed)))
		.collect();
	let council: Vec<AccountId> =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
			.iter()
			.map(|k| k.to_account_id())
			.collect();
	let judicial_council: Vec<AccountId> =
		[Sr25519Keyring::AliceStash, Sr25519Keyring::BobStash, Sr25519Keyring::Two]
			.iter()
			.map(|k| k.to_account_id())
			.collect();
	let mut endowed: Vec<(AccountId, u128)> =
		Sr25519Keyring::iter().map(|k| (k.to_account_id(), ENDOWMENT)).collect();
	let (era_budget, era_length) = if params.sample_institutions {
		endowed.push((Reputation::pot_account(), SAMPLE_POT));
		(SAMPLE_ERA_BUDGET, Some(SAMPLE_ERA_LENGTH))
	} else {
		(0, None)
	};
	let allow_list: Vec<(OpaquePeerId, AccountId)> = WELL_KNOWN_PEER_IDS
		.iter()
		.zip(AUTHORITIES.iter())
		.map(|((_, peer), (owner, _))| (OpaquePeerId(peer.to_vec()), owner.to_account_id()))
		.collect();
	let sudo_key = params.sudo.then(|| Sr25519Keyring::Alice.to_account_id());
	let (entities, delegations) = if params.sample_institutions {
		(sample_institutions(), vec![(SAMPLE_HOSPITAL, SAMPLE_PLATFORM)])
	} else {
		(vec![], vec![])
	};

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		session: SessionConfig { keys: validators },
		validator_set: ValidatorSetConfig { min_validators: params.min_validators },
		health_authority_council: HealthAuthorityCouncilConfig { members: council },
		judicial_authority_council: JudicialAuthorityCouncilConfig { members: judicial_council },
		node_authorization: NodeAuthorizationConfig { nodes: allow_list },
		sudo: SudoConfig { key: sudo_key },
		institutions: InstitutionsConfig { entities, delegations },
		reputation: ReputationConfig { rules: None, tiers: tiers(), era_budget, era_length },
	})
}

/// Returns the JSON of the preset `id`, or `None` for an unknown preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let params = match id.as_ref() {
		DEVELOPMENT => {
			PresetParams { validators: 1, min_validators: 1, sudo: true, sample_institutions: true }
		},
		LOCAL_TESTNET => {
			PresetParams { validators: 2, min_validators: 1, sudo: true, sample_institutions: true }
		},
		FOUR_VALIDATORS => {
			PresetParams { validators: 4, min_validators: 3, sudo: true, sample_institutions: true }
		},
		STAGING => PresetParams {
			validators: 4,
			min_validators: 3,
			sudo: false,
			sample_institutions: false,
		},
		_ => return None,
	};
	Some(
		serde_json::to_string(&genesis(params))
			.expect("serializing a JSON value cannot fail; qed")
			.into_bytes(),
	)
}

/// Names of every preset this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEVELOPMENT),
		PresetId::from(LOCAL_TESTNET),
		PresetId::from(FOUR_VALIDATORS),
		PresetId::from(STAGING),
	]
}
