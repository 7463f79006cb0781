//! The hospital gateway: turns files into journaled anchoring jobs and submits them,
//! pipelined, until their blocks are finalized.

use crate::{
	canon::{self, Format},
	chain::{self, runtime, Chain, Included, TxError},
	facts, ids,
	receipt::{self, BatchProof, Receipt},
	store::{self, JobRow, Store, Tx},
};
use medanchor_primitives::{
	anchors::{AmendmentReason, EncounterClass, EventTime, Millis},
	institutions::EntityId,
	records::{self, BatchLeaf, ContentHash, HashAlgorithm, RecordKind},
};
use serde::{Deserialize, Serialize};
use std::{
	collections::{HashMap, HashSet},
	path::{Path, PathBuf},
	time::Duration,
};
use subxt_signer::sr25519::Keypair;

/// Records per `anchor_records` call; the runtime accepts at most 200.
pub const RECORDS_PER_CALL: usize = 200;

/// Settings for turning files into records.
#[derive(Clone, Debug)]
pub struct Options {
	pub institution: EntityId,
	pub algorithm: HashAlgorithm,
	/// Overrides the detected format (`--raw` is `Some(Format::Raw)`).
	pub format: Option<Format>,
	/// Overrides the detected kind.
	pub kind: Option<RecordKind>,
	/// Encounter class when the record and the journal do not tell.
	pub class: EncounterClass,
	/// Overrides the patient identifier found in the record.
	pub patient: Option<String>,
	/// Overrides the encounter identifier found in the record.
	pub encounter: Option<String>,
	/// Overrides the generation time (otherwise the file's modification time).
	pub generated_at: Option<Millis>,
	pub reason: AmendmentReason,
	/// Anchor NDJSON files as Merkle batches of their new lines.
	pub batch_streams: bool,
	/// Leave a stream's last line until it ends with a newline, because the writer may be
	/// appending to it (gateway mode). A one-off anchor takes the file as complete.
	pub wait_for_newline: bool,
}

/// A record version to anchor, as journaled.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordJob {
	pub local_id: String,
	pub record_id: String,
	/// 0 for the first anchor; an amendment names `version - 1` as its previous version.
	pub version: u32,
	pub file: String,
	pub line: Option<usize>,
	pub format: Format,
	pub content_hash: ContentHash,
	pub generated_at: Millis,
	pub kind: RecordKind,
	pub class: EncounterClass,
	pub sequence: u32,
	pub patient_identifier: String,
	pub salt: String,
	pub patient_ref: String,
	pub encounter_identifier: String,
	pub encounter_ref: String,
	pub event: Option<EventTime>,
	pub reason: Option<AmendmentReason>,
}

/// A Merkle batch of stream records, as journaled.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BatchJob {
	pub local_id: String,
	pub batch_id: String,
	pub file: String,
	pub format: Format,
	pub kind: RecordKind,
	pub class: EncounterClass,
	pub patient_identifier: String,
	pub salt: String,
	pub patient_ref: String,
	pub algorithm: HashAlgorithm,
	pub members: Vec<BatchMember>,
}

/// One record of a batch.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BatchMember {
	pub local_id: String,
	pub record_id: String,
	pub line: Option<usize>,
	pub content_hash: ContentHash,
	pub generated_at: Millis,
	pub leaf_salt: String,
}

impl BatchJob {
	fn leaves(&self) -> Result<Vec<BatchLeaf>, String> {
		self.members
			.iter()
			.map(|m| {
				Ok(BatchLeaf {
					record_id: receipt::hex32(&m.record_id)?,
					kind: self.kind,
					content_hash: m.content_hash,
					generated_at: m.generated_at,
					salt: receipt::hex32(&m.leaf_salt)?,
				})
			})
			.collect()
	}
}

/// A file that could not be turned into records.
#[derive(Clone, Debug)]
pub struct FileError {
	pub file: String,
	pub message: String,
}

impl std::fmt::Display for FileError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{}: {}", self.file, self.message)
	}
}

fn modified_millis(metadata: &std::fs::Metadata) -> Millis {
	metadata
		.modified()
		.ok()
		.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
		.map_or(0, |d| d.as_millis() as Millis)
}

/// The local id of a file: its path relative to `base`, with `/` separators.
pub fn local_id(base: &Path, path: &Path) -> String {
	let relative = path.strip_prefix(base).unwrap_or(path);
	relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Reads a file, canonicalises it and journals the jobs it needs: nothing when it is unchanged,
/// a first anchor for a new record, an amendment for a changed one, a batch for new stream
/// lines. Returns the number of jobs added.
pub fn journal_file(
	store: &mut Store,
	base: &Path,
	path: &Path,
	options: &Options,
) -> Result<usize, FileError> {
	let file = local_id(base, path);
	let fail = |message: String| FileError { file: path.display().to_string(), message };
	let metadata = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
	let modified = modified_millis(&metadata);
	if let Some((size, stored_modified, _)) = store.file(&file).map_err(fail)? {
		if size == metadata.len() && stored_modified == modified as i64 {
			return Ok(0);
		}
	}
	let mut content = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?;
	let format = options.format.unwrap_or_else(|| canon::detect(path, &content));
	let stream = format == Format::Ndjson && options.batch_streams;
	if stream && options.wait_for_newline {
		// A monitor may be appending a line right now: take complete lines only.
		let complete = content.iter().rposition(|b| *b == b'\n').map_or(0, |end| end + 1);
		if complete == 0 {
			return Ok(0);
		}
		content.truncate(complete);
	}
	let records = canon::canonicalize(format, &content).map_err(|e| {
		fail(format!(
			"not valid {} ({e}); nothing was anchored. Fix the file, or anchor its bytes on \
			 purpose with --raw",
			format.name().to_uppercase()
		))
	})?;
	let generated_at = options.generated_at.unwrap_or(modified);
	let file_digest = ContentHash::of(HashAlgorithm::Blake2b256, &content).digest;

	store
		.transaction(|tx| {
			let tx = Tx(tx);
			let added = if stream {
				journal_stream(&tx, &file, format, &records, generated_at, options)?
			} else {
				let mut added = 0;
				for record in &records {
					added += journal_record(&tx, &file, format, record, generated_at, options)?;
				}
				added
			};
			tx.put_file(&file, metadata.len(), modified as i64, &file_digest)?;
			Ok(added)
		})
		.map_err(fail)
}

struct Identity {
	kind: RecordKind,
	patient: String,
	encounter: String,
	class: EncounterClass,
	event: Option<EventTime>,
}

fn identity(local: &str, format: Format, record: &canon::Canonical, options: &Options) -> Identity {
	let facts = facts::read(&record.parsed);
	let detected = facts::detected_kind(&facts, format);
	Identity {
		kind: options.kind.or(detected).unwrap_or(RecordKind::Other),
		patient: options
			.patient
			.clone()
			.or(facts.patient)
			.unwrap_or_else(|| format!("unidentified:{local}")),
		encounter: options
			.encounter
			.clone()
			.or(facts.encounter)
			.unwrap_or_else(|| format!("record:{local}")),
		class: facts.class.unwrap_or(options.class),
		event: facts.event,
	}
}

fn class_code(class: EncounterClass) -> u8 {
	class as u8
}

fn class_from_code(code: u8) -> EncounterClass {
	EncounterClass::ALL.get(code as usize).copied().unwrap_or(EncounterClass::Outpatient)
}

fn journal_record(
	tx: &Tx,
	file: &str,
	format: Format,
	record: &canon::Canonical,
	generated_at: Millis,
	options: &Options,
) -> Result<usize, String> {
	let local = match record.line {
		Some(line) => format!("{file}#L{line}"),
		None => file.to_string(),
	};
	let content_hash = ContentHash::of(options.algorithm, &record.bytes);
	let id = ids::record_id(options.institution, &local);
	let who = identity(&local, format, record, options);
	let salt = tx.patient_salt(&who.patient)?;

	let (version, sequence, class) = match tx.record(&local)? {
		Some((_, _, latest)) if latest == content_hash.digest => return Ok(0),
		Some((_, versions, _)) => (versions, 0, who.class),
		None => {
			let (class, sequence) = tx.next_sequence(&who.encounter, class_code(who.class))?;
			(0, sequence, class_from_code(class))
		},
	};
	let mut job = RecordJob {
		local_id: local.clone(),
		record_id: hex::encode(id),
		version,
		file: file.to_string(),
		line: record.line,
		format,
		content_hash,
		generated_at,
		kind: who.kind,
		class,
		sequence,
		patient_ref: hex::encode(ids::patient_ref(&salt, &who.patient)),
		encounter_ref: hex::encode(ids::encounter_ref(&salt, &who.encounter)),
		salt: hex::encode(salt),
		patient_identifier: who.patient,
		encounter_identifier: who.encounter,
		event: if version == 0 { who.event } else { None },
		reason: (version > 0).then_some(options.reason),
	};
	if version > 0 {
		// An amendment keeps the record's identity on chain (kind, patient, encounter and
		// place in it) from the first version; only the content changes.
		let first = tx
			.job_payload(&format!("{local}@v0"))?
			.ok_or_else(|| format!("journal error: {local} has versions but no first version"))?;
		let first: RecordJob = serde_json::from_str(&first)
			.map_err(|e| format!("journal error: {local}@v0 is unreadable: {e}"))?;
		if first.patient_identifier != job.patient_identifier {
			eprintln!(
				"warning: {local}: the changed content names patient \"{}\", the record's first \
				 version \"{}\"; the amendment stays with the first version's patient",
				job.patient_identifier, first.patient_identifier
			);
		}
		job.kind = first.kind;
		job.class = first.class;
		job.sequence = first.sequence;
		job.patient_identifier = first.patient_identifier;
		job.salt = first.salt;
		job.patient_ref = first.patient_ref;
		job.encounter_identifier = first.encounter_identifier;
		job.encounter_ref = first.encounter_ref;
	}
	tx.put_record(&local, &id, version + 1, &content_hash.digest)?;
	tx.add_job(&format!("{local}@v{version}"), "record", &job)?;
	Ok(1)
}

/// Journals the lines of a stream file that no earlier batch covered as one batch.
///
/// NOTE: streams are taken as append-only. A line changed after its batch was journaled is
/// not anchored again; anchor such a file with `--no-batch` to track each line as a record.
fn journal_stream(
	tx: &Tx,
	file: &str,
	format: Format,
	records: &[canon::Canonical],
	generated_at: Millis,
	options: &Options,
) -> Result<usize, String> {
	let counter = format!("stream:{file}");
	let done: usize =
		tx.0.query_row("SELECT value FROM meta WHERE key = ?1", [&counter], |row| {
			row.get::<_, String>(0)
		})
		.ok()
		.and_then(|v| v.parse().ok())
		.unwrap_or(0);
	let fresh: Vec<&canon::Canonical> = records.iter().skip(done).collect();
	let (Some(first), Some(last)) = (fresh.first(), fresh.last()) else { return Ok(0) };
	let first_line = first.line.unwrap_or(0);
	let last_line = last.line.unwrap_or(0);
	let local = format!("{file}#L{first_line}-L{last_line}");
	let who = identity(&local, format, first, options);
	let salt = tx.patient_salt(&who.patient)?;
	let mut members = Vec::with_capacity(fresh.len());
	for record in &fresh {
		let member_local = format!("{file}#L{}", record.line.unwrap_or(0));
		let leaf_salt = ids::random_salt().map_err(|e| format!("no random salt: {e}"))?;
		members.push(BatchMember {
			record_id: hex::encode(ids::record_id(options.institution, &member_local)),
			local_id: member_local,
			line: record.line,
			content_hash: ContentHash::of(options.algorithm, &record.bytes),
			generated_at,
			leaf_salt: hex::encode(leaf_salt),
		});
	}
	let job = BatchJob {
		batch_id: hex::encode(ids::batch_id(options.institution, &local)),
		local_id: local.clone(),
		file: file.to_string(),
		format,
		kind: who.kind,
		class: who.class,
		patient_ref: hex::encode(ids::patient_ref(&salt, &who.patient)),
		salt: hex::encode(salt),
		patient_identifier: who.patient,
		algorithm: options.algorithm,
		members,
	};
	tx.add_job(&format!("batch:{local}"), "batch", &job)?;
	tx.0.execute(
		"INSERT INTO meta (key, value) VALUES (?1, ?2)
		 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		rusqlite::params![counter, records.len().to_string()],
	)
	.map_err(|e| format!("journal error: {e}"))?;
	Ok(1)
}

/// One unit of submission: several first anchors in one call, one amendment or one batch.
enum Submission {
	Records(Vec<(JobRow, RecordJob)>),
	Amendment(JobRow, RecordJob),
	Batch(JobRow, BatchJob),
}

impl Submission {
	fn job_ids(&self) -> Vec<i64> {
		match self {
			Submission::Records(jobs) => jobs.iter().map(|(row, _)| row.id).collect(),
			Submission::Amendment(row, _) | Submission::Batch(row, _) => vec![row.id],
		}
	}
}

fn new_record(
	job: &RecordJob,
) -> Result<runtime::runtime_types::pallet_anchors::types::NewRecord, String> {
	use runtime::runtime_types::pallet_anchors::types::{NewRecord, SubmittedHash};
	Ok(NewRecord {
		id: receipt::hex32(&job.record_id)?,
		patient: receipt::hex32(&job.patient_ref)?,
		encounter: receipt::hex32(&job.encounter_ref)?,
		class: chain::recode(&job.class)?,
		sequence: job.sequence,
		kind: chain::recode(&job.kind)?,
		content_hash: SubmittedHash {
			algorithm: chain::recode(&job.content_hash.algorithm)?,
			digest: job.content_hash.digest.to_vec(),
		},
		generated_at: job.generated_at,
		event: job.event.as_ref().map(chain::recode).transpose()?,
	})
}

/// Signs and submits a unit; the caller waits for its finality.
async fn send(
	tx: &mut chain::TxClient,
	signer: &Keypair,
	nonce: u64,
	institution: Option<EntityId>,
	submission: &Submission,
) -> Result<chain::Progress, TxError> {
	use runtime::runtime_types::pallet_anchors::types::{NewBatch, SubmittedHash};
	let invalid = |e: String| TxError::Other(format!("journal entry cannot be submitted: {e}"));
	match submission {
		Submission::Records(jobs) if jobs.len() == 1 => {
			let record = new_record(&jobs[0].1).map_err(invalid)?;
			let call = runtime::tx().anchors().anchor_record(institution, record);
			chain::sign_and_submit(tx, &call, signer, Some(nonce)).await
		},
		Submission::Records(jobs) => {
			let records =
				jobs.iter().map(|(_, job)| new_record(job)).collect::<Result<Vec<_>, _>>();
			let call =
				runtime::tx().anchors().anchor_records(institution, records.map_err(invalid)?);
			chain::sign_and_submit(tx, &call, signer, Some(nonce)).await
		},
		Submission::Amendment(_, job) => {
			let call = runtime::tx().anchors().amend_record(
				receipt::hex32(&job.record_id).map_err(invalid)?,
				(job.version - 1) as u16,
				SubmittedHash {
					algorithm: chain::recode(&job.content_hash.algorithm).map_err(invalid)?,
					digest: job.content_hash.digest.to_vec(),
				},
				job.generated_at,
				chain::recode(&job.reason.unwrap_or(AmendmentReason::Other)).map_err(invalid)?,
				None,
			);
			chain::sign_and_submit(tx, &call, signer, Some(nonce)).await
		},
		Submission::Batch(_, job) => {
			let leaves = job.leaves().map_err(invalid)?;
			let root = records::batch_root(job.algorithm, &leaves)
				.map_err(|e| invalid(format!("{e:?}")))?;
			let first = job.members.iter().map(|m| m.generated_at).min().unwrap_or(0);
			let last = job.members.iter().map(|m| m.generated_at).max().unwrap_or(0);
			let batch = NewBatch {
				id: receipt::hex32(&job.batch_id).map_err(invalid)?,
				kind: chain::recode(&job.kind).map_err(invalid)?,
				class: chain::recode(&job.class).map_err(invalid)?,
				patient: Some(receipt::hex32(&job.patient_ref).map_err(invalid)?),
				root: SubmittedHash {
					algorithm: chain::recode(&job.algorithm).map_err(invalid)?,
					digest: root.to_vec(),
				},
				leaf_count: leaves.len() as u32,
				first_generated_at: first,
				last_generated_at: last,
			};
			let call = runtime::tx().anchors().anchor_batch(institution, batch);
			chain::sign_and_submit(tx, &call, signer, Some(nonce)).await
		},
	}
}

/// Submits journaled jobs and writes their receipts.
pub struct Submitter {
	pub chain: Chain,
	pub signer: Keypair,
	/// The institution an evidence storage platform acts for; `None` for the institution's
	/// own gateway.
	pub on_behalf_of: Option<EntityId>,
	pub institution: EntityId,
	pub receipts: PathBuf,
	/// Submissions in flight at most.
	pub max_in_flight: usize,
	next_nonce: Option<u64>,
	/// Jobs whose submission waits for finality, and the number of those submissions.
	in_flight: HashSet<i64>,
	calls_in_flight: usize,
	/// Block hashes already looked up, by number.
	block_hashes: HashMap<u32, String>,
	attempts: HashMap<i64, u32>,
	results: tokio::sync::mpsc::UnboundedSender<(Vec<i64>, Result<Included, TxError>)>,
	incoming: tokio::sync::mpsc::UnboundedReceiver<(Vec<i64>, Result<Included, TxError>)>,
	/// Jobs finished and failed, and records (receipts) finished.
	pub finished: usize,
	pub failed: usize,
	pub records: usize,
	/// Set when the connection to the node failed; the caller reconnects.
	pub disconnected: bool,
}

/// How often a job whose submission failed for a transient reason is tried again.
const MAX_ATTEMPTS: u32 = 5;

impl Submitter {
	pub fn new(
		chain: Chain,
		signer: Keypair,
		institution: EntityId,
		on_behalf_of: Option<EntityId>,
		receipts: PathBuf,
	) -> Submitter {
		let (results, incoming) = tokio::sync::mpsc::unbounded_channel();
		Submitter {
			chain,
			signer,
			on_behalf_of,
			institution,
			receipts,
			max_in_flight: 64,
			next_nonce: None,
			in_flight: HashSet::new(),
			calls_in_flight: 0,
			block_hashes: HashMap::new(),
			attempts: HashMap::new(),
			results,
			incoming,
			finished: 0,
			failed: 0,
			records: 0,
			disconnected: false,
		}
	}

	/// Connects to the node again after an outage, retrying for up to `patience`, and
	/// completes the jobs the chain anchored meanwhile.
	pub async fn reconnect(&mut self, store: &mut Store, patience: Duration) -> Result<(), String> {
		eprintln!("connection to {} lost; reconnecting", self.chain.url);
		self.chain = chain::connect(&self.chain.url, patience).await?;
		self.disconnected = false;
		self.next_nonce = None;
		let recovered = self.reconcile(store).await?;
		eprintln!("reconnected to {}; {recovered} job(s) were anchored meanwhile", self.chain.url);
		Ok(())
	}

	/// Returns whether submissions wait for finality.
	pub fn busy(&self) -> bool {
		!self.in_flight.is_empty()
	}

	/// Completes pending jobs that the chain already holds (a run that crashed after
	/// submitting), so they are never submitted twice.
	pub async fn reconcile(&mut self, store: &mut Store) -> Result<usize, String> {
		let mut recovered = 0;
		// Only finalized anchors count; a job whose anchor is still in an unfinalized block is
		// submitted again, fails as a duplicate, and is completed from the chain then.
		let at = self.chain.finalized().await?;
		for row in store.jobs(store::PENDING)? {
			if self.in_flight.contains(&row.id) {
				continue;
			}
			if let Some(receipts) = self.receipts_from_chain(&at, &row, None).await? {
				self.save(store, &row, &receipts)?;
				recovered += 1;
			}
		}
		Ok(recovered)
	}

	/// Starts submissions for pending jobs, up to the in-flight limit.
	pub async fn pump(&mut self, store: &mut Store) -> Result<(), String> {
		let mut firsts: Vec<(JobRow, RecordJob)> = Vec::new();
		let mut units = Vec::new();
		for row in store.jobs(store::PENDING)? {
			if self.in_flight.contains(&row.id) {
				continue;
			}
			match row.kind.as_str() {
				"record" => {
					let job: RecordJob = store::payload(&row)?;
					if job.version == 0 {
						firsts.push((row, job));
					} else {
						units.push(Submission::Amendment(row, job));
					}
				},
				"batch" => {
					let job: BatchJob = store::payload(&row)?;
					units.push(Submission::Batch(row, job));
				},
				other => return Err(format!("journal error: unknown job kind {other}")),
			}
		}
		// First anchors go first (an amendment may name a record anchored in the same pass),
		// up to 200 per call; the order of the nonces keeps that order on chain.
		let mut ordered: Vec<Submission> = Vec::new();
		let mut firsts = firsts.into_iter().peekable();
		while firsts.peek().is_some() {
			ordered.push(Submission::Records(firsts.by_ref().take(RECORDS_PER_CALL).collect()));
		}
		ordered.extend(units);

		if ordered.is_empty() {
			return Ok(());
		}
		let mut tx = match chain::tx_client(&self.chain).await {
			Ok(tx) => tx,
			Err(error) => {
				eprintln!("cannot prepare transactions: {error}");
				self.disconnected = true;
				return Ok(());
			},
		};
		for submission in ordered {
			if self.calls_in_flight >= self.max_in_flight {
				break;
			}
			let nonce = match self.next_nonce {
				Some(nonce) => nonce,
				None => match self.chain.next_nonce(&self.signer).await {
					Ok(nonce) => nonce,
					Err(error) => {
						eprintln!("{error}");
						self.disconnected = true;
						return Ok(());
					},
				},
			};
			let ids = submission.job_ids();
			// Submitted one after another, so the pool sees the nonces in order; only the wait
			// for finality runs concurrently.
			match send(&mut tx, &self.signer, nonce, self.on_behalf_of, &submission).await {
				Ok(progress) => {
					self.next_nonce = Some(nonce + 1);
					self.in_flight.extend(ids.iter().copied());
					self.calls_in_flight += 1;
					let chain = self.chain.clone();
					let results = self.results.clone();
					tokio::spawn(async move {
						let outcome = chain::finalized(&chain, progress).await.map(|(i, _)| i);
						let _ = results.send((ids, outcome));
					});
				},
				Err(error) => {
					self.next_nonce = None;
					let rows: Vec<JobRow> = store
						.jobs(store::PENDING)?
						.into_iter()
						.filter(|r| ids.contains(&r.id))
						.collect();
					for row in &rows {
						self.retry(store, row, &error)?;
					}
					break;
				},
			}
		}
		Ok(())
	}

	/// Handles the submissions that finished; waits up to `wait` for the first one.
	pub async fn collect(&mut self, store: &mut Store, wait: Duration) -> Result<(), String> {
		let first = match tokio::time::timeout(wait, self.incoming.recv()).await {
			Ok(Some(first)) => first,
			_ => return Ok(()),
		};
		let mut done = vec![first];
		while let Ok(more) = self.incoming.try_recv() {
			done.push(more);
		}
		let at = match self.chain.finalized().await {
			Ok(at) => at,
			Err(error) => {
				// The results stay unprocessed in the journal: their jobs are still pending,
				// and after a reconnection the chain tells which of them are anchored.
				eprintln!("{error}");
				for (ids, _) in &done {
					self.calls_in_flight = self.calls_in_flight.saturating_sub(1);
					for id in ids {
						self.in_flight.remove(id);
					}
				}
				self.disconnected = true;
				return Ok(());
			},
		};
		for (ids, outcome) in done {
			self.calls_in_flight = self.calls_in_flight.saturating_sub(1);
			for id in &ids {
				self.in_flight.remove(id);
			}
			let rows: Vec<JobRow> =
				store.jobs(store::PENDING)?.into_iter().filter(|r| ids.contains(&r.id)).collect();
			match outcome {
				Ok(included) => {
					for row in &rows {
						match self.receipts_from_chain(&at, row, Some(&included)).await? {
							Some(receipts) => self.save(store, row, &receipts)?,
							None => self.retry(
								store,
								row,
								&TxError::Other(
									"the chain does not show the anchor although its \
									 transaction succeeded"
										.into(),
								),
							)?,
						}
					}
				},
				Err(TxError::Module { pallet, error, message })
					if pallet == "Anchors" && error == "RateLimitExceeded" =>
				{
					// The institution's anchors for that block were used up: the jobs stay
					// pending and go into a later block.
					eprintln!("{} job(s) wait for a later block: {message}", rows.len());
					for row in &rows {
						store.record_error(row.id, &message, false)?;
					}
				},
				Err(TxError::Module { message, .. }) => {
					// A resubmitted first anchor meets its own earlier success.
					for row in &rows {
						if let Some(receipts) = self.receipts_from_chain(&at, row, None).await? {
							self.save(store, row, &receipts)?;
						} else {
							eprintln!("{}: {message}", row.key);
							store.record_error(row.id, &message, true)?;
							self.failed += 1;
						}
					}
				},
				Err(error) => {
					// The pool refused the nonce or the connection broke: take the nonce from
					// the node again and retry.
					self.next_nonce = None;
					for row in &rows {
						self.retry(store, row, &error)?;
					}
				},
			}
		}
		Ok(())
	}

	fn retry(&mut self, store: &mut Store, row: &JobRow, error: &TxError) -> Result<(), String> {
		if let TxError::Connection(message) = error {
			// A node outage is not the job's fault: it waits for the reconnection.
			store.record_error(row.id, message, false)?;
			self.disconnected = true;
			return Ok(());
		}
		let attempts = self.attempts.entry(row.id).or_insert(0);
		*attempts += 1;
		let give_up = *attempts >= MAX_ATTEMPTS;
		eprintln!("{}: attempt {attempts} failed: {error}", row.key);
		store.record_error(row.id, &error.to_string(), give_up)?;
		if give_up {
			self.failed += 1;
		}
		Ok(())
	}

	fn save(
		&mut self,
		store: &mut Store,
		row: &JobRow,
		receipts: &[Receipt],
	) -> Result<(), String> {
		let mut paths = Vec::new();
		for receipt in receipts {
			paths.push(receipt::write(&self.receipts, receipt)?);
		}
		let json = serde_json::to_string(receipts).map_err(|e| e.to_string())?;
		store.finish(row.id, &json)?;
		self.finished += 1;
		self.records += receipts.len();
		for path in paths {
			println!("anchored {} -> {}", row.key, path.display());
		}
		Ok(())
	}

	/// Builds a job's receipts from the chain, or returns `None` when the chain does not hold
	/// the job's anchor yet.
	async fn receipts_from_chain(
		&mut self,
		at: &chain::At,
		row: &JobRow,
		included: Option<&Included>,
	) -> Result<Option<Vec<Receipt>>, String> {
		let genesis = hex::encode(self.chain.api.genesis_hash().0);
		match row.kind.as_str() {
			"record" => {
				let job: RecordJob = store::payload(row)?;
				let id = receipt::hex32(&job.record_id)?;
				let view =
					chain::call_at(at, runtime::runtime_apis().anchors_api().record(id)).await?;
				let Some(view) = view else { return Ok(None) };
				let view: medanchor_primitives::anchors::RecordView<u32> = chain::recode(&view)?;
				let Some(version) = view.versions.get(job.version as usize) else {
					return Ok(None);
				};
				// Another journal's anchor of the same content has another salt: its receipt
				// is in that journal, and this job cannot claim it.
				if version.content_hash != job.content_hash
					|| hex::encode(view.patient) != job.patient_ref
				{
					return Ok(None);
				}
				let (block_hash, extrinsic) = self.locate(version.block, &id, included).await?;
				Ok(Some(vec![receipt::for_record(
					&genesis,
					self.institution,
					&job,
					version,
					block_hash,
					extrinsic,
				)]))
			},
			"batch" => {
				let job: BatchJob = store::payload(row)?;
				let id = receipt::hex32(&job.batch_id)?;
				let view =
					chain::call_at(at, runtime::runtime_apis().anchors_api().batch(id)).await?;
				let Some(view) = view else { return Ok(None) };
				let view: medanchor_primitives::anchors::BatchView<u32> = chain::recode(&view)?;
				let leaves = job.leaves()?;
				let root =
					records::batch_root(job.algorithm, &leaves).map_err(|e| format!("{e:?}"))?;
				if view.root.digest != root {
					return Ok(None);
				}
				let (block_hash, extrinsic) = self.locate(view.block, &id, included).await?;
				let leaf_hashes: Vec<[u8; 32]> =
					leaves.iter().map(|leaf| leaf.leaf_hash(job.algorithm)).collect();
				let mut receipts = Vec::with_capacity(leaves.len());
				for (index, member) in job.members.iter().enumerate() {
					let proof = records::inclusion_proof(job.algorithm, &leaf_hashes, index)
						.map_err(|e| format!("{e:?}"))?;
					let batch = BatchProof {
						batch_id: job.batch_id.clone(),
						local_id: job.local_id.clone(),
						leaf_index: index as u64,
						leaf_count: leaves.len() as u32,
						leaf_salt: member.leaf_salt.clone(),
						algorithm: receipt::algorithm_name(job.algorithm).to_string(),
						root: hex::encode(root),
						proof: proof.iter().map(hex::encode).collect(),
					};
					receipts.push(receipt::for_batch_member(
						&genesis,
						self.institution,
						&job,
						member,
						&view,
						block_hash.clone(),
						extrinsic,
						batch,
					));
				}
				Ok(Some(receipts))
			},
			other => Err(format!("journal error: unknown job kind {other}")),
		}
	}

	/// Returns the hash of the block that holds the anchor of `id` and the index of its
	/// extrinsic: from the submission's own result, or else by searching the block.
	async fn locate(
		&mut self,
		block: u32,
		id: &[u8; 32],
		included: Option<&Included>,
	) -> Result<(String, Option<u32>), String> {
		let block_hash = self.block_hash(block).await?;
		let extrinsic = match included {
			Some(included) if included.block_number == block => Some(included.extrinsic_index),
			_ => self.find_extrinsic(&block_hash, id).await?,
		};
		Ok((block_hash, extrinsic))
	}

	async fn block_hash(&mut self, number: u32) -> Result<String, String> {
		if let Some(hash) = self.block_hashes.get(&number) {
			return Ok(hash.clone());
		}
		let hash = self
			.chain
			.block_hash(number)
			.await?
			.ok_or_else(|| format!("the node has no block {number}"))?;
		let hash = hex::encode(hash.0);
		self.block_hashes.insert(number, hash.clone());
		Ok(hash)
	}

	/// Finds the extrinsic of a block whose bytes contain `id`.
	async fn find_extrinsic(&self, block_hash: &str, id: &[u8; 32]) -> Result<Option<u32>, String> {
		self.chain.find_extrinsic(subxt::utils::H256(receipt::hex32(block_hash)?), id).await
	}
}
