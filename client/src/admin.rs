//! Helpers for development chains: register a hospital and a court through the dev
//! authorities (the sudo key), and fund the accounts they need.

use crate::chain::{self, runtime, Chain};
use subxt_signer::sr25519::Keypair;

/// One MAC in planck.
pub const UNIT: u128 = 1_000_000_000_000;

fn account(keypair: &Keypair) -> subxt::utils::AccountId32 {
	keypair.public_key().into()
}

/// Names a dispatch error of a sudo call by pallet and error, from the metadata.
pub async fn describe(
	chain: &Chain,
	error: &runtime::runtime_types::sp_runtime::DispatchError,
) -> String {
	use runtime::runtime_types::sp_runtime::DispatchError;
	if let (DispatchError::Module(module), Ok(at)) = (error, chain.best().await) {
		let metadata = at.metadata();
		if let Some(pallet) = metadata.pallet_by_error_index(module.index) {
			if let Some(variant) = pallet.error_variant_by_index(module.error[0]) {
				return format!("{}.{}: {}", pallet.name(), variant.name, variant.docs.join(" "));
			}
		}
	}
	format!("{error:?}")
}

async fn run<Call: subxt::transactions::Payload>(
	chain: &Chain,
	call: &Call,
	signer: &Keypair,
	what: &str,
) -> Result<chain::Events, String> {
	chain::submit_with_events(chain, call, signer, None)
		.await
		.map(|(_, events)| events)
		.map_err(|e| format!("{what} failed: {e}"))
}

/// Transfers `amount` MAC from `from` to each account.
pub async fn fund(
	chain: &Chain,
	from: &Keypair,
	to: &[&Keypair],
	amount: u128,
) -> Result<(), String> {
	for keypair in to {
		let call = runtime::tx()
			.balances()
			.transfer_keep_alive(subxt::utils::MultiAddress::Id(account(keypair)), amount * UNIT);
		run(chain, &call, from, "funding an account").await?;
	}
	Ok(())
}

/// Registration details of a new hospital.
pub struct Hospital<'a> {
	pub name: &'a str,
	pub credit_code: &'a str,
	pub licence: &'a str,
	pub region: &'a str,
}

/// Registers a hospital with `admin` as its administrator and adds `gateway` as its gateway
/// account. Returns the entity id.
pub async fn register_hospital(
	chain: &Chain,
	sudo: &Keypair,
	hospital: &Hospital<'_>,
	admin: &Keypair,
	gateway: &Keypair,
) -> Result<u32, String> {
	use runtime::runtime_types::{
		medanchor_primitives::institutions::{AccountRole, EntityKind},
		pallet_institutions::types::HospitalGrade,
	};
	let code: [u8; 18] = hospital.credit_code.as_bytes().try_into().map_err(|_| {
		format!("the credit code \"{}\" is not 18 characters", hospital.credit_code)
	})?;
	let region: [u8; 6] = hospital
		.region
		.as_bytes()
		.try_into()
		.map_err(|_| format!("the region code \"{}\" is not 6 digits", hospital.region))?;
	fund(chain, sudo, &[admin, gateway], 100).await?;
	let register = runtime::Call::Institutions(runtime::institutions::Call::register_entity {
		kind: EntityKind::Hospital,
		name: hospital.name.as_bytes().to_vec(),
		credit_code: code,
		licence: hospital.licence.as_bytes().to_vec(),
		region,
		grade: Some(HospitalGrade::TertiaryA),
		payout: account(admin),
		admin: account(admin),
	});
	let call = runtime::tx().sudo().sudo(register);
	let events = run(chain, &call, sudo, "registering the hospital").await?;
	if let Some(Ok(failed)) = events.find_first::<runtime::sudo::events::Sudid>() {
		if let Err(error) = failed.sudo_result {
			return Err(format!(
				"registering the hospital failed: {}",
				describe(chain, &error).await
			));
		}
	}
	let registered = events
		.find_first::<runtime::institutions::events::EntityRegistered>()
		.ok_or("registering the hospital failed: no EntityRegistered event")?
		.map_err(|e| e.to_string())?;
	let entity = registered.entity;
	let call =
		runtime::tx().institutions().add_account(entity, account(gateway), AccountRole::Gateway);
	run(chain, &call, admin, "adding the gateway account").await?;
	Ok(entity)
}

/// Registers a court with `clerk` as its clerk. Returns the court id.
pub async fn register_court(
	chain: &Chain,
	sudo: &Keypair,
	designator: &str,
	name: &str,
	region: &str,
	clerk: &Keypair,
) -> Result<u32, String> {
	let region: [u8; 6] = region
		.as_bytes()
		.try_into()
		.map_err(|_| format!("the region code \"{region}\" is not 6 digits"))?;
	fund(chain, sudo, &[clerk], 100).await?;
	let register = runtime::Call::Judicial(runtime::judicial::Call::register_court {
		designator: designator.as_bytes().to_vec(),
		name: name.as_bytes().to_vec(),
		region,
		clerks: vec![account(clerk)],
	});
	let call = runtime::tx().sudo().sudo(register);
	let events = run(chain, &call, sudo, "registering the court").await?;
	if let Some(Ok(failed)) = events.find_first::<runtime::sudo::events::Sudid>() {
		if let Err(error) = failed.sudo_result {
			return Err(format!("registering the court failed: {}", describe(chain, &error).await));
		}
	}
	let registered = events
		.find_first::<runtime::judicial::events::CourtRegistered>()
		.ok_or("registering the court failed: no CourtRegistered event")?
		.map_err(|e| e.to_string())?;
	Ok(registered.court)
}

/// Opens a case as a court's clerk. Returns the case id.
pub async fn open_case(
	chain: &Chain,
	clerk: &Keypair,
	number: &str,
	institutions: Vec<u32>,
	patient: [u8; 32],
) -> Result<u32, String> {
	let call =
		runtime::tx().judicial().open_case(number.as_bytes().to_vec(), institutions, patient);
	let events = run(chain, &call, clerk, "opening the case").await?;
	let opened = events
		.find_first::<runtime::judicial::events::CaseOpened>()
		.ok_or("opening the case failed: no CaseOpened event")?
		.map_err(|e| e.to_string())?;
	Ok(opened.case)
}
