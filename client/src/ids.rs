//! Record ids, batch ids and the salted patient and encounter commitments, as
//! `docs/canonical-hashing.md` specifies them.

use medanchor_primitives::{
	institutions::EntityId,
	records::{Hash32, HashAlgorithm},
};

const RECORD_DOMAIN: &[u8] = b"MEDANCHOR/RECORD/1";
const BATCH_DOMAIN: &[u8] = b"MEDANCHOR/BATCH/1";
const PATIENT_DOMAIN: &[u8] = b"MEDANCHOR/PATIENT/1";
const ENCOUNTER_DOMAIN: &[u8] = b"MEDANCHOR/ENCOUNTER/1";

/// Returns the chain's record id of an institution's local record id.
pub fn record_id(institution: EntityId, local_id: &str) -> Hash32 {
	HashAlgorithm::Blake2b256.hash(&[
		RECORD_DOMAIN,
		&institution.to_le_bytes(),
		local_id.as_bytes(),
	])
}

/// Returns the chain's batch id of an institution's local batch id.
pub fn batch_id(institution: EntityId, local_id: &str) -> Hash32 {
	HashAlgorithm::Blake2b256.hash(&[BATCH_DOMAIN, &institution.to_le_bytes(), local_id.as_bytes()])
}

/// Returns the patient reference: a commitment to the patient identifier under a salt that
/// only the institution and the patient hold.
pub fn patient_ref(salt: &[u8; 32], identifier: &str) -> Hash32 {
	HashAlgorithm::Blake2b256.hash(&[PATIENT_DOMAIN, salt, identifier.as_bytes()])
}

/// Returns the encounter reference, committed under the patient's salt.
pub fn encounter_ref(salt: &[u8; 32], identifier: &str) -> Hash32 {
	HashAlgorithm::Blake2b256.hash(&[ENCOUNTER_DOMAIN, salt, identifier.as_bytes()])
}

/// Returns 32 random bytes from the operating system.
pub fn random_salt() -> std::io::Result<[u8; 32]> {
	let mut salt = [0u8; 32];
	getrandom::getrandom(&mut salt).map_err(std::io::Error::other)?;
	Ok(salt)
}
