//! The MedAnchor client library: canonical hashing of medical records, the hospital gateway
//! that anchors them at generation, court verification and receipts.

pub mod admin;
pub mod canon;
pub mod chain;
pub mod facts;
pub mod gateway;
pub mod ids;
pub mod load;
pub mod messages;
pub mod receipt;
pub mod store;
pub mod verify;

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests;
