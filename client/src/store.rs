//! The local journal (SQLite): patient salts, encounter numbering, every record version and
//! batch the gateway has prepared, and what became of each on chain.
//!
//! A job is written to the journal before it is submitted and marked final only after its
//! block is finalized, so a crash or a node outage loses nothing; on restart the pending jobs
//! are checked against the chain and submitted again only if the chain does not have them.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;

/// State of a job in the journal.
pub const PENDING: &str = "pending";
pub const FINAL: &str = "final";
pub const FAILED: &str = "failed";

pub struct Store {
	connection: Connection,
}

/// A job row: what to anchor (`payload`) and, once final, the receipt.
#[derive(Clone, Debug)]
pub struct JobRow {
	pub id: i64,
	pub key: String,
	pub kind: String,
	pub payload: String,
	pub state: String,
}

impl Store {
	/// Opens or creates the journal at `path`.
	pub fn open(path: &Path) -> Result<Store, String> {
		if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
			std::fs::create_dir_all(parent)
				.map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
		}
		let connection = Connection::open(path)
			.map_err(|e| format!("cannot open the journal {}: {e}", path.display()))?;
		connection
			.execute_batch(
				"PRAGMA journal_mode = WAL;
				 PRAGMA synchronous = FULL;
				 PRAGMA busy_timeout = 10000;
				 CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
				 CREATE TABLE IF NOT EXISTS patients (
				     identifier TEXT PRIMARY KEY, salt BLOB NOT NULL);
				 CREATE TABLE IF NOT EXISTS encounters (
				     identifier TEXT PRIMARY KEY, class INTEGER NOT NULL,
				     next_sequence INTEGER NOT NULL);
				 CREATE TABLE IF NOT EXISTS records (
				     local_id TEXT PRIMARY KEY, record_id BLOB NOT NULL,
				     versions INTEGER NOT NULL, latest_digest BLOB NOT NULL);
				 CREATE TABLE IF NOT EXISTS files (
				     path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL,
				     digest BLOB NOT NULL);
				 CREATE TABLE IF NOT EXISTS jobs (
				     id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
				     kind TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL,
				     receipt TEXT, error TEXT, created INTEGER NOT NULL);",
			)
			.map_err(|e| format!("cannot initialise the journal {}: {e}", path.display()))?;
		Ok(Store { connection })
	}

	fn fail(e: rusqlite::Error) -> String {
		format!("journal error: {e}")
	}

	/// Runs `f` in one transaction.
	pub fn transaction<T>(
		&mut self,
		f: impl FnOnce(&rusqlite::Transaction) -> Result<T, String>,
	) -> Result<T, String> {
		let tx = self.connection.transaction().map_err(Self::fail)?;
		let value = f(&tx)?;
		tx.commit().map_err(Self::fail)?;
		Ok(value)
	}

	/// Returns a stored setting.
	pub fn meta(&self, key: &str) -> Result<Option<String>, String> {
		self.connection
			.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
			.optional()
			.map_err(Self::fail)
	}

	/// Stores a setting.
	pub fn set_meta(&self, key: &str, value: &str) -> Result<(), String> {
		self.connection
			.execute(
				"INSERT INTO meta (key, value) VALUES (?1, ?2)
				 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
				params![key, value],
			)
			.map(|_| ())
			.map_err(Self::fail)
	}

	/// Returns the size, modification time and digest last anchored for `path`.
	pub fn file(&self, path: &str) -> Result<Option<(u64, i64, Vec<u8>)>, String> {
		self.connection
			.query_row("SELECT size, modified, digest FROM files WHERE path = ?1", [path], |row| {
				Ok((row.get::<_, i64>(0)? as u64, row.get(1)?, row.get(2)?))
			})
			.optional()
			.map_err(Self::fail)
	}

	/// Returns jobs in `state`, oldest first.
	pub fn jobs(&self, state: &str) -> Result<Vec<JobRow>, String> {
		let mut statement = self
			.connection
			.prepare("SELECT id, key, kind, payload, state FROM jobs WHERE state = ?1 ORDER BY id")
			.map_err(Self::fail)?;
		let rows = statement
			.query_map([state], |row| {
				Ok(JobRow {
					id: row.get(0)?,
					key: row.get(1)?,
					kind: row.get(2)?,
					payload: row.get(3)?,
					state: row.get(4)?,
				})
			})
			.map_err(Self::fail)?;
		rows.collect::<Result<Vec<_>, _>>().map_err(Self::fail)
	}

	/// Returns the number of jobs in each state.
	pub fn counts(&self) -> Result<Vec<(String, i64)>, String> {
		let mut statement = self
			.connection
			.prepare("SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state")
			.map_err(Self::fail)?;
		let rows =
			statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).map_err(Self::fail)?;
		rows.collect::<Result<Vec<_>, _>>().map_err(Self::fail)
	}

	/// Returns the receipt of a final job.
	pub fn receipt(&self, key: &str) -> Result<Option<String>, String> {
		self.connection
			.query_row(
				"SELECT receipt FROM jobs WHERE key = ?1 AND state = 'final'",
				[key],
				|row| row.get(0),
			)
			.optional()
			.map_err(Self::fail)
	}

	/// Marks a job final with its receipt.
	pub fn finish(&self, id: i64, receipt: &str) -> Result<(), String> {
		self.connection
			.execute(
				"UPDATE jobs SET state = 'final', receipt = ?2, error = NULL WHERE id = ?1",
				params![id, receipt],
			)
			.map(|_| ())
			.map_err(Self::fail)
	}

	/// Marks a job failed, or records the error of an attempt while it stays pending.
	pub fn record_error(&self, id: i64, error: &str, failed: bool) -> Result<(), String> {
		let state = if failed { FAILED } else { PENDING };
		self.connection
			.execute(
				"UPDATE jobs SET state = ?2, error = ?3 WHERE id = ?1",
				params![id, state, error],
			)
			.map(|_| ())
			.map_err(Self::fail)
	}

	/// Puts failed jobs back in the queue, so that a new run tries them again (after the
	/// signer, the institution or the node was fixed). Returns how many.
	pub fn requeue_failed(&self) -> Result<usize, String> {
		self.connection
			.execute("UPDATE jobs SET state = 'pending' WHERE state = 'failed'", [])
			.map_err(Self::fail)
	}

	/// Returns the error of every failed job, by key.
	pub fn failures(&self) -> Result<Vec<(String, String)>, String> {
		let mut statement = self
			.connection
			.prepare("SELECT key, COALESCE(error, '') FROM jobs WHERE state = 'failed' ORDER BY id")
			.map_err(Self::fail)?;
		let rows =
			statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).map_err(Self::fail)?;
		rows.collect::<Result<Vec<_>, _>>().map_err(Self::fail)
	}
}

/// A record as the journal knows it: chain id, number of versions and latest digest.
pub type RecordEntry = (Vec<u8>, u32, Vec<u8>);

/// Journal operations inside a transaction.
pub struct Tx<'a>(pub &'a rusqlite::Transaction<'a>);

impl Tx<'_> {
	fn fail(e: rusqlite::Error) -> String {
		format!("journal error: {e}")
	}

	/// Returns the patient's salt, creating a random one for a new patient.
	pub fn patient_salt(&self, identifier: &str) -> Result<[u8; 32], String> {
		let existing: Option<Vec<u8>> = self
			.0
			.query_row("SELECT salt FROM patients WHERE identifier = ?1", [identifier], |row| {
				row.get(0)
			})
			.optional()
			.map_err(Self::fail)?;
		if let Some(salt) = existing {
			return salt
				.try_into()
				.map_err(|_| "journal error: a stored salt is not 32 bytes".into());
		}
		let salt = crate::ids::random_salt().map_err(|e| format!("no random salt: {e}"))?;
		self.0
			.execute(
				"INSERT INTO patients (identifier, salt) VALUES (?1, ?2)",
				params![identifier, salt.to_vec()],
			)
			.map_err(Self::fail)?;
		Ok(salt)
	}

	/// Returns the encounter's class and the next sequence number, reserving it.
	pub fn next_sequence(&self, identifier: &str, class: u8) -> Result<(u8, u32), String> {
		let existing: Option<(u8, u32)> = self
			.0
			.query_row(
				"SELECT class, next_sequence FROM encounters WHERE identifier = ?1",
				[identifier],
				|row| Ok((row.get(0)?, row.get(1)?)),
			)
			.optional()
			.map_err(Self::fail)?;
		let (class, sequence) = existing.unwrap_or((class, 1));
		self.0
			.execute(
				"INSERT INTO encounters (identifier, class, next_sequence) VALUES (?1, ?2, ?3)
				 ON CONFLICT(identifier) DO UPDATE SET next_sequence = excluded.next_sequence",
				params![identifier, class, sequence + 1],
			)
			.map_err(Self::fail)?;
		Ok((class, sequence))
	}

	/// Returns the record's chain id, number of versions and latest digest, if known.
	pub fn record(&self, local_id: &str) -> Result<Option<RecordEntry>, String> {
		self.0
			.query_row(
				"SELECT record_id, versions, latest_digest FROM records WHERE local_id = ?1",
				[local_id],
				|row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
			)
			.optional()
			.map_err(Self::fail)
	}

	/// Stores a record's new latest version.
	pub fn put_record(
		&self,
		local_id: &str,
		record_id: &[u8],
		versions: u32,
		digest: &[u8],
	) -> Result<(), String> {
		self.0
			.execute(
				"INSERT INTO records (local_id, record_id, versions, latest_digest)
				 VALUES (?1, ?2, ?3, ?4)
				 ON CONFLICT(local_id) DO UPDATE SET versions = excluded.versions,
				     latest_digest = excluded.latest_digest",
				params![local_id, record_id, versions, digest],
			)
			.map(|_| ())
			.map_err(Self::fail)
	}

	/// Stores what was last prepared for a file, so an unchanged file is not anchored again.
	pub fn put_file(
		&self,
		path: &str,
		size: u64,
		modified: i64,
		digest: &[u8],
	) -> Result<(), String> {
		self.0
			.execute(
				"INSERT INTO files (path, size, modified, digest) VALUES (?1, ?2, ?3, ?4)
				 ON CONFLICT(path) DO UPDATE SET size = excluded.size,
				     modified = excluded.modified, digest = excluded.digest",
				params![path, size as i64, modified, digest],
			)
			.map(|_| ())
			.map_err(Self::fail)
	}

	/// Returns the payload of the job with `key`, if journaled.
	pub fn job_payload(&self, key: &str) -> Result<Option<String>, String> {
		self.0
			.query_row("SELECT payload FROM jobs WHERE key = ?1", [key], |row| row.get(0))
			.optional()
			.map_err(Self::fail)
	}

	/// Adds a pending job; a job with the same key already journaled is left as it is.
	pub fn add_job<P: Serialize>(
		&self,
		key: &str,
		kind: &str,
		payload: &P,
	) -> Result<bool, String> {
		let payload = serde_json::to_string(payload).map_err(|e| e.to_string())?;
		let now = crate::now_millis() as i64;
		let added = self
			.0
			.execute(
				"INSERT OR IGNORE INTO jobs (key, kind, payload, state, created)
				 VALUES (?1, ?2, ?3, 'pending', ?4)",
				params![key, kind, payload, now],
			)
			.map_err(Self::fail)?;
		Ok(added == 1)
	}
}

/// Decodes a job's payload.
pub fn payload<P: DeserializeOwned>(job: &JobRow) -> Result<P, String> {
	serde_json::from_str(&job.payload)
		.map_err(|e| format!("journal error: job {} has an unreadable payload: {e}", job.key))
}
