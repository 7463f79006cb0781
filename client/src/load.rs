//! Load generator for the throughput, latency and state-size benchmarks.
//!
//! One run registers its own hospitals and payers on a development chain, or reuses those an
//! earlier run on the same chain registered. It then drives each workload in turn: balance
//! transfers, single-record anchors, many-record anchor calls and batch anchors, the same
//! number of extrinsics each. Extrinsics are signed by a
//! producer task just before they are needed and submitted concurrently with explicit nonces,
//! while a tracker follows the best and finalized heads and times every extrinsic from its
//! `generated_at` to its block and to finality.

use crate::chain::{self, runtime, Chain};
use crate::now_millis;
use codec::{Compact, Decode};
use medanchor_primitives::{institutions::AccountRole as Role, records::HashAlgorithm};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use subxt::rpcs::{rpc_params, RpcClient};
use subxt_signer::sr25519::Keypair;
use tokio::sync::Notify;

/// Valid Unified Social Credit Codes of fictitious public institutions (Chaoyang District,
/// Beijing, organization codes `MA900001` to `MA900008`), one per benchmark hospital.
const CREDIT_CODES: [&str; 8] = [
	"12110105MA90000110",
	"12110105MA900002XP",
	"12110105MA9000038P",
	"12110105MA9000046J",
	"12110105MA9000054D",
	"12110105MA90000628",
	"12110105MA90000703",
	"12110105MA90000890",
];

/// Maximum number of senders in a run: one hospital per credit code.
pub const MAX_SENDERS: u32 = CREDIT_CODES.len() as u32;

/// The in-flight window never shrinks below this.
const MIN_WINDOW: usize = 16;

/// The in-flight window never grows past this, well inside the pool's default limit of 8,192
/// ready transactions.
const MAX_WINDOW: usize = 6_000;

/// Storage items left out of the state added by a workload: those cleared at every block,
/// and the per-block bookkeeping (the bounded ring of recent block hashes, the block's
/// weight) that grows with blocks, not with records.
const TRANSIENT: [&str; 5] = [
	"System.Events",
	"System.EventCount",
	"System.EventTopics",
	"System.BlockHash",
	"System.BlockWeight",
];

/// Blocks an extrinsic stays valid for, counted from the phase's start: the longest era
/// the runtime's 2,400 stored block hashes allow, so a phase may last about 100 minutes.
const ERA_BLOCKS: u64 = 2_048;

/// A phase ends with an error when no extrinsic of it moved for this long.
const STALL: Duration = Duration::from_secs(90);

/// The kind of extrinsic one phase submits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
	/// `balances.transfer_keep_alive` between existing accounts.
	Transfers,
	/// `anchors.anchor_record`: one record per extrinsic, a sender's encounters one after
	/// another.
	SingleAnchors,
	/// `anchors.anchor_record`: one record per extrinsic, each to the next of a sender's open
	/// encounters in turn, so that a block seldom holds two records of one encounter.
	SpreadAnchors,
	/// `anchors.anchor_records`: several records of one encounter per extrinsic.
	ManyRecords,
	/// `anchors.anchor_batch`: one Merkle root over many records per extrinsic.
	Batches,
}

impl Workload {
	pub const ALL: [Workload; 5] = [
		Workload::Transfers,
		Workload::SingleAnchors,
		Workload::SpreadAnchors,
		Workload::ManyRecords,
		Workload::Batches,
	];

	/// Returns the name used on the command line and in reports.
	pub fn name(self) -> &'static str {
		match self {
			Workload::Transfers => "transfers",
			Workload::SingleAnchors => "single",
			Workload::SpreadAnchors => "spread",
			Workload::ManyRecords => "many",
			Workload::Batches => "batches",
		}
	}

	/// Parses a name given by [`Workload::name`].
	pub fn parse(name: &str) -> Option<Workload> {
		Workload::ALL.into_iter().find(|w| w.name() == name)
	}

	fn label(self, plan: &Plan) -> String {
		match self {
			Workload::Transfers => "balance transfers".into(),
			Workload::SingleAnchors => "single-record anchors".into(),
			Workload::SpreadAnchors => {
				format!("single-record anchors, {} open encounters", plan.open_encounters)
			},
			Workload::ManyRecords => format!("`anchor_records`, {} records", plan.records_per_call),
			Workload::Batches => format!("batches of {} records", plan.leaves_per_batch),
		}
	}

	fn records(self, plan: &Plan) -> u64 {
		match self {
			Workload::Transfers => 0,
			Workload::SingleAnchors | Workload::SpreadAnchors => 1,
			Workload::ManyRecords => u64::from(plan.records_per_call),
			Workload::Batches => u64::from(plan.leaves_per_batch),
		}
	}
}

/// Settings of one run.
#[derive(Clone, Debug)]
pub struct Plan {
	/// Extrinsics per workload.
	pub extrinsics: u32,
	/// Signing accounts per workload; anchors use one hospital per account.
	pub senders: u32,
	/// Records per `anchor_records` call.
	pub records_per_call: u32,
	/// Members per batch.
	pub leaves_per_batch: u32,
	/// Records per encounter (and patient) in the anchor workloads.
	pub records_per_encounter: u32,
	/// Encounters each sender keeps open at once in the `spread` workload. Each extrinsic
	/// takes the next one in turn, so the records of one encounter spread over blocks, as a
	/// hospital's do.
	pub open_encounters: u32,
	/// Extrinsics submitted and not yet in a block at the start. The window doubles during
	/// the ramp-up, then stays at the maximum one block took.
	pub window: usize,
	/// Process id of the node, for its peak memory.
	pub node_pid: Option<u32>,
	/// The node's log, for the time it took to build each block.
	pub node_log: Option<std::path::PathBuf>,
	/// Workloads to run, in order.
	pub workloads: Vec<Workload>,
}

/// Figures measured in one phase.
#[derive(Clone, Debug, Default)]
pub struct Measurement {
	pub label: String,
	pub workload: String,
	pub extrinsics: u64,
	pub records: u64,
	/// Extrinsics that reached a block but failed there.
	pub failed: u64,
	/// Submissions the pool turned away for being full and that were sent again.
	pub pool_retries: u64,
	pub included_per_s: f64,
	pub finalized_per_s: f64,
	pub records_included_per_s: f64,
	pub records_finalized_per_s: f64,
	/// Extrinsics per second in full blocks: the mean a full block took over the block time;
	/// `None` when no block filled up.
	pub sustained_per_s: Option<f64>,
	pub sustained_records_per_s: Option<f64>,
	pub inclusion_p50_ms: u64,
	pub inclusion_p99_ms: u64,
	pub finality_p50_ms: u64,
	pub finality_p99_ms: u64,
	/// p99 from generation to finality over every extrinsic, the ramp-up included.
	pub finality_all_p99_ms: u64,
	/// Extrinsics the latency percentiles above are taken over.
	pub latency_counted: u64,
	pub blocks: u64,
	/// Blocks that took at least nine tenths of the maximum any block took.
	pub full_blocks: u64,
	pub max_per_block: u64,
	/// Normal-class weight used, as a share of its limit: the fullest block and the mean of
	/// the full blocks.
	pub weight_fullness_max: f64,
	pub weight_fullness_mean: f64,
	/// Block length used, as a share of the normal-class limit: the fullest block.
	pub length_fullness_max: f64,
	/// Mean real time the node took to build a full block, from its log.
	pub build_ms_mean: Option<f64>,
	/// Weight charged per extrinsic in full blocks, in microseconds.
	pub charged_us: f64,
	/// Weight declared for the extrinsic before dispatch, in microseconds, with the base
	/// weight of an extrinsic as in `charged_us`.
	pub declared_us: Option<f64>,
	pub state_bytes: i64,
	pub state_bytes_per_record: f64,
	/// State added by storage item: (pallet.item, bytes).
	pub state_by_item: Vec<(String, i64)>,
	pub peak_memory_kib: Option<u64>,
	pub limit: String,
	pub seconds: f64,
}

/// Per-extrinsic progress, written by the tracker.
#[derive(Clone, Debug, Default)]
struct Progress {
	generated_at: u64,
	records: u64,
	included: Option<(u32, u64)>,
	finalized_at: Option<u64>,
	extrinsic_index: u32,
	sender: usize,
	/// Submitted after the ramp-up, when blocks were full.
	steady: bool,
}

#[derive(Default)]
struct Tracker {
	pending: HashMap<[u8; 32], usize>,
	progress: Vec<Progress>,
	/// Blocks that carried the workload: hash, its extrinsics, body length, whether full.
	by_block: BTreeMap<u32, (chain::BlockHash, Vec<usize>, usize, bool)>,
	finalized: u32,
	last_change: u64,
	/// Extrinsics allowed in flight now, over all senders.
	window: usize,
	/// Extrinsics submitted and not yet in a block, by sender.
	in_flight: Vec<usize>,
	/// Whether a block has left extrinsics of the workload behind: the window has found
	/// the block's capacity and the ramp-up is over.
	full: bool,
	/// The first extrinsic submitted, for its declared weight.
	sample: Option<Vec<u8>>,
	/// The error that stopped the tracking of the chain, if any.
	failure: Option<String>,
	/// Extrinsics one sender may have in flight, so that no block takes more of one
	/// hospital's anchors than its rate limit allows.
	sender_cap: usize,
}

impl Tracker {
	/// Adapts the window to one block's outcome. During the ramp-up, while blocks are not
	/// full, the window doubles. The first full block shows the block's capacity: from then
	/// on the window is the maximum one block took, so blocks stay full and an extrinsic
	/// waits for the next block only.
	fn adapt(&mut self, included: usize, block_full: bool) {
		if !self.full && block_full {
			self.full = true;
			self.window = included;
		} else if self.full {
			self.window = self.window.max(included);
		} else {
			self.window = self.window.saturating_mul(2);
		}
		self.window = self.window.clamp(MIN_WINDOW, MAX_WINDOW);
	}

	/// Returns whether `sender` may submit another extrinsic. Each sender gets an equal
	/// share of the window, so blocks take the senders' extrinsics in turn.
	fn may_submit(&self, sender: usize) -> bool {
		let share = self.window.div_ceil(self.in_flight.len().max(1)).min(self.sender_cap);
		self.in_flight.get(sender).is_some_and(|n| *n < share)
	}
}

/// A signed extrinsic ready for the pool.
struct Signed {
	bytes: Vec<u8>,
	hash: [u8; 32],
	generated_at: u64,
	records: u64,
}

/// Accounts and institutions a run set up.
struct Actors {
	payers: Vec<Keypair>,
	payee: subxt::utils::AccountId32,
	gateways: Vec<(Keypair, u32)>,
}

fn derive(path: &str) -> Result<Keypair, String> {
	chain::keypair(&format!("//MedAnchorLoad//{path}"))
}

fn account(keypair: &Keypair) -> subxt::utils::AccountId32 {
	keypair.public_key().into()
}

fn random32() -> Result<[u8; 32], String> {
	let mut bytes = [0u8; 32];
	getrandom::getrandom(&mut bytes).map_err(|e| format!("no system randomness: {e}"))?;
	Ok(bytes)
}

fn tx_hash(bytes: &[u8]) -> [u8; 32] {
	HashAlgorithm::Blake2b256.hash(&[bytes])
}

/// Signs and submits calls of one signer with consecutive nonces, then waits until all are
/// final and successful; returns their events.
async fn submit_all<Call: subxt::transactions::Payload>(
	chain: &Chain,
	signer: &Keypair,
	calls: &[Call],
	what: &str,
) -> Result<Vec<chain::Events>, String> {
	let mut tx = chain::tx_client(chain).await.map_err(|e| format!("{what}: {e}"))?;
	let first = chain.next_nonce(signer).await?;
	let mut waiting = Vec::new();
	for (offset, call) in calls.iter().enumerate() {
		let progress = chain::sign_and_submit(&mut tx, call, signer, Some(first + offset as u64))
			.await
			.map_err(|e| format!("{what}: {e}"))?;
		waiting.push(chain::finalized(chain, progress));
	}
	let mut events = Vec::new();
	for outcome in futures::future::join_all(waiting).await {
		events.push(outcome.map(|(_, events)| events).map_err(|e| format!("{what}: {e}"))?);
	}
	Ok(events)
}

/// Funds the payers, registers one hospital per sender and binds a gateway account to each.
async fn set_up(chain: &Chain, senders: u32) -> Result<Actors, String> {
	use runtime::runtime_types::{
		medanchor_primitives::institutions::{AccountRole, EntityKind},
		pallet_institutions::types::HospitalGrade,
	};
	let sudo = chain::keypair("//Alice")?;
	let payers =
		(0..senders).map(|i| derive(&format!("payer//{i}"))).collect::<Result<Vec<_>, _>>()?;
	let admins =
		(0..senders).map(|i| derive(&format!("admin//{i}"))).collect::<Result<Vec<_>, _>>()?;
	let gateways =
		(0..senders).map(|i| derive(&format!("gateway//{i}"))).collect::<Result<Vec<_>, _>>()?;
	let payee = derive("payee")?;

	eprintln!("setting up {senders} payers and {senders} hospitals");
	let mut funded: Vec<&Keypair> = vec![&payee];
	funded.extend(payers.iter().chain(admins.iter()).chain(gateways.iter()));
	let transfers: Vec<_> = funded
		.iter()
		.map(|k| {
			runtime::tx().balances().transfer_keep_alive(
				subxt::utils::MultiAddress::Id(account(k)),
				10_000 * crate::admin::UNIT,
			)
		})
		.collect();
	submit_all(chain, &sudo, &transfers, "funding the benchmark accounts").await?;

	// An earlier run on the same chain registered the hospitals of its senders; they are
	// reused, and only the others are registered.
	let mut entities: Vec<Option<u32>> = Vec::new();
	for (i, admin) in admins.iter().enumerate() {
		entities.push(match bound_entity(chain, &account(admin)).await? {
			Some((entity, Role::Admin)) => Some(entity),
			Some((entity, role)) => {
				return Err(format!(
					"the benchmark admin account {} acts for entity {entity} as {role:?}, not as \
					 the admin of benchmark hospital {}; use a fresh development chain",
					account(admin),
					i + 1
				))
			},
			None => None,
		});
	}
	let reused = entities.iter().flatten().count();
	if reused > 0 {
		eprintln!("reusing {reused} hospitals registered by an earlier run");
	}
	let registrations: Vec<_> = admins
		.iter()
		.enumerate()
		.filter(|(i, _)| entities[*i].is_none())
		.map(|(i, admin)| {
			let code: [u8; 18] = CREDIT_CODES[i].as_bytes().try_into().unwrap_or([b'0'; 18]);
			runtime::tx().sudo().sudo(runtime::Call::Institutions(
				runtime::institutions::Call::register_entity {
					kind: EntityKind::Hospital,
					name: format!("负载测试医院 {}", i + 1).into_bytes(),
					credit_code: code,
					licence: format!("PDY9000{i}X110105").into_bytes(),
					region: *b"110105",
					grade: Some(HospitalGrade::TertiaryA),
					payout: account(admin),
					admin: account(admin),
				},
			))
		})
		.collect();
	let events = submit_all(chain, &sudo, &registrations, "registering the hospitals").await?;
	let mut registered_entities = Vec::new();
	for events in &events {
		if let Some(Ok(sudid)) = events.find_first::<runtime::sudo::events::Sudid>() {
			if let Err(error) = sudid.sudo_result {
				return Err(format!(
					"registering a benchmark hospital failed: {}; the load generator needs a \
					 fresh development chain",
					crate::admin::describe(chain, &error).await
				));
			}
		}
		let registered = events
			.find_first::<runtime::institutions::events::EntityRegistered>()
			.ok_or("registering a benchmark hospital gave no EntityRegistered event")?
			.map_err(|e| e.to_string())?;
		registered_entities.push(registered.entity);
	}
	let mut registered_entities = registered_entities.into_iter();
	let entities = entities
		.into_iter()
		.map(|known| known.or_else(|| registered_entities.next()))
		.collect::<Option<Vec<u32>>>()
		.ok_or(
			"registering the benchmark hospitals gave fewer EntityRegistered events than calls",
		)?;

	let mut unbound = Vec::new();
	for (i, (gateway, entity)) in gateways.iter().zip(&entities).enumerate() {
		match bound_entity(chain, &account(gateway)).await? {
			Some((bound, Role::Gateway)) if bound == *entity => {},
			Some((bound, role)) => {
				return Err(format!(
					"the benchmark gateway account {} acts for entity {bound} as {role:?}, not \
					 as the gateway of benchmark hospital {} (entity {entity}); use a fresh \
					 development chain",
					account(gateway),
					i + 1
				))
			},
			None => unbound.push(i),
		}
	}
	let bindings = unbound.into_iter().map(|i| {
		let call = runtime::tx().institutions().add_account(
			entities[i],
			account(&gateways[i]),
			AccountRole::Gateway,
		);
		let admin = &admins[i];
		async move { submit_all(chain, admin, &[call], "binding a gateway account").await }
	});
	for outcome in futures::future::join_all(bindings).await {
		outcome?;
	}
	Ok(Actors {
		payers,
		payee: account(&payee),
		gateways: gateways.into_iter().zip(entities).collect(),
	})
}

/// Returns the entity `account_id` acts for and its role there, read from the registry's
/// `AccountToEntity` at the best block.
async fn bound_entity(
	chain: &Chain,
	account_id: &subxt::utils::AccountId32,
) -> Result<Option<(u32, Role)>, String> {
	let mut key = sp_crypto_hashing::twox_128(b"Institutions").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"AccountToEntity"));
	key.extend(sp_crypto_hashing::blake2_128(&account_id.0));
	key.extend(account_id.0);
	let value =
		chain.rpc.state_get_storage(&key, None).await.map_err(|e| {
			format!("reading the registry entry of account {account_id} failed: {e}")
		})?;
	value
		.map(|bytes| <(u32, Role)>::decode(&mut &bytes[..]))
		.transpose()
		.map_err(|e| format!("the registry entry of account {account_id} does not decode: {e}"))
}

/// Builds and signs one sender's extrinsics of a workload, one at a time, with consecutive
/// nonces.
struct Builder {
	workload: Workload,
	plan: Plan,
	actors: Arc<Actors>,
	sender: usize,
	tx: chain::TxClient,
	/// Mortality counts from this finalized block, which cannot be reverted.
	era: (u64, chain::BlockHash),
	next_nonce: u64,
	/// The open encounters: each one's reference, its patient and the next sequence number
	/// in it; 0 before its first record.
	encounters: Vec<([u8; 32], [u8; 32], u32)>,
	/// The open encounter the current extrinsic's records go to.
	turn: usize,
}

impl Builder {
	fn next_record(
		&mut self,
	) -> Result<runtime::runtime_types::pallet_anchors::types::NewRecord, String> {
		use runtime::runtime_types::{
			medanchor_primitives::{
				anchors::EncounterClass,
				records::{HashAlgorithm as ChainAlgorithm, RecordKind},
			},
			pallet_anchors::types::{NewRecord, SubmittedHash},
		};
		const KINDS: [RecordKind; 5] = [
			RecordKind::ProgressNote,
			RecordKind::Order,
			RecordKind::Nursing,
			RecordKind::ExaminationReport,
			RecordKind::VitalSigns,
		];
		let per_encounter = self.plan.records_per_encounter;
		let encounter = self
			.encounters
			.get_mut(self.turn)
			.ok_or_else(|| "the load generator has no open encounter".to_string())?;
		if encounter.2 == 0 || encounter.2 > per_encounter {
			*encounter = (random32()?, random32()?, 1);
		}
		let sequence = encounter.2;
		encounter.2 += 1;
		Ok(NewRecord {
			id: random32()?,
			patient: encounter.1,
			encounter: encounter.0,
			class: EncounterClass::Inpatient,
			sequence,
			kind: KINDS[(sequence as usize) % KINDS.len()].clone(),
			content_hash: SubmittedHash {
				algorithm: ChainAlgorithm::Blake2b256,
				digest: random32()?.to_vec(),
			},
			generated_at: now_millis(),
			event: None,
		})
	}

	/// Builds and signs the sender's next extrinsic; its records are generated now.
	fn sign_next(&mut self) -> Result<Signed, String> {
		use runtime::runtime_types::{
			medanchor_primitives::{
				anchors::EncounterClass,
				records::{HashAlgorithm as ChainAlgorithm, RecordKind},
			},
			pallet_anchors::types::{NewBatch, SubmittedHash},
		};
		let params = subxt::config::DefaultExtrinsicParamsBuilder::<chain::Config>::new()
			.nonce(self.next_nonce)
			.mortal_from_unchecked(ERA_BLOCKS, self.era.0, self.era.1)
			.build();
		let generated_at = now_millis();
		self.turn = (self.turn + 1) % self.encounters.len().max(1);
		let signed = match self.workload {
			Workload::Transfers => {
				let call = runtime::tx()
					.balances()
					.transfer_keep_alive(subxt::utils::MultiAddress::Id(self.actors.payee), 1_000);
				self.tx
					.create_signable_offline(&call, params)
					.and_then(|mut s| s.sign(&self.actors.payers[self.sender]))
			},
			Workload::SingleAnchors | Workload::SpreadAnchors => {
				let call = runtime::tx().anchors().anchor_record(None, self.next_record()?);
				let gateway = &self.actors.gateways[self.sender].0;
				self.tx.create_signable_offline(&call, params).and_then(|mut s| s.sign(gateway))
			},
			Workload::ManyRecords => {
				let records = (0..self.plan.records_per_call)
					.map(|_| self.next_record())
					.collect::<Result<Vec<_>, _>>()?;
				let call = runtime::tx().anchors().anchor_records(None, records);
				let gateway = &self.actors.gateways[self.sender].0;
				self.tx.create_signable_offline(&call, params).and_then(|mut s| s.sign(gateway))
			},
			Workload::Batches => {
				// The runtime stores the root without reading members, so a random root
				// costs the chain what a real one does.
				let batch = NewBatch {
					id: random32()?,
					kind: RecordKind::VitalSigns,
					class: EncounterClass::Inpatient,
					patient: Some(random32()?),
					root: SubmittedHash {
						algorithm: ChainAlgorithm::Blake2b256,
						digest: random32()?.to_vec(),
					},
					leaf_count: self.plan.leaves_per_batch,
					first_generated_at: generated_at,
					last_generated_at: generated_at,
				};
				let call = runtime::tx().anchors().anchor_batch(None, batch);
				let gateway = &self.actors.gateways[self.sender].0;
				self.tx.create_signable_offline(&call, params).and_then(|mut s| s.sign(gateway))
			},
		}
		.map_err(|e| format!("signing a {} extrinsic failed: {e}", self.workload.name()))?;
		self.next_nonce += 1;
		let bytes = signed.into_encoded();
		Ok(Signed {
			hash: tx_hash(&bytes),
			bytes,
			generated_at,
			records: self.workload.records(&self.plan),
		})
	}
}

/// Returns whether a submission error means the pool is full for now.
fn pool_full(message: &str) -> bool {
	message.contains("1016")
		|| message.contains("Immediately Dropped")
		|| message.contains("pool is full")
}

/// Follows the best and finalized heads and records when each pending extrinsic reached a
/// block and finality, and adapts the window to what each block took.
async fn track(
	chain: Chain,
	tracker: Arc<Mutex<Tracker>>,
	freed: Arc<Notify>,
	limits: Limits,
	mut first_block: u32,
) -> Result<(), String> {
	let mut best = chain.rpc.chain_subscribe_new_heads().await.map_err(|e| e.to_string())?;
	let mut finalized =
		chain.rpc.chain_subscribe_finalized_heads().await.map_err(|e| e.to_string())?;
	loop {
		tokio::select! {
			header = best.next() => {
				let header = header.ok_or("the node closed the new-heads subscription")?
					.map_err(|e| e.to_string())?;
				let number = u32::try_from(header.number).map_err(|_| "block number out of range")?;
				while first_block <= number {
					let hash = chain.block_hash(first_block).await?
						.ok_or_else(|| format!("the node has no block {first_block}"))?;
					let block = chain.rpc.chain_get_block(Some(hash)).await
						.map_err(|e| e.to_string())?
						.ok_or_else(|| format!("the node has no block {hash:?}"))?;
					let at = now_millis();
					let length: usize = block.block.extrinsics.iter().map(|e| e.0.len()).sum();
					let used = normal_weight(&chain, hash).await?;
					let mut ours = Vec::new();
					let mut state = tracker.lock().map_err(|_| "tracker poisoned")?;
					for (index, extrinsic) in block.block.extrinsics.iter().enumerate() {
						if let Some(slot) = state.pending.remove(&tx_hash(&extrinsic.0)) {
							state.progress[slot].included = Some((first_block, at));
							// The finalized head may have passed this block before it was read.
							if first_block <= state.finalized {
								state.progress[slot].finalized_at = Some(at);
							}
							state.progress[slot].extrinsic_index = index as u32;
							let sender = state.progress[slot].sender;
							state.in_flight[sender] = state.in_flight[sender].saturating_sub(1);
							ours.push(slot);
						}
					}
					if !ours.is_empty() {
						// A block is full when two more extrinsics like these would not have
						// fitted, by weight or by length.
						let count = ours.len() as u64;
						let full = limits.weight.saturating_sub(used).saturating_mul(count) <
							used.saturating_mul(2) ||
							limits.length.saturating_sub(length as u64).saturating_mul(count) <
								(length as u64).saturating_mul(2);
						state.adapt(ours.len(), full);
						freed.notify_waiters();
						state.last_change = at;
						state.by_block.insert(first_block, (hash, ours, length, full));
					}
					drop(state);
					first_block += 1;
				}
			},
			header = finalized.next() => {
				let header = header.ok_or("the node closed the finalized-heads subscription")?
					.map_err(|e| e.to_string())?;
				let number = u32::try_from(header.number).map_err(|_| "block number out of range")?;
				let at = now_millis();
				let mut state = tracker.lock().map_err(|_| "tracker poisoned")?;
				let newly: Vec<usize> = state
					.by_block
					.range(..=number)
					.flat_map(|(_, (_, slots, _, _))| slots.iter().copied())
					.filter(|slot| state.progress[*slot].finalized_at.is_none())
					.collect();
				if !newly.is_empty() {
					state.last_change = at;
				}
				for slot in newly {
					state.progress[slot].finalized_at = Some(at);
				}
				state.finalized = state.finalized.max(number);
			},
		}
	}
}

fn percentile(sorted: &[u64], share: f64) -> u64 {
	if sorted.is_empty() {
		return 0;
	}
	let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
	sorted[rank - 1]
}

/// Bytes of keys and values of the whole state at `at`, by storage prefix (the first 32
/// bytes of each key).
async fn state_bytes(
	raw: &RpcClient,
	chain: &Chain,
	at: chain::BlockHash,
) -> Result<HashMap<Vec<u8>, i64>, String> {
	#[derive(serde::Deserialize)]
	struct Changes {
		changes: Vec<(String, Option<String>)>,
	}
	let mut sizes: HashMap<Vec<u8>, i64> = HashMap::new();
	let mut start: Option<Vec<u8>> = None;
	loop {
		let keys = chain
			.rpc
			.state_get_keys_paged(&[], 1000, start.as_deref(), Some(at))
			.await
			.map_err(|e| format!("state_getKeysPaged failed: {e}"))?;
		if keys.is_empty() {
			break;
		}
		let hex_keys: Vec<String> = keys.iter().map(|k| format!("0x{}", hex::encode(k))).collect();
		let values: Vec<Changes> = raw
			.request("state_queryStorageAt", rpc_params![hex_keys, at])
			.await
			.map_err(|e| format!("state_queryStorageAt failed: {e}"))?;
		for (key, value) in values.iter().flat_map(|c| c.changes.iter()) {
			let key_len = key.len().saturating_sub(2) / 2;
			let value_len = value.as_ref().map_or(0, |v| v.len().saturating_sub(2) / 2);
			let prefix = hex::decode(key.trim_start_matches("0x"))
				.map_err(|e| format!("bad key from the node: {e}"))?;
			let prefix = prefix[..prefix.len().min(32)].to_vec();
			*sizes.entry(prefix).or_default() += (key_len + value_len) as i64;
		}
		start = keys.last().cloned();
	}
	Ok(sizes)
}

/// Names the storage prefixes of the runtime's metadata, as `Pallet.Item`.
async fn storage_names(chain: &Chain) -> Result<HashMap<Vec<u8>, String>, String> {
	let at = chain.best().await?;
	let metadata = at.metadata();
	let mut names = HashMap::new();
	for pallet in metadata.pallets() {
		if let Some(storage) = pallet.storage() {
			for entry in storage.entries() {
				let mut key = sp_crypto_hashing::twox_128(storage.prefix().as_bytes()).to_vec();
				key.extend(sp_crypto_hashing::twox_128(entry.name().as_bytes()));
				names.insert(key, format!("{}.{}", pallet.name(), entry.name()));
			}
		}
	}
	Ok(names)
}

/// Peak resident memory of a process since the last reset, in KiB.
fn peak_memory(pid: u32) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	status
		.lines()
		.find_map(|line| line.strip_prefix("VmHWM:"))
		.and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Starts a new peak-memory measurement of a process (Linux `clear_refs`).
fn reset_peak_memory(pid: u32) {
	if let Err(error) = std::fs::write(format!("/proc/{pid}/clear_refs"), "5") {
		eprintln!(
			"cannot reset the node's peak memory ({error}); the figure covers its whole life"
		);
	}
}

/// Returns the weight the runtime declares for a signed extrinsic before dispatch (call and
/// transaction extensions, without the base weight every extrinsic adds), in picoseconds.
async fn declared_weight(chain: &Chain, extrinsic: &[u8]) -> Result<u64, String> {
	let mut parameters = extrinsic.to_vec();
	parameters.extend((extrinsic.len() as u32).to_le_bytes());
	let info = chain
		.rpc
		.state_call("TransactionPaymentApi_query_info", Some(&parameters), None)
		.await
		.map_err(|e| format!("TransactionPaymentApi_query_info failed: {e}"))?;
	let (ref_time, _proof_size) = <(Compact<u64>, Compact<u64>)>::decode(&mut &info[..])
		.map_err(|e| format!("cannot decode the dispatch info: {e}"))?;
	Ok(ref_time.0)
}

/// Returns the normal-class weight used by the block at `hash`, from `System.BlockWeight`.
async fn normal_weight(chain: &Chain, hash: chain::BlockHash) -> Result<u64, String> {
	let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"BlockWeight"));
	let bytes = chain
		.rpc
		.state_get_storage(&key, Some(hash))
		.await
		.map_err(|e| format!("state_getStorage failed: {e}"))?
		.unwrap_or_default();
	let per_class = <[(Compact<u64>, Compact<u64>); 3]>::decode(&mut &bytes[..])
		.map_err(|e| format!("cannot decode System.BlockWeight: {e}"))?;
	Ok(per_class[0].0 .0)
}

/// Signs and submits `count` extrinsics of one sender one after another, each once the
/// sender's share of the window has room. A full pool is waited out. Any other rejection
/// ends the sender's run, since every later nonce would wait for the rejected one. Returns
/// how often the pool was full.
async fn submit_in_order(
	chain: Chain,
	raw: RpcClient,
	mut builder: Builder,
	count: u64,
	tracker: Arc<Mutex<Tracker>>,
	freed: Arc<Notify>,
) -> Result<u64, String> {
	let mut retries = 0u64;
	let sender = builder.sender;
	for _ in 0..count {
		let waiting_since = std::time::Instant::now();
		loop {
			let notified = freed.notified();
			{
				let mut state = tracker.lock().map_err(|_| "tracker poisoned")?;
				if let Some(failure) = &state.failure {
					return Err(format!("following the chain failed: {failure}"));
				}
				if state.may_submit(sender) {
					state.in_flight[sender] += 1;
					break;
				}
			}
			let left = STALL.saturating_sub(waiting_since.elapsed());
			if left.is_zero() || tokio::time::timeout(left, notified).await.is_err() {
				let pooled = raw
					.request::<Vec<String>>("author_pendingExtrinsics", rpc_params![])
					.await
					.map(|pending| pending.len().to_string())
					.unwrap_or_else(|e| format!("unknown ({e})"));
				return Err(format!(
					"none of this sender's extrinsics reached a block for {} s; the pool holds \
					 {pooled} transactions. Extrinsics accepted by the node and missing from \
					 both were dropped by its pool.",
					STALL.as_secs()
				));
			}
		}
		// Signed only now that it can be sent, so that `generated_at` is the moment of
		// submission and the latency measured is the chain's.
		let item = builder.sign_next()?;
		{
			let mut state = tracker.lock().map_err(|_| "tracker poisoned")?;
			if state.sample.is_none() {
				state.sample = Some(item.bytes.clone());
			}
			let slot = state.progress.len();
			let steady = state.full;
			state.progress.push(Progress {
				generated_at: item.generated_at,
				records: item.records,
				sender,
				steady,
				..Default::default()
			});
			state.pending.insert(item.hash, slot);
		}
		let mut item = item;
		loop {
			match chain.rpc.author_submit_extrinsic(&item.bytes).await.map_err(|e| e.to_string()) {
				Ok(_) => break,
				Err(message)
					if message.contains("1013") || message.contains("Already Imported") =>
				{
					break
				},
				Err(message) if pool_full(&message) => {
					// The pool bans the hash of a transaction it dropped, so the retry is
					// signed afresh with the same nonce (sr25519 signatures differ each time).
					retries += 1;
					tokio::time::sleep(Duration::from_millis(50)).await;
					builder.next_nonce -= 1;
					let fresh = builder.sign_next()?;
					let mut state = tracker.lock().map_err(|_| "tracker poisoned")?;
					if let Some(slot) = state.pending.remove(&item.hash) {
						state.progress[slot].generated_at = fresh.generated_at;
						state.pending.insert(fresh.hash, slot);
					}
					drop(state);
					item = fresh;
				},
				Err(message) => {
					return Err(format!("the node rejected a submission: {message}"));
				},
			}
		}
	}
	Ok(retries)
}

/// Prints the phase's progress every five seconds.
async fn report_progress(label: String, tracker: Arc<Mutex<Tracker>>) {
	loop {
		tokio::time::sleep(Duration::from_secs(5)).await;
		let Ok(state) = tracker.lock() else { return };
		let submitted = state.progress.len();
		let included = state.progress.iter().filter(|p| p.included.is_some()).count();
		let finalized = state.progress.iter().filter(|p| p.finalized_at.is_some()).count();
		eprintln!(
			"{label}: {submitted} submitted, {included} in a block, {finalized} final, \
			 window {}",
			state.window,
		);
	}
}

/// Runs one workload and measures it.
async fn run_phase(
	chain: &Chain,
	raw: &RpcClient,
	plan: &Plan,
	workload: Workload,
	actors: &Arc<Actors>,
	limits: Limits,
) -> Result<Measurement, String> {
	let label = workload.label(plan);
	eprintln!("{label}: {} extrinsics", plan.extrinsics);
	let before = chain.rpc.chain_get_finalized_head().await.map_err(|e| e.to_string())?;
	let sizes_before = state_bytes(raw, chain, before).await?;
	if let Some(pid) = plan.node_pid {
		reset_peak_memory(pid);
	}
	let signers: Vec<&Keypair> = match workload {
		Workload::Transfers => actors.payers.iter().collect(),
		_ => actors.gateways.iter().map(|(k, _)| k).collect(),
	};
	let mut nonces = Vec::new();
	for signer in signers {
		nonces.push(chain.next_nonce(signer).await?);
	}
	let best = chain.rpc.chain_get_header(None).await.map_err(|e| e.to_string())?;
	let best = best.map(|h| h.number as u32).unwrap_or(0);

	let tracker = Arc::new(Mutex::new(Tracker {
		last_change: now_millis(),
		window: plan.window.clamp(MIN_WINDOW, MAX_WINDOW),
		in_flight: vec![0; plan.senders as usize],
		// Each record of an `anchor_records` call counts against the limit, a batch once.
		sender_cap: match workload {
			Workload::Transfers => usize::MAX,
			Workload::SingleAnchors | Workload::SpreadAnchors | Workload::Batches => {
				limits.anchors_per_block as usize
			},
			Workload::ManyRecords => {
				(limits.anchors_per_block / u64::from(plan.records_per_call)).max(1) as usize
			},
		},
		..Default::default()
	}));
	let freed = Arc::new(Notify::new());
	let tracking = {
		let (chain, tracker, freed) = (chain.clone(), tracker.clone(), freed.clone());
		tokio::spawn(async move {
			let outcome = track(chain, tracker.clone(), freed.clone(), limits, best + 1).await;
			if let Err(error) = &outcome {
				if let Ok(mut state) = tracker.lock() {
					state.failure = Some(error.clone());
				}
				freed.notify_waiters();
			}
			outcome
		})
	};
	// One submitting task per sender keeps each sender's extrinsics in nonce order. An
	// extrinsic that arrives before its predecessor waits in the pool's small future queue,
	// and one dropped from there would hold back every later one.
	let tx = chain::tx_client(chain).await.map_err(|e| e.to_string())?;
	let era_hash = chain.rpc.chain_get_finalized_head().await.map_err(|e| e.to_string())?;
	let era = (u64::from(chain.block_number(era_hash).await?), era_hash);
	let started = now_millis();
	let reporting = tokio::spawn(report_progress(label.clone(), tracker.clone()));
	let senders = u64::from(plan.senders);
	let open_encounters = match workload {
		Workload::SpreadAnchors => plan.open_encounters.max(1) as usize,
		_ => 1,
	};
	let submitting = nonces.into_iter().enumerate().map(|(sender, nonce)| {
		let builder = Builder {
			workload,
			plan: plan.clone(),
			actors: actors.clone(),
			sender,
			tx: tx.clone(),
			era,
			next_nonce: nonce,
			encounters: vec![([0; 32], [0; 32], 0); open_encounters],
			turn: 0,
		};
		// The extrinsics are dealt out in turn: the first senders take one more when they do
		// not divide evenly.
		let count = u64::from(plan.extrinsics) / senders
			+ u64::from((sender as u64) < u64::from(plan.extrinsics) % senders);
		submit_in_order(chain.clone(), raw.clone(), builder, count, tracker.clone(), freed.clone())
	});
	let outcomes = futures::future::join_all(submitting).await;
	let mut retries = 0u64;
	for outcome in outcomes {
		match outcome {
			Ok(count) => retries += count,
			Err(error) => {
				tracking.abort();
				return Err(format!("{label}: {error}"));
			},
		}
	}

	// Wait for every extrinsic to be final.
	loop {
		if tracking.is_finished() {
			return match tracking.await {
				Ok(Err(error)) => Err(format!("following the chain failed: {error}")),
				_ => Err("following the chain stopped".into()),
			};
		}
		{
			let state = tracker.lock().map_err(|_| "tracker poisoned")?;
			if state.progress.iter().all(|p| p.finalized_at.is_some()) {
				break;
			}
			if now_millis().saturating_sub(state.last_change) > STALL.as_millis() as u64 {
				let included = state.progress.iter().filter(|p| p.included.is_some()).count();
				let finalized = state.progress.iter().filter(|p| p.finalized_at.is_some()).count();
				return Err(format!(
					"{label}: no progress for {} s; {included} of {} extrinsics in a block, \
					 {finalized} final",
					STALL.as_secs(),
					state.progress.len()
				));
			}
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	tracking.abort();
	reporting.abort();
	let state = std::mem::take(&mut *tracker.lock().map_err(|_| "tracker poisoned")?);
	let peak = plan.node_pid.and_then(peak_memory);

	// Outcomes, fullness and build time of each block that carried the workload.
	let build_times = plan.node_log.as_deref().map(block_build_times).unwrap_or_default();
	let mut failed = 0u64;
	let mut blocks = Vec::new();
	for (number, (hash, slots, length, full)) in &state.by_block {
		let at = chain.api.at_block(*hash).await.map_err(|e| e.to_string())?;
		let events = at.events().fetch().await.map_err(|e| format!("cannot read events: {e}"))?;
		let indexes: std::collections::HashSet<u32> =
			slots.iter().map(|s| state.progress[*s].extrinsic_index).collect();
		for event in events.iter() {
			let event = event.map_err(|e| e.to_string())?;
			let subxt::events::Phase::ApplyExtrinsic(index) = event.phase() else { continue };
			if !indexes.contains(&index) {
				continue;
			}
			if let Some(Ok(failure)) =
				event.decode_fields_as::<runtime::system::events::ExtrinsicFailed>()
			{
				failed += 1;
				if failed <= 3 {
					eprintln!(
						"{label}: extrinsic {index} of block #{number} failed: {}",
						crate::admin::describe(chain, &failure.dispatch_error).await
					);
				}
			}
		}
		let used = normal_weight(chain, *hash).await?;
		blocks.push(BlockFigures {
			ours: slots.len() as u64,
			used,
			weight: used as f64 / limits.weight as f64,
			length: *length as f64 / limits.length as f64,
			build_ms: build_times.get(number).copied(),
			full: *full,
		});
	}

	let after = chain.rpc.chain_get_finalized_head().await.map_err(|e| e.to_string())?;
	let sizes_after = state_bytes(raw, chain, after).await?;
	let names = storage_names(chain).await?;
	let mut by_item: BTreeMap<String, i64> = BTreeMap::new();
	let mut total = 0i64;
	for prefix in
		sizes_before.keys().chain(sizes_after.keys()).collect::<std::collections::HashSet<_>>()
	{
		let delta = sizes_after.get(prefix).copied().unwrap_or(0)
			- sizes_before.get(prefix).copied().unwrap_or(0);
		let name = names.get(prefix).cloned().unwrap_or_else(|| "(other keys)".to_string());
		if delta != 0 && !TRANSIENT.contains(&name.as_str()) {
			total += delta;
			*by_item.entry(name).or_default() += delta;
		}
	}
	let mut state_by_item: Vec<(String, i64)> = by_item.into_iter().collect();
	state_by_item.sort_by_key(|(_, bytes)| -bytes.abs());

	let extrinsics = state.progress.len() as u64;
	let records: u64 = state.progress.iter().map(|p| p.records).sum();
	let per_extrinsic = workload.records(plan);
	let last_included =
		state.progress.iter().filter_map(|p| p.included.map(|(_, at)| at)).max().unwrap_or(started);
	let last_final = state.progress.iter().filter_map(|p| p.finalized_at).max().unwrap_or(started);
	let per_s = |count: u64, until: u64| {
		count as f64 * 1000.0 / (until.saturating_sub(started).max(1)) as f64
	};
	// Latency is taken over the extrinsics submitted once blocks were full: during the
	// ramp-up the window overshoots the block's capacity once, by design. When blocks never
	// filled up (a short run), every extrinsic counts.
	let steady_only = state.progress.iter().any(|p| p.steady);
	let counted = |p: &&Progress| p.steady || !steady_only;
	let mut inclusion: Vec<u64> = state
		.progress
		.iter()
		.filter(counted)
		.filter_map(|p| p.included.map(|(_, at)| at.saturating_sub(p.generated_at)))
		.collect();
	let mut finality: Vec<u64> = state
		.progress
		.iter()
		.filter(counted)
		.filter_map(|p| p.finalized_at.map(|at| at.saturating_sub(p.generated_at)))
		.collect();
	let mut finality_all: Vec<u64> = state
		.progress
		.iter()
		.filter_map(|p| p.finalized_at.map(|at| at.saturating_sub(p.generated_at)))
		.collect();
	inclusion.sort_unstable();
	finality.sort_unstable();
	finality_all.sort_unstable();

	// Full blocks show the sustained rate, without the ramp-up at the start and the tail at
	// the end. A run too short to fill a block has no sustained rate.
	let max_per_block = blocks.iter().map(|b| b.ours).max().unwrap_or(0);
	let full: Vec<&BlockFigures> = blocks.iter().filter(|b| b.full).collect();
	let mean = |values: Vec<f64>| values.iter().sum::<f64>() / values.len().max(1) as f64;
	let sustained_per_s = (!full.is_empty()).then(|| {
		mean(full.iter().map(|b| b.ours as f64).collect()) * 1000.0 / limits.block_ms.max(1) as f64
	});
	let weight_fullness_mean = mean(full.iter().map(|b| b.weight).collect());
	let length_fullness_mean = mean(full.iter().map(|b| b.length).collect());
	// The workload's blocks hold nothing else of the normal class, so a block's weight over
	// its count is what one extrinsic was charged, base weight and refunds included.
	let charged_us =
		mean(blocks.iter().map(|b| b.used as f64 / b.ours.max(1) as f64 / 1e6).collect());
	// The runtime API leaves out the base weight, which the block's weight includes.
	let declared_us = match &state.sample {
		Some(extrinsic) => {
			let declared = declared_weight(chain, extrinsic).await?;
			Some(declared.saturating_add(limits.base_extrinsic) as f64 / 1e6)
		},
		None => None,
	};
	let build: Vec<f64> = full.iter().filter_map(|b| b.build_ms.map(|ms| ms as f64)).collect();
	let build_ms_mean = (!build.is_empty()).then(|| mean(build.clone()));
	let capped = (state.sender_cap as u64).saturating_mul(u64::from(plan.senders));
	let limit = if full.is_empty() && max_per_block >= capped {
		"anchors per hospital and block"
	} else if full.is_empty() {
		"none: no block filled up"
	} else if weight_fullness_mean >= 0.9 {
		"block weight"
	} else if length_fullness_mean >= 0.9 {
		"block length"
	} else if retries > 0 {
		"transaction pool"
	} else {
		"block production time (CPU)"
	};
	let denominator = if records > 0 { records } else { extrinsics };
	Ok(Measurement {
		label,
		workload: workload.name().to_string(),
		extrinsics,
		records,
		failed,
		pool_retries: retries,
		included_per_s: per_s(extrinsics, last_included),
		finalized_per_s: per_s(extrinsics, last_final),
		records_included_per_s: per_s(records, last_included),
		records_finalized_per_s: per_s(records, last_final),
		sustained_per_s,
		sustained_records_per_s: sustained_per_s.map(|rate| rate * per_extrinsic as f64),
		inclusion_p50_ms: percentile(&inclusion, 0.50),
		inclusion_p99_ms: percentile(&inclusion, 0.99),
		finality_p50_ms: percentile(&finality, 0.50),
		finality_p99_ms: percentile(&finality, 0.99),
		finality_all_p99_ms: percentile(&finality_all, 0.99),
		latency_counted: finality.len() as u64,
		blocks: blocks.len() as u64,
		full_blocks: full.len() as u64,
		max_per_block,
		weight_fullness_max: blocks.iter().map(|b| b.weight).fold(0f64, f64::max),
		weight_fullness_mean,
		length_fullness_max: blocks.iter().map(|b| b.length).fold(0f64, f64::max),
		build_ms_mean,
		charged_us,
		declared_us,
		state_bytes: total,
		state_bytes_per_record: total as f64 / denominator.max(1) as f64,
		state_by_item,
		peak_memory_kib: peak,
		limit: limit.to_string(),
		seconds: last_final.saturating_sub(started) as f64 / 1000.0,
	})
}

/// Contents and cost of one block that carried the workload.
struct BlockFigures {
	/// Extrinsics of the workload in it.
	ours: u64,
	/// Normal-class weight used, in picoseconds.
	used: u64,
	/// Normal-class weight used, as a share of its limit.
	weight: f64,
	/// Length used, as a share of the normal-class limit.
	length: f64,
	/// Real time the node took to build it, from its log.
	build_ms: Option<u64>,
	/// Whether two more extrinsics like the workload's would not have fitted.
	full: bool,
}

/// Reads how long the node took to build each block it authored, from the lines
/// "Prepared block for proposing at N (T ms)" of its log.
fn block_build_times(path: &std::path::Path) -> HashMap<u32, u64> {
	let Ok(log) = std::fs::read_to_string(path) else {
		eprintln!("cannot read the node's log {}; block build times are left out", path.display());
		return HashMap::new();
	};
	log.lines()
		.filter_map(|line| {
			let rest = line.split("Prepared block for proposing at ").nth(1)?;
			let (number, rest) = rest.split_once(" (")?;
			let (ms, _) = rest.split_once(" ms)")?;
			Some((number.trim().parse().ok()?, ms.trim().parse().ok()?))
		})
		.collect()
}

/// A block's normal-class limits and the time between blocks.
#[derive(Clone, Copy)]
struct Limits {
	/// Normal-class weight (reference time, picoseconds).
	weight: u64,
	/// Normal-class length in bytes.
	length: u64,
	/// Aura's slot duration in milliseconds.
	block_ms: u64,
	/// Anchors one institution may make per block at the base tier.
	anchors_per_block: u64,
	/// Base weight of every normal extrinsic (reference time, picoseconds).
	base_extrinsic: u64,
}

/// Reads a block's limits from the runtime's constants and its slot duration from Aura.
async fn block_limits(chain: &Chain) -> Result<Limits, String> {
	let at = chain.best().await?;
	let weights = at
		.constants()
		.entry(&runtime::constants().system().block_weights())
		.map_err(|e| format!("cannot read System.BlockWeights: {e}"))?;
	let length = at
		.constants()
		.entry(&runtime::constants().system().block_length())
		.map_err(|e| format!("cannot read System.BlockLength: {e}"))?;
	let weight = weights
		.per_class
		.normal
		.max_total
		.map(|w| w.ref_time)
		.unwrap_or(weights.max_block.ref_time);
	let base_extrinsic = weights.per_class.normal.base_extrinsic.ref_time;
	let slot = chain
		.rpc
		.state_call("AuraApi_slot_duration", None, None)
		.await
		.map_err(|e| format!("cannot read Aura's slot duration: {e}"))?;
	let block_ms = u64::decode(&mut &slot[..])
		.map_err(|e| format!("cannot decode Aura's slot duration: {e}"))?;
	let anchors_per_block = at
		.constants()
		.entry(&runtime::constants().anchors().base_rate_limit())
		.map_err(|e| format!("cannot read Anchors.BaseRateLimit: {e}"))?;
	Ok(Limits {
		weight,
		length: u64::from(length.max.normal),
		block_ms,
		anchors_per_block: u64::from(anchors_per_block),
		base_extrinsic,
	})
}

/// Runs every workload of `plan` against the node at `url`.
pub async fn run(url: &str, plan: &Plan) -> Result<Vec<Measurement>, String> {
	if plan.senders == 0 || plan.senders > MAX_SENDERS {
		return Err(format!("--senders must be 1 to {MAX_SENDERS}"));
	}
	let chain = chain::connect(url, Duration::from_secs(60)).await?;
	let raw = RpcClient::from_insecure_url(url).await.map_err(|e| e.to_string())?;
	let limits = block_limits(&chain).await?;
	let actors = Arc::new(set_up(&chain, plan.senders).await?);
	let mut results = Vec::new();
	for workload in &plan.workloads {
		let measured = run_phase(&chain, &raw, plan, *workload, &actors, limits).await?;
		eprintln!(
			"{}: {:.0} extrinsics/s and {:.0} records/s final, p99 {} ms to finality, {} failed",
			measured.label,
			measured.finalized_per_s,
			measured.records_finalized_per_s,
			measured.finality_p99_ms,
			measured.failed
		);
		results.push(measured);
	}
	Ok(results)
}

fn thousands(value: f64) -> String {
	let rounded = value.round() as i64;
	let digits = rounded.unsigned_abs().to_string();
	let mut out = String::new();
	for (i, c) in digits.chars().enumerate() {
		if i > 0 && (digits.len() - i).is_multiple_of(3) {
			out.push(',');
		}
		out.push(c);
	}
	if rounded < 0 {
		format!("-{out}")
	} else {
		out
	}
}

/// Renders the measurements as Markdown tables.
pub fn markdown(plan: &Plan, results: &[Measurement]) -> String {
	let mut out = String::new();
	let rate =
		|m: &Measurement| if m.records > 0 { m.sustained_records_per_s } else { m.sustained_per_s };
	let transfers = results.iter().find(|m| m.workload == "transfers").and_then(rate);
	let optional = |value: Option<f64>| value.map_or("–".to_string(), thousands);
	let seconds = |ms: u64| format!("{:.2}", ms as f64 / 1000.0);

	out.push_str(
		"| workload | extrinsics | records | final per second over the run: extrinsics, records | \
		 sustained per second in full blocks: extrinsics, records | records ÷ transfers, sustained | \
		 generation to block, p50 / p99 | generation to finality, p50 / p99 | \
		 p99 to finality with the ramp-up | failed |\n\
		 |---|---|---|---|---|---|---|---|---|---|\n",
	);
	for m in results {
		let anchors = m.records > 0;
		let ratio = match (transfers, rate(m)) {
			(Some(t), Some(r)) if anchors && t > 0.0 => format!("{:.2}", r / t),
			_ => String::new(),
		};
		out.push_str(&format!(
			"| {} | {} | {} | {}, {} | {}, {} | {ratio} | {} / {} s | {} / {} s | {} s | {} |\n",
			m.label,
			thousands(m.extrinsics as f64),
			if anchors { thousands(m.records as f64) } else { "–".into() },
			thousands(m.finalized_per_s),
			if anchors { thousands(m.records_finalized_per_s) } else { "–".into() },
			optional(m.sustained_per_s),
			if anchors { optional(m.sustained_records_per_s) } else { "–".into() },
			seconds(m.inclusion_p50_ms),
			seconds(m.inclusion_p99_ms),
			seconds(m.finality_p50_ms),
			seconds(m.finality_p99_ms),
			seconds(m.finality_all_p99_ms),
			m.failed,
		));
	}

	out.push_str(
		"\n| workload | blocks (full) | maximum in one block | weight per extrinsic: declared, charged | \
		 weight used: fullest, mean of full blocks | length used, fullest | time to build a full \
		 block | limit reached | node peak memory |\n\
		 |---|---|---|---|---|---|---|---|---|\n",
	);
	for m in results {
		out.push_str(&format!(
			"| {} | {} ({}) | {} | {}, {} µs | {:.0} %, {} | {:.1} % | {} | {} | {} |\n",
			m.label,
			m.blocks,
			m.full_blocks,
			thousands(m.max_per_block as f64),
			m.declared_us.map_or("–".into(), thousands),
			thousands(m.charged_us),
			m.weight_fullness_max * 100.0,
			if m.full_blocks > 0 {
				format!("{:.0} %", m.weight_fullness_mean * 100.0)
			} else {
				"–".into()
			},
			m.length_fullness_max * 100.0,
			m.build_ms_mean.map_or("–".into(), |ms| format!("{} ms", thousands(ms))),
			m.limit,
			m.peak_memory_kib
				.map_or("–".into(), |k| format!("{} MiB", thousands(k as f64 / 1024.0))),
		));
	}

	out.push_str(
		"\nState added (bytes of keys and values, whole state, before and after each workload; \
		 the latest block's events and the per-block hash and weight entries left out):\n\n\
		 | workload | state per record | largest storage items, bytes per record (per transfer) |\n\
		 |---|---|---|\n",
	);
	for m in results {
		let per = if m.records > 0 {
			format!("{:.2} B", m.state_bytes_per_record)
		} else {
			format!("{:.2} B per transfer", m.state_bytes_per_record)
		};
		// Per record for the anchor workloads, per extrinsic for transfers.
		let units = if m.records > 0 { m.records } else { m.extrinsics }.max(1) as f64;
		let items: Vec<String> = m
			.state_by_item
			.iter()
			.filter(|(_, bytes)| *bytes as f64 / units >= 0.01)
			.take(6)
			.map(|(item, bytes)| format!("`{item}` {:.2}", *bytes as f64 / units))
			.collect();
		out.push_str(&format!("| {} | {per} | {} |\n", m.label, items.join(", ")));
	}

	out.push_str(&format!(
		"\nSettings: {} extrinsics per workload from {} senders (one hospital each), {} records \
		 per encounter and patient; in the spread workload each sender keeps {} encounters open \
		 and gives each extrinsic the next one in turn. The window of extrinsics in flight starts at {} and doubles \
		 with each block until a block is full (two more extrinsics would not have fitted); from \
		 then on it is the maximum one block took. Latency percentiles count the extrinsics \
		 submitted after that ramp-up, or all of them where no block filled up; the column \
		 before `failed` counts all. A dash: no block filled up, so no sustained rate.\n",
		thousands(f64::from(plan.extrinsics)),
		plan.senders,
		plan.records_per_encounter,
		plan.open_encounters,
		thousands(plan.window as f64),
	));
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentiles_take_the_nearest_rank() {
		let values: Vec<u64> = (1..=100).collect();
		assert_eq!(percentile(&values, 0.50), 50);
		assert_eq!(percentile(&values, 0.99), 99);
		assert_eq!(percentile(&values[..1], 0.99), 1);
		assert_eq!(percentile(&[], 0.5), 0);
	}

	#[test]
	fn window_ramp_up_then_full_block() {
		let mut tracker = Tracker {
			window: 64,
			in_flight: vec![0, 0],
			sender_cap: usize::MAX,
			..Default::default()
		};
		tracker.adapt(60, false);
		assert_eq!(tracker.window, 128);
		assert!(!tracker.full);
		// The first full block ends the ramp-up.
		tracker.adapt(100, true);
		assert!(tracker.full);
		assert_eq!(tracker.window, 100);
		// After it, a block that is not full no longer doubles the window.
		tracker.adapt(90, false);
		assert_eq!(tracker.window, 100);
		tracker.adapt(120, true);
		assert_eq!(tracker.window, 120);
		let mut tiny = Tracker { window: 64, in_flight: vec![1], ..Default::default() };
		tiny.adapt(1, true);
		assert_eq!(tiny.window, MIN_WINDOW);
		let mut huge = Tracker { window: MAX_WINDOW, in_flight: vec![0], ..Default::default() };
		huge.adapt(MAX_WINDOW, false);
		assert_eq!(huge.window, MAX_WINDOW);
	}

	#[test]
	fn window_shared_equally() {
		let mut tracker = Tracker {
			window: 5,
			in_flight: vec![2, 3],
			sender_cap: usize::MAX,
			..Default::default()
		};
		assert!(tracker.may_submit(0));
		assert!(!tracker.may_submit(1));
		assert!(!tracker.may_submit(2));
		// The rate-limit cap wins over a larger share.
		tracker.window = 100;
		tracker.sender_cap = 2;
		assert!(!tracker.may_submit(0));
	}

	#[test]
	fn build_times_are_read_from_the_node_log() {
		let dir = tempfile::tempdir().expect("temporary directory");
		let path = dir.path().join("node.log");
		std::fs::write(
			&path,
			"2026-12-05 09:19:36 🎁 Prepared block for proposing at 7 (259 ms) hash: 0x7b; \
			 parent_hash: 0x3e96…aaea; end: NoMoreTransactions; extrinsics_count: 1501\n\
			 2026-12-05 09:19:39 🏆 Imported #7 (0x3e96…aaea → 0x50ff…8a5a)\n\
			 2026-12-05 09:19:39 🎁 Prepared block for proposing at 8 (4 ms) hash: 0xcc\n\
			 a line cut short: Prepared block for proposing at 9 (\n",
		)
		.expect("log written");
		let times = block_build_times(&path);
		assert_eq!(times.len(), 2);
		assert_eq!(times.get(&7), Some(&259));
		assert_eq!(times.get(&8), Some(&4));
		assert!(block_build_times(&dir.path().join("missing.log")).is_empty());
	}

	#[test]
	fn only_a_full_pool_is_retried() {
		assert!(pool_full("ErrorObject { code: 1016, message: \"Immediately Dropped\" }"));
		assert!(!pool_full("1010: Invalid Transaction: Transaction is outdated"));
		assert!(!pool_full("1014: Priority is too low"));
	}

	#[test]
	fn figures_are_grouped_by_thousands_and_workloads_named() {
		assert_eq!(thousands(1_234_567.4), "1,234,567");
		assert_eq!(thousands(999.6), "1,000");
		assert_eq!(thousands(-1_234.0), "-1,234");
		assert_eq!(thousands(0.0), "0");
		for workload in Workload::ALL {
			assert_eq!(Workload::parse(workload.name()), Some(workload));
		}
		assert_eq!(Workload::parse("transfer"), None);
	}
}
