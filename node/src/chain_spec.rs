//! Chain specifications built from the runtime's genesis presets, or read from a file.

use medanchor_runtime::{
	genesis_config_presets as presets, BuildStorage, RuntimeGenesisConfig, WASM_BINARY,
};
use sc_service::{ChainSpec as _, ChainType};
use serde_json::Value;
use std::{panic, path::Path};

/// The chain specification type of MedAnchor.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Names a user can pass to `--chain`, with what each starts.
pub const CHAIN_NAMES: &str =
	"dev/development (one validator), local/local_testnet (two), four_validators (four), \
	 staging (four, no sudo), or a path to a chain-spec JSON file";

fn from_preset(
	preset: &str,
	name: &str,
	id: &str,
	chain_type: ChainType,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"the node was built without the WASM runtime; rebuild without SKIP_WASM_BUILD".to_string()
	})?;
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), "MAC".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties)
		.build())
}

/// Loads the chain specification named by `--chain`.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	let spec = match id {
		"" | "dev" | presets::DEVELOPMENT => from_preset(
			presets::DEVELOPMENT,
			"MedAnchor Development",
			"medanchor_dev",
			ChainType::Development,
		)?,
		"local" | presets::LOCAL_TESTNET => from_preset(
			presets::LOCAL_TESTNET,
			"MedAnchor Local Testnet",
			"medanchor_local",
			ChainType::Local,
		)?,
		presets::FOUR_VALIDATORS => from_preset(
			presets::FOUR_VALIDATORS,
			"MedAnchor Four Validators",
			"medanchor_four",
			ChainType::Local,
		)?,
		presets::STAGING => from_preset(
			presets::STAGING,
			"MedAnchor Staging",
			"medanchor_staging",
			ChainType::Live,
		)?,
		path => {
			if !Path::new(path).is_file() {
				return Err(format!("unknown chain `{path}`: expected {CHAIN_NAMES}"));
			}
			let spec = ChainSpec::from_json_file(path.into())
				.map_err(|e| format!("cannot read chain spec `{path}`: {e}"))?;
			// Reading the file only parses its outline. Building the genesis here turns a
			// malformed genesis section into an error now instead of a failure at start-up.
			if !check_genesis_natively(path)? {
				spec.as_storage_builder()
					.build_storage()
					.map_err(|e| format!("invalid genesis in chain spec `{path}`: {e}"))?;
			}
			spec
		},
	};
	Ok(Box::new(spec))
}

/// Builds the genesis of a chain-spec file with the runtime compiled into the node, so that a
/// bad genesis section is reported with the field or the pallet's own message.
///
/// The runtime inside the WASM blob loses panic messages, so this check runs first. Returns
/// `Ok(false)` for specs it cannot check this way, those with raw storage or no runtime
/// genesis. Those are built with the WASM runtime instead.
fn check_genesis_natively(path: &str) -> Result<bool, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| format!("cannot read chain spec `{path}`: {e}"))?;
	let spec: Value =
		serde_json::from_str(&text).map_err(|e| format!("cannot read chain spec `{path}`: {e}"))?;
	let runtime_genesis = &spec["genesis"]["runtimeGenesis"];
	let config = if let Some(patch) = runtime_genesis.get("patch") {
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
			.map_err(|e| format!("cannot serialize the default genesis: {e}"))?;
		merge_json(&mut config, patch.clone());
		config
	} else if let Some(config) = runtime_genesis.get("config") {
		config.clone()
	} else {
		return Ok(false);
	};
	let config: RuntimeGenesisConfig = serde_json::from_value(config.clone()).map_err(|e| {
		let section = failing_section(&config)
			.map(|section| format!(" in section `{section}`"))
			.unwrap_or_default();
		format!("invalid genesis in chain spec `{path}`{section}: {e}")
	})?;

	check_validators(&config)
		.map_err(|e| format!("invalid genesis in chain spec `{path}`: {e}"))?;

	// Genesis builders report invalid entries by panicking; catch the message without
	// printing the default panic report.
	let default_hook = panic::take_hook();
	panic::set_hook(Box::new(|_| {}));
	let built = panic::catch_unwind(|| config.build_storage());
	panic::set_hook(default_hook);
	match built {
		Ok(Ok(_)) => Ok(true),
		Ok(Err(e)) => Err(format!("invalid genesis in chain spec `{path}`: {e}")),
		Err(panic) => {
			let message = panic
				.downcast_ref::<String>()
				.map(String::as_str)
				.or_else(|| panic.downcast_ref::<&str>().copied())
				.unwrap_or("the genesis builder panicked");
			Err(format!("invalid genesis in chain spec `{path}`: {message}"))
		},
	}
}

/// Checks what the consensus engines need from the genesis validators and the pallets do not
/// check themselves: at least one validator, no account or key listed twice, and a minimum set
/// size the genesis set meets. Without these the node panics later (GRANDPA needs a
/// non-empty authority set) or never authors a block.
fn check_validators(config: &RuntimeGenesisConfig) -> Result<(), String> {
	let keys = &config.session.keys;
	if keys.is_empty() {
		return Err("section `session`: `keys` lists no validator; list at least one".into());
	}
	for (index, (account, _, session_keys)) in keys.iter().enumerate() {
		for (other, (other_account, _, other_keys)) in keys.iter().enumerate().skip(index + 1) {
			if account == other_account {
				return Err(format!(
					"section `session`: entries {index} and {other} name the same account {account}"
				));
			}
			if session_keys.aura == other_keys.aura || session_keys.grandpa == other_keys.grandpa {
				return Err(format!(
					"section `session`: entries {index} and {other} share a session key"
				));
			}
		}
	}
	let min = config.validator_set.min_validators;
	if min as usize > keys.len() {
		return Err(format!(
			"section `validatorSet`: minValidators is {min} but `session.keys` lists {} validators",
			keys.len()
		));
	}
	Ok(())
}

/// Returns the top-level genesis section (one per pallet) whose value does not deserialize,
/// found by putting each section of `config` alone into the default genesis.
fn failing_section(config: &Value) -> Option<String> {
	let default = serde_json::to_value(RuntimeGenesisConfig::default()).ok()?;
	config.as_object()?.iter().find_map(|(key, value)| {
		let mut probe = default.clone();
		probe.as_object_mut()?.insert(key.clone(), value.clone());
		serde_json::from_value::<RuntimeGenesisConfig>(probe).is_err().then(|| key.clone())
	})
}

/// Merges `patch` into `base`: objects key by key, anything else replaced, as the SDK's
/// genesis builder applies a preset patch.
fn merge_json(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge_json(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}
