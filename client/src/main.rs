//! `medanchor`: canonical hashing, anchoring and verification of medical records.

use clap::{Args, Parser, Subcommand};
use medanchor_client::{
	admin,
	canon::{self, Format},
	chain, facts,
	gateway::{self, Options, Submitter},
	ids,
	messages::Lang,
	receipt,
	store::Store,
	verify::{self, Target},
};
use medanchor_primitives::{
	anchors::{AmendmentReason, EncounterClass},
	records::{ContentHash, HashAlgorithm, RecordKind},
};
use std::{
	collections::HashMap,
	path::{Path, PathBuf},
	process::ExitCode,
	time::{Duration, Instant},
};

#[derive(Parser)]
#[command(
	name = "medanchor",
	version,
	about = "Anchor medical records on MedAnchor (医证链) and verify them"
)]
struct Cli {
	/// WebSocket URL of a MedAnchor node.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// How long to keep retrying an unreachable node, in seconds.
	#[arg(long, global = true, default_value_t = 30)]
	connect_timeout: u64,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Print each file's format, record kind and canonical hash, without a chain.
	Hash(HashArgs),
	/// Anchor files now, wait for finality and write a receipt per record.
	Anchor(AnchorArgs),
	/// Anchor every new or changed file in a folder as it appears (gateway mode).
	Watch(WatchArgs),
	/// Verify a presented document against the chain and print the evidence report.
	Verify(VerifyArgs),
	/// Receipts.
	#[command(subcommand)]
	Receipt(ReceiptCommand),
	/// Set-up helpers for development chains.
	#[command(subcommand)]
	Admin(AdminCommand),
}

#[derive(Args, Clone)]
struct ContentArgs {
	/// Format of the files: json, ndjson, xml, dicom or raw. Detected from the name and the
	/// content when not given.
	#[arg(long, value_parser = parse_format)]
	format: Option<Format>,
	/// Hash the files' bytes as they are, whatever they contain.
	#[arg(long, conflicts_with = "format")]
	raw: bool,
	/// Hash algorithm: blake2b-256, sha256 or sm3.
	#[arg(long, default_value = "blake2b-256", value_parser = parse_algorithm)]
	algorithm: HashAlgorithm,
}

impl ContentArgs {
	fn format(&self) -> Option<Format> {
		if self.raw {
			Some(Format::Raw)
		} else {
			self.format
		}
	}
}

#[derive(Args)]
struct HashArgs {
	#[command(flatten)]
	content: ContentArgs,
	/// Write the canonical bytes of the file to standard output instead.
	#[arg(long)]
	canonical: bool,
	/// Print JSON.
	#[arg(long)]
	json: bool,
	/// Institution id; with it, the chain's record id of each file is printed too.
	#[arg(long)]
	institution: Option<u32>,
	#[arg(required = true)]
	files: Vec<PathBuf>,
}

#[derive(Args, Clone)]
struct GatewayArgs {
	#[command(flatten)]
	content: ContentArgs,
	/// The institution's entity id on chain.
	#[arg(long)]
	institution: u32,
	/// Secret URI of the gateway account (for example //Eve on a dev chain).
	#[arg(long)]
	signer: String,
	/// The signer is an evidence storage platform that the institution delegated anchoring
	/// to, rather than the institution's own gateway.
	#[arg(long)]
	as_platform: bool,
	/// Folder of the journal and the receipts.
	#[arg(long, default_value = ".medanchor")]
	state_dir: PathBuf,
	/// Record kind, overriding the detected one.
	#[arg(long, value_parser = parse_kind)]
	kind: Option<RecordKind>,
	/// Encounter class when the record does not state it: outpatient, emergency, inpatient.
	#[arg(long, default_value = "outpatient", value_parser = parse_class)]
	class: EncounterClass,
	/// Patient identifier, overriding the one in the record.
	#[arg(long)]
	patient: Option<String>,
	/// Encounter identifier, overriding the one in the record.
	#[arg(long)]
	encounter: Option<String>,
	/// Generation time (RFC 3339 or milliseconds since the epoch); the file's modification
	/// time when not given.
	#[arg(long, value_parser = parse_time)]
	generated_at: Option<u64>,
	/// Reason recorded with amendments: correction, supplement, senior-review,
	/// patient-request, other.
	#[arg(long, default_value = "correction", value_parser = parse_reason)]
	reason: AmendmentReason,
	/// Submissions in flight at most.
	#[arg(long, default_value_t = 64)]
	max_in_flight: usize,
}

impl GatewayArgs {
	fn options(&self, batch_streams: bool, wait_for_newline: bool) -> Options {
		Options {
			institution: self.institution,
			algorithm: self.content.algorithm,
			format: self.content.format(),
			kind: self.kind,
			class: self.class,
			patient: self.patient.clone(),
			encounter: self.encounter.clone(),
			generated_at: self.generated_at,
			reason: self.reason,
			batch_streams,
			wait_for_newline,
		}
	}
}

#[derive(Args)]
struct AnchorArgs {
	#[command(flatten)]
	gateway: GatewayArgs,
	/// Anchor NDJSON files as one Merkle batch each.
	#[arg(long)]
	batch: bool,
	/// Folder the local record ids are relative to, as `watch` names them (for example the
	/// watched folder, so that a changed file is anchored as an amendment of its record).
	/// Without it, a file's local id is its name.
	#[arg(long)]
	base: Option<PathBuf>,
	#[arg(required = true)]
	files: Vec<PathBuf>,
}

#[derive(Args)]
struct WatchArgs {
	#[command(flatten)]
	gateway: GatewayArgs,
	/// Scan interval in milliseconds; new lines of NDJSON streams become one batch per scan.
	#[arg(long, default_value_t = 1000)]
	interval_ms: u64,
	/// Stop once every file present is anchored and final.
	#[arg(long)]
	exit_when_idle: bool,
	/// Anchor NDJSON files as records, one per line, instead of batches of new lines.
	#[arg(long)]
	no_batch: bool,
	dir: PathBuf,
}

#[derive(Args)]
struct VerifyArgs {
	#[command(flatten)]
	content: ContentArgs,
	/// The record's receipt.
	#[arg(long, conflicts_with_all = ["record_id", "local_id"])]
	receipt: Option<PathBuf>,
	/// The chain's record id (hex).
	#[arg(long, conflicts_with = "local_id")]
	record_id: Option<String>,
	/// The institution's local record id; needs --institution.
	#[arg(long, requires = "institution")]
	local_id: Option<String>,
	#[arg(long)]
	institution: Option<u32>,
	/// Line of the record in an NDJSON file.
	#[arg(long)]
	line: Option<usize>,
	/// Case number (案号) whose evidence report adds the record's seals, verdicts and
	/// judicial queries, for example （2026）京0105民初12345号.
	#[arg(long)]
	case: Option<String>,
	/// Report language: zh (简体中文) or en; from the locale when not given.
	#[arg(long)]
	lang: Option<String>,
	/// Print the report as JSON.
	#[arg(long)]
	json: bool,
	file: PathBuf,
}

#[derive(Subcommand)]
enum ReceiptCommand {
	/// Check every statement of a receipt against the chain.
	Verify {
		/// Print the checks as JSON.
		#[arg(long)]
		json: bool,
		receipts: Vec<PathBuf>,
	},
}

#[derive(Subcommand)]
enum AdminCommand {
	/// Register a hospital and its gateway account through the sudo key of a dev chain.
	RegisterHospital {
		#[arg(long, default_value = "//Alice")]
		sudo: String,
		#[arg(long)]
		admin: String,
		#[arg(long)]
		gateway: String,
		#[arg(long)]
		name: String,
		#[arg(long)]
		credit_code: String,
		#[arg(long)]
		licence: String,
		#[arg(long, default_value = "110105")]
		region: String,
	},
	/// Open a case as a court's clerk, for the patient of a receipt.
	OpenCase {
		/// Secret URI of the clerk account.
		#[arg(long)]
		clerk: String,
		/// Case number (案号), for example （2026）京0105民初12345号.
		#[arg(long)]
		number: String,
		/// Entity ids of the institutions involved.
		#[arg(long, required = true, num_args = 1..)]
		institution: Vec<u32>,
		/// A receipt of one of the patient's records; it gives the patient reference.
		#[arg(long)]
		receipt: PathBuf,
	},
	/// Register a court and its clerk through the sudo key of a dev chain.
	RegisterCourt {
		#[arg(long, default_value = "//Alice")]
		sudo: String,
		#[arg(long)]
		clerk: String,
		/// Court designator (法院代字), for example 京0105.
		#[arg(long)]
		designator: String,
		#[arg(long)]
		name: String,
		#[arg(long, default_value = "110105")]
		region: String,
	},
}

fn parse_format(value: &str) -> Result<Format, String> {
	Format::from_name(value)
		.ok_or_else(|| format!("unknown format \"{value}\"; use json, ndjson, xml, dicom or raw"))
}

fn parse_algorithm(value: &str) -> Result<HashAlgorithm, String> {
	receipt::algorithm_from_name(value)
		.ok_or_else(|| format!("unknown algorithm \"{value}\"; use blake2b-256, sha256 or sm3"))
}

fn parse_kind(value: &str) -> Result<RecordKind, String> {
	let wanted: String =
		value.chars().filter(|c| *c != '-' && *c != '_').collect::<String>().to_lowercase();
	RecordKind::ALL.iter().copied().find(|k| format!("{k:?}").to_lowercase() == wanted).ok_or_else(
		|| {
			let names: Vec<String> = RecordKind::ALL.iter().map(|k| format!("{k:?}")).collect();
			format!("unknown record kind \"{value}\"; use one of {}", names.join(", "))
		},
	)
}

fn parse_class(value: &str) -> Result<EncounterClass, String> {
	match value.to_lowercase().as_str() {
		"outpatient" => Ok(EncounterClass::Outpatient),
		"emergency" => Ok(EncounterClass::Emergency),
		"inpatient" => Ok(EncounterClass::Inpatient),
		_ => Err(format!(
			"unknown encounter class \"{value}\"; use outpatient, emergency or inpatient"
		)),
	}
}

fn parse_reason(value: &str) -> Result<AmendmentReason, String> {
	match value.to_lowercase().as_str() {
		"correction" => Ok(AmendmentReason::Correction),
		"supplement" => Ok(AmendmentReason::Supplement),
		"senior-review" => Ok(AmendmentReason::SeniorReview),
		"patient-request" => Ok(AmendmentReason::PatientRequest),
		"other" => Ok(AmendmentReason::Other),
		_ => Err(format!(
			"unknown amendment reason \"{value}\"; use correction, supplement, senior-review, \
			 patient-request or other"
		)),
	}
}

fn parse_time(value: &str) -> Result<u64, String> {
	if let Ok(millis) = value.parse::<u64>() {
		return Ok(millis);
	}
	facts::parse_datetime(value).ok_or_else(|| {
		format!(
			"invalid time \"{value}\"; use RFC 3339 with an offset or milliseconds since the epoch"
		)
	})
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match &cli.command {
		Command::Hash(args) => hash(args),
		Command::Anchor(args) => anchor(&cli, args).await,
		Command::Watch(args) => watch(&cli, args).await,
		Command::Verify(args) => verify_file(&cli, args).await,
		Command::Receipt(ReceiptCommand::Verify { json, receipts }) => {
			verify_receipts(&cli, *json, receipts).await
		},
		Command::Admin(command) => admin_command(&cli, command).await,
	};
	match result {
		Ok(code) => ExitCode::from(code),
		Err(message) => {
			eprintln!("error: {message}");
			ExitCode::from(1)
		},
	}
}

fn hash(args: &HashArgs) -> Result<u8, String> {
	if args.canonical && args.files.len() != 1 {
		return Err("--canonical writes one file's canonical bytes; give exactly one file".into());
	}
	let mut failed = false;
	let mut rows = Vec::new();
	for path in &args.files {
		let content = match std::fs::read(path) {
			Ok(content) => content,
			Err(e) => {
				eprintln!("error: {}: cannot read: {e}", path.display());
				failed = true;
				continue;
			},
		};
		let format = args.content.format().unwrap_or_else(|| canon::detect(path, &content));
		let records = match canon::canonicalize(format, &content) {
			Ok(records) => records,
			Err(e) => {
				eprintln!(
					"error: {}: not valid {} ({e}); use --raw to hash its bytes",
					path.display(),
					format.name().to_uppercase()
				);
				failed = true;
				continue;
			},
		};
		if args.canonical {
			use std::io::Write;
			let mut out = std::io::stdout().lock();
			for record in &records {
				out.write_all(&record.bytes).map_err(|e| e.to_string())?;
				if record.line.is_some() {
					out.write_all(b"\n").map_err(|e| e.to_string())?;
				}
			}
			return Ok(0);
		}
		let base = path.parent().unwrap_or(Path::new(""));
		for record in &records {
			let found = facts::read(&record.parsed);
			let kind = facts::detected_kind(&found, format).unwrap_or(RecordKind::Other);
			let digest = ContentHash::of(args.content.algorithm, &record.bytes);
			let local = match record.line {
				Some(line) => format!("{}#L{line}", gateway::local_id(base, path)),
				None => gateway::local_id(base, path),
			};
			let record_id = args.institution.map(|i| hex::encode(ids::record_id(i, &local)));
			rows.push(serde_json::json!({
				"file": path.display().to_string(),
				"line": record.line,
				"format": format.name(),
				"kind": format!("{kind:?}"),
				"algorithm": receipt::algorithm_name(digest.algorithm),
				"digest": hex::encode(digest.digest),
				"local_id": local,
				"record_id": record_id,
			}));
		}
	}
	if args.json {
		println!("{}", serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?);
	} else {
		for row in &rows {
			let line = row["line"].as_u64().map_or("-".to_string(), |l| l.to_string());
			print!(
				"{}\t{}\t{}\t{}\t{}:{}",
				row["file"].as_str().unwrap_or(""),
				line,
				row["format"].as_str().unwrap_or(""),
				row["kind"].as_str().unwrap_or(""),
				row["algorithm"].as_str().unwrap_or(""),
				row["digest"].as_str().unwrap_or("")
			);
			if let Some(id) = row["record_id"].as_str() {
				print!("\trecord {id}");
			}
			println!();
		}
	}
	Ok(if failed { 1 } else { 0 })
}

/// A state folder that one gateway process uses at a time; the lock ends with the process.
struct StateLock {
	_file: std::fs::File,
}

fn lock_state_dir(dir: &Path) -> Result<StateLock, String> {
	std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
	let path = dir.join("gateway.lock");
	let file = std::fs::OpenOptions::new()
		.create(true)
		.truncate(false)
		.write(true)
		.open(&path)
		.map_err(|e| format!("cannot open {}: {e}", path.display()))?;
	match file.try_lock() {
		Ok(()) => Ok(StateLock { _file: file }),
		Err(std::fs::TryLockError::WouldBlock) => Err(format!(
			"another medanchor process is using {}; two gateways on one journal would submit the \
			 same records with clashing nonces. Stop the other one or use another --state-dir",
			dir.display()
		)),
		Err(std::fs::TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
	}
}

async fn gateway_setup(
	cli: &Cli,
	args: &GatewayArgs,
) -> Result<(Store, Submitter, StateLock), String> {
	let signer = chain::keypair(&args.signer)?;
	let lock = lock_state_dir(&args.state_dir)?;
	let mut store = Store::open(&args.state_dir.join("journal.sqlite"))?;
	let chain = chain::connect(&cli.url, Duration::from_secs(cli.connect_timeout)).await?;
	let genesis = hex::encode(chain.api.genesis_hash().0);
	match store.meta("genesis")? {
		Some(stored) if stored != genesis => {
			return Err(format!(
				"the journal in {} belongs to the chain with genesis {stored}, but the node at {} \
				 runs genesis {genesis}; use another --state-dir for another chain",
				args.state_dir.display(),
				cli.url
			))
		},
		Some(_) => {},
		None => store.set_meta("genesis", &genesis)?,
	}
	// NOTE: --institution is not checked against the signer's binding: a wrong id derives the
	// record ids from the wrong institution, and `receipt verify` then reports a mismatch.
	// An evidence storage platform names the institution it acts for; a gateway names none.
	let on_behalf_of = args.as_platform.then_some(args.institution);
	let mut submitter = Submitter::new(
		chain,
		signer,
		args.institution,
		on_behalf_of,
		args.state_dir.join("receipts"),
	);
	submitter.max_in_flight = args.max_in_flight.max(1);
	let requeued = store.requeue_failed()?;
	if requeued > 0 {
		eprintln!("{requeued} job(s) that failed in an earlier run are tried again");
	}
	let recovered = submitter.reconcile(&mut store).await?;
	if recovered > 0 {
		eprintln!("{recovered} journaled job(s) were already on chain and are now final");
	}
	Ok((store, submitter, lock))
}

async fn drain(
	store: &mut Store,
	submitter: &mut Submitter,
	patience: Duration,
) -> Result<(), String> {
	loop {
		submitter.pump(store).await?;
		if submitter.disconnected && !submitter.busy() {
			submitter.reconnect(store, patience).await.map_err(|error| {
				format!("{error}\nThe journal keeps every record; run the command again to resume.")
			})?;
			continue;
		}
		let pending = store.jobs(medanchor_client::store::PENDING)?.len();
		if pending == 0 && !submitter.busy() {
			return Ok(());
		}
		submitter.collect(store, Duration::from_millis(500)).await?;
	}
}

async fn anchor(cli: &Cli, args: &AnchorArgs) -> Result<u8, String> {
	let (mut store, mut submitter, _lock) = gateway_setup(cli, &args.gateway).await?;
	let options = args.gateway.options(args.batch, false);
	let mut file_errors = 0;
	let mut files = args.files.clone();
	files.sort_by_key(|path| {
		let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
		(modified, path.clone())
	});
	let mut local_ids: HashMap<String, PathBuf> = HashMap::new();
	for path in &files {
		let base = match &args.base {
			Some(base) => base.as_path(),
			None => path.parent().unwrap_or(Path::new("")),
		};
		if args.base.is_some() && !path.starts_with(base) {
			eprintln!("error: {} is not inside --base {}", path.display(), base.display());
			file_errors += 1;
			continue;
		}
		let local = gateway::local_id(base, path);
		if let Some(first) = local_ids.get(&local) {
			eprintln!(
				"error: {} and {} both have the local record id \"{local}\"; anchor them with \
				 --base naming their common folder so that each keeps its own record",
				first.display(),
				path.display()
			);
			file_errors += 1;
			continue;
		}
		local_ids.insert(local, path.clone());
		if let Err(error) = gateway::journal_file(&mut store, base, path, &options) {
			eprintln!("error: {error}");
			file_errors += 1;
		}
	}
	let started = Instant::now();
	drain(&mut store, &mut submitter, Duration::from_secs(cli.connect_timeout)).await?;
	report_failures(&store)?;
	eprintln!(
		"{} record(s) in {} job(s) final, {} job(s) failed, {file_errors} file(s) rejected, in {:.1} s",
		submitter.records,
		submitter.finished,
		submitter.failed,
		started.elapsed().as_secs_f64()
	);
	Ok(if submitter.failed > 0 || file_errors > 0 { 1 } else { 0 })
}

fn report_failures(store: &Store) -> Result<(), String> {
	for (key, error) in store.failures()? {
		eprintln!("failed: {key}: {error}");
	}
	Ok(())
}

fn scan(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
	for entry in std::fs::read_dir(dir)? {
		let entry = entry?;
		let path = entry.path();
		let hidden = entry.file_name().to_string_lossy().starts_with('.');
		if hidden || path == skip {
			continue;
		}
		let file_type = entry.file_type()?;
		if file_type.is_dir() {
			scan(&path, skip, out)?;
		} else if file_type.is_file() {
			out.push(path);
		}
	}
	Ok(())
}

async fn watch(cli: &Cli, args: &WatchArgs) -> Result<u8, String> {
	if !args.dir.is_dir() {
		return Err(format!("{} is not a folder", args.dir.display()));
	}
	let (mut store, mut submitter, _lock) = gateway_setup(cli, &args.gateway).await?;
	let options = args.gateway.options(!args.no_batch, true);
	let interval = Duration::from_millis(args.interval_ms.max(50));
	let skip = std::fs::canonicalize(&args.gateway.state_dir).unwrap_or_default();
	// A file is journaled once its size and modification time are the same in two scans, so
	// a file still being written is not anchored half-written. Stream files are read up to
	// their last complete line on every scan.
	let mut seen: HashMap<PathBuf, (u64, std::time::SystemTime)> = HashMap::new();
	let mut reported: HashMap<PathBuf, String> = HashMap::new();
	let started = Instant::now();
	let mut stop = Box::pin(tokio::signal::ctrl_c());
	eprintln!(
		"watching {} (interval {} ms); Ctrl-C stops",
		args.dir.display(),
		interval.as_millis()
	);
	loop {
		let mut files = Vec::new();
		scan(&args.dir, &skip, &mut files)
			.map_err(|e| format!("cannot read {}: {e}", args.dir.display()))?;
		// Oldest first, so records of one encounter are numbered in the order they were written.
		files.sort_by_key(|path| {
			let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
			(modified, path.clone())
		});
		let mut unsettled = false;
		for path in files {
			let Ok(metadata) = std::fs::metadata(&path) else { continue };
			let stamp = (metadata.len(), metadata.modified().unwrap_or(std::time::UNIX_EPOCH));
			let previous = seen.insert(path.clone(), stamp);
			let is_stream =
				!args.no_batch && path.extension().is_some_and(|e| e == "ndjson" || e == "jsonl");
			if previous != Some(stamp) && !is_stream {
				unsettled = true;
				continue;
			}
			match gateway::journal_file(&mut store, &args.dir, &path, &options) {
				Ok(_) => {
					reported.remove(&path);
				},
				Err(error) if reported.get(&path) != Some(&error.message) => {
					eprintln!("error: {error}");
					reported.insert(path.clone(), error.message);
				},
				Err(_) => {},
			}
		}
		submitter.pump(&mut store).await?;
		tokio::select! {
			result = submitter.collect(&mut store, interval) => {
				result?;
				if submitter.disconnected && !submitter.busy() {
					// The gateway keeps trying for an hour; the journal keeps every record.
					submitter.reconnect(&mut store, Duration::from_secs(3600)).await?;
				}
			},
			_ = &mut stop => {
				eprintln!("stopping: waiting for submissions in flight");
				let _ = tokio::time::timeout(Duration::from_secs(60), drain_in_flight(&mut store, &mut submitter)).await;
				break;
			},
		}
		let pending = store.jobs(medanchor_client::store::PENDING)?.len();
		// Rejected files do not keep the gateway waiting: they are listed at the end, and the
		// exit status says so.
		if args.exit_when_idle && !unsettled && pending == 0 && !submitter.busy() {
			break;
		}
	}
	let elapsed = started.elapsed().as_secs_f64();
	report_failures(&store)?;
	eprintln!(
		"{} record(s) in {} job(s) final, {} job(s) failed, in {elapsed:.1} s ({:.1} records/s)",
		submitter.records,
		submitter.finished,
		submitter.failed,
		submitter.records as f64 / elapsed.max(0.001)
	);
	for (state, count) in store.counts()? {
		eprintln!("journal: {count} {state}");
	}
	for (path, message) in &reported {
		eprintln!("rejected: {}: {message}", path.display());
	}
	Ok(if submitter.failed > 0 || !reported.is_empty() { 1 } else { 0 })
}

async fn drain_in_flight(store: &mut Store, submitter: &mut Submitter) -> Result<(), String> {
	while submitter.busy() {
		submitter.collect(store, Duration::from_millis(500)).await?;
	}
	Ok(())
}

async fn verify_file(cli: &Cli, args: &VerifyArgs) -> Result<u8, String> {
	let lang = match &args.lang {
		Some(value) => Lang::parse(value)
			.ok_or_else(|| format!("unknown language \"{value}\"; use zh or en"))?,
		None => Lang::from_locale(),
	};
	let target = match (&args.receipt, &args.record_id, &args.local_id) {
		(Some(path), _, _) => Target::Receipt(Box::new(receipt::read(path)?)),
		(_, Some(id), _) => Target::RecordId(receipt::hex32(id)?),
		(_, _, Some(local)) => {
			let institution = args.institution.ok_or("--local-id needs --institution")?;
			Target::RecordId(ids::record_id(institution, local))
		},
		_ => {
			return Err(
				"name the record: give --receipt, --record-id or --local-id with --institution"
					.into(),
			)
		},
	};
	if let (Target::Receipt(receipt), Some(line)) = (&target, args.line) {
		if receipt.line.is_some_and(|own| own != line) || receipt.line.is_none() {
			return Err(format!(
				"--line {line} contradicts the receipt, which names {}",
				receipt.line.map_or("a whole file".to_string(), |own| format!("line {own}"))
			));
		}
	}
	let chain = chain::connect(&cli.url, Duration::from_secs(cli.connect_timeout)).await?;
	if let Target::Receipt(receipt) = &target {
		let genesis = hex::encode(chain.api.genesis_hash().0);
		if receipt.chain != genesis {
			return Err(format!(
				"the receipt belongs to the chain with genesis {}, but the node at {} runs genesis \
				 {genesis}; verify against a node of the receipt's chain",
				receipt.chain, cli.url
			));
		}
	}
	let report = verify::verify(
		&chain,
		&args.file,
		args.content.format(),
		&target,
		args.line,
		args.case.as_deref(),
	)
	.await?;
	if args.json {
		println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
	} else {
		print!("{}", verify::render(&report, lang));
	}
	Ok(report.exit_code() as u8)
}

async fn verify_receipts(cli: &Cli, json: bool, paths: &[PathBuf]) -> Result<u8, String> {
	if paths.is_empty() {
		return Err("give at least one receipt file".into());
	}
	let chain = chain::connect(&cli.url, Duration::from_secs(cli.connect_timeout)).await?;
	let mut all_ok = true;
	let mut unreadable = false;
	let mut results = Vec::new();
	for path in paths {
		let checks = match receipt::read(path) {
			Ok(receipt) => verify::check_receipt(&chain, &receipt).await?,
			Err(error) => {
				eprintln!("error: {error}");
				unreadable = true;
				continue;
			},
		};
		let ok = checks.iter().all(|c| c.ok);
		all_ok &= ok;
		if json {
			results.push(
				serde_json::json!({ "receipt": path.display().to_string(), "valid": ok, "checks": checks }),
			);
		} else {
			println!("{}: {}", path.display(), if ok { "VALID 有效" } else { "INVALID 无效" });
			for check in checks {
				println!(
					"  [{}] {}: {}",
					if check.ok { "ok" } else { "FAIL" },
					check.what,
					check.detail
				);
			}
		}
	}
	if json {
		println!("{}", serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?);
	}
	Ok(if unreadable {
		1
	} else if all_ok {
		0
	} else {
		verify::EXIT_MISMATCH as u8
	})
}

async fn admin_command(cli: &Cli, command: &AdminCommand) -> Result<u8, String> {
	let chain = chain::connect(&cli.url, Duration::from_secs(cli.connect_timeout)).await?;
	match command {
		AdminCommand::RegisterHospital {
			sudo,
			admin: admin_uri,
			gateway,
			name,
			credit_code,
			licence,
			region,
		} => {
			let hospital = admin::Hospital { name, credit_code, licence, region };
			let entity = admin::register_hospital(
				&chain,
				&chain::keypair(sudo)?,
				&hospital,
				&chain::keypair(admin_uri)?,
				&chain::keypair(gateway)?,
			)
			.await?;
			println!("{entity}");
		},
		AdminCommand::OpenCase { clerk, number, institution, receipt: path } => {
			let receipt = receipt::read(path)?;
			let patient = receipt::hex32(&receipt.patient.reference)?;
			let case = admin::open_case(
				&chain,
				&chain::keypair(clerk)?,
				number,
				institution.clone(),
				patient,
			)
			.await?;
			println!("{case}");
		},
		AdminCommand::RegisterCourt { sudo, clerk, designator, name, region } => {
			let court = admin::register_court(
				&chain,
				&chain::keypair(sudo)?,
				designator,
				name,
				region,
				&chain::keypair(clerk)?,
			)
			.await?;
			println!("{court}");
		},
	}
	Ok(0)
}
