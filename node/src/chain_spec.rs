//! Chain specifications built from the runtime's genesis presets, or read from a file.

use medanchor_runtime::{genesis_config_presets as presets, WASM_BINARY};
use sc_service::{ChainSpec as _, ChainType};
use std::path::Path;

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
			// Reading the file only parses its outline; building the genesis here turns a
			// malformed genesis section into an error now instead of a panic at start-up.
			spec.as_storage_builder()
				.build_storage()
				.map_err(|e| format!("invalid chain spec `{path}`: {e}"))?;
			spec
		},
	};
	Ok(Box::new(spec))
}
