//! The connection to a MedAnchor node: generated types, retries, signing and the translation
//! of the chain's errors into messages for hospital staff and court clerks.

use codec::{Decode, Encode};
use std::time::Duration;
use subxt::rpcs::{LegacyRpcMethods, RpcClient};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// Calls, events, storage and runtime APIs generated from the metadata of the runtime in this
/// workspace (`scripts/metadata.sh` rewrites the file; a runtime test checks it is current).
#[subxt::subxt(
	runtime_metadata_path = "metadata/medanchor.scale",
	derive_for_all_types = "Clone, PartialEq, Eq, codec::Encode, codec::Decode"
)]
pub mod runtime {}

pub type Config = PolkadotConfig;
pub type Api = OnlineClient<Config>;
pub type Rpc = LegacyRpcMethods<subxt::config::RpcConfigFor<Config>>;
pub type BlockHash = subxt::utils::H256;

/// A connected node.
#[derive(Clone)]
pub struct Chain {
	pub url: String,
	pub api: Api,
	pub rpc: Rpc,
}

/// Converts between a generated type and the matching type of `medanchor-primitives`. Both
/// describe the same runtime type, so their SCALE encodings agree.
pub fn recode<A: Encode, B: Decode>(value: &A) -> Result<B, String> {
	B::decode(&mut &value.encode()[..]).map_err(|e| format!("unexpected value from the chain: {e}"))
}

/// Connects to the node at `url`, retrying with back-off for about `patience`.
pub async fn connect(url: &str, patience: Duration) -> Result<Chain, String> {
	if !(url.starts_with("ws://") || url.starts_with("wss://")) {
		return Err(format!(
			"invalid --url \"{url}\": the node's WebSocket address starts with ws:// or wss:// \
			 (for example ws://127.0.0.1:9944)"
		));
	}
	let started = std::time::Instant::now();
	let mut delay = Duration::from_millis(250);
	loop {
		match try_connect(url).await {
			Ok(chain) => return Ok(chain),
			Err(error) if started.elapsed() + delay > patience => {
				return Err(format!(
					"cannot reach the MedAnchor node at {url} (tried for {} s): {error}. \
					 Check that the node runs and that --url is right.\n\
					 无法连接 MedAnchor 节点 {url}：请确认节点正在运行、--url 正确。",
					started.elapsed().as_secs()
				))
			},
			Err(error) => {
				eprintln!("node at {url} not reachable ({error}); retrying in {delay:?}");
				tokio::time::sleep(delay).await;
				delay = (delay * 2).min(Duration::from_secs(5));
			},
		}
	}
}

async fn try_connect(url: &str) -> Result<Chain, String> {
	let client = RpcClient::from_insecure_url(url).await.map_err(|e| e.to_string())?;
	let rpc = Rpc::new(client.clone());
	let api = Api::from_rpc_client(client).await.map_err(|e| e.to_string())?;
	Ok(Chain { url: url.to_string(), api, rpc })
}

/// Parses a secret URI (`//Alice`, a mnemonic with an optional derivation path, or a hex
/// seed) into an sr25519 key pair.
pub fn keypair(suri: &str) -> Result<Keypair, String> {
	let uri: SecretUri =
		suri.parse().map_err(|_| "invalid secret URI for the signing account".to_string())?;
	Keypair::from_uri(&uri).map_err(|e| format!("invalid secret URI for the signing account: {e}"))
}

/// Returns the SS58 address of a key pair.
pub fn address(keypair: &Keypair) -> String {
	let account: subxt::utils::AccountId32 = keypair.public_key().into();
	account.to_string()
}

impl Chain {
	/// Returns the hash of block `number` on the best chain, if the node has it.
	pub async fn block_hash(&self, number: u32) -> Result<Option<BlockHash>, String> {
		self.rpc
			.chain_get_block_hash(Some(number.into()))
			.await
			.map_err(|e| format!("chain_getBlockHash failed at {}: {e}", self.url))
	}

	/// Returns the number of the latest finalized block.
	pub async fn finalized_number(&self) -> Result<u32, String> {
		let head = self
			.rpc
			.chain_get_finalized_head()
			.await
			.map_err(|e| format!("chain_getFinalizedHead failed at {}: {e}", self.url))?;
		let header = self
			.rpc
			.chain_get_header(Some(head))
			.await
			.map_err(|e| format!("chain_getHeader failed at {}: {e}", self.url))?
			.ok_or("the node has no header for its finalized head")?;
		u32::try_from(header.number)
			.map_err(|_| format!("block number {} out of range", header.number))
	}

	/// Returns the number of block `hash`.
	pub async fn block_number(&self, hash: BlockHash) -> Result<u32, String> {
		let header = self
			.rpc
			.chain_get_header(Some(hash))
			.await
			.map_err(|e| format!("chain_getHeader failed at {}: {e}", self.url))?
			.ok_or_else(|| format!("the node has no block {hash:?}"))?;
		u32::try_from(header.number)
			.map_err(|_| format!("block number {} out of range", header.number))
	}

	/// Returns the index of the extrinsic of block `hash` whose bytes contain `id`. Only the
	/// block body is read, so this works on blocks whose state the node has pruned.
	pub async fn find_extrinsic(
		&self,
		hash: BlockHash,
		id: &[u8; 32],
	) -> Result<Option<u32>, String> {
		let block = self
			.rpc
			.chain_get_block(Some(hash))
			.await
			.map_err(|e| format!("chain_getBlock failed at {}: {e}", self.url))?
			.ok_or_else(|| format!("the node has no block {hash:?}"))?;
		Ok(block
			.block
			.extrinsics
			.iter()
			.position(|extrinsic| extrinsic.0.windows(32).any(|w| w == id))
			.map(|index| index as u32))
	}

	/// Returns the next nonce of an account, counting transactions in the pool.
	pub async fn next_nonce(&self, keypair: &Keypair) -> Result<u64, String> {
		let account: subxt::utils::AccountId32 = keypair.public_key().into();
		self.rpc
			.system_account_next_index(&account)
			.await
			.map_err(|e| format!("system_accountNextIndex failed at {}: {e}", self.url))
	}

	/// Calls a runtime API at the best block.
	pub async fn call<P: subxt::runtime_apis::Payload>(
		&self,
		payload: P,
	) -> Result<P::ReturnType, String> {
		call_at(&self.best().await?, payload).await
	}

	/// Returns a client at the latest finalized block: what it shows can no longer change.
	pub async fn finalized(&self) -> Result<At, String> {
		let head = self
			.rpc
			.chain_get_finalized_head()
			.await
			.map_err(|e| format!("chain_getFinalizedHead failed at {}: {e}", self.url))?;
		self.api
			.at_block(head)
			.await
			.map_err(|e| format!("cannot read the finalized block at {}: {e}", self.url))
	}

	/// Returns a client at the best block, for several calls at one block.
	pub async fn best(&self) -> Result<At, String> {
		self.api
			.at_current_block()
			.await
			.map_err(|e| format!("cannot read the best block at {}: {e}", self.url))
	}
}

/// A client at one block.
pub type At = subxt::client::ClientAtBlock<Config, subxt::client::OnlineClientAtBlockImpl<Config>>;

/// Calls a runtime API at the block of `at`.
pub async fn call_at<P: subxt::runtime_apis::Payload>(
	at: &At,
	payload: P,
) -> Result<P::ReturnType, String> {
	at.runtime_apis().call(payload).await.map_err(|e| format!("runtime API call failed: {e}"))
}

/// The outcome of a transaction that reached a finalized block.
#[derive(Clone, Debug)]
pub struct Included {
	pub block_hash: BlockHash,
	pub block_number: u32,
	pub extrinsic_index: u32,
}

/// Events of a successful transaction.
pub type Events = subxt::extrinsics::ExtrinsicEvents<Config>;

/// Reason a transaction did not succeed.
#[derive(Clone, Debug)]
pub enum TxError {
	/// The runtime rejected it: pallet, error name and the message to show.
	Module { pallet: String, error: String, message: String },
	/// The pool did not accept it or dropped it (stale nonce, pool full); worth retrying.
	Pool(String),
	/// The connection failed; worth retrying after reconnecting.
	Connection(String),
	/// Any other dispatch error.
	Other(String),
}

impl std::fmt::Display for TxError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			TxError::Module { message, .. } => write!(f, "{message}"),
			TxError::Pool(m) => write!(f, "the node's transaction pool rejected it: {m}"),
			TxError::Connection(m) => write!(f, "connection to the node failed: {m}"),
			TxError::Other(m) => write!(f, "{m}"),
		}
	}
}

/// A client for signing transactions at one block.
pub type TxClient =
	subxt::transactions::TransactionsClient<Config, subxt::client::OnlineClientAtBlockImpl<Config>>;

/// A submitted transaction on its way to a finalized block.
pub type Progress = subxt::transactions::TransactionProgress<
	Config,
	subxt::client::OnlineClientAtBlockImpl<Config>,
>;

/// A transaction in a block, from which its events are read.
pub type InBlock =
	subxt::transactions::TransactionInBlock<Config, subxt::client::OnlineClientAtBlockImpl<Config>>;

/// Returns a client for signing transactions at the best block.
pub async fn tx_client(chain: &Chain) -> Result<TxClient, TxError> {
	chain.api.tx().await.map_err(|e| TxError::Connection(e.to_string()))
}

/// Signs `call` with `nonce` (the next one of the account when `None`) and hands it to the
/// node's pool. Transactions of one account must reach the pool in nonce order, so callers
/// submit one after another and wait for finality concurrently.
pub async fn sign_and_submit<Call: subxt::transactions::Payload>(
	tx: &mut TxClient,
	call: &Call,
	signer: &Keypair,
	nonce: Option<u64>,
) -> Result<Progress, TxError> {
	let mut params = subxt::config::DefaultExtrinsicParamsBuilder::<Config>::new().mortal(256);
	if let Some(nonce) = nonce {
		params = params.nonce(nonce);
	}
	let signed = tx
		.create_signed(call, signer, params.build())
		.await
		.map_err(|e| TxError::Connection(e.to_string()))?;
	signed.submit_and_watch().await.map_err(|e| TxError::Pool(e.to_string()))
}

/// Waits until a submitted transaction's block is finalized and returns where it is, with
/// its events; a failed dispatch becomes [`TxError::Module`].
pub async fn finalized(chain: &Chain, progress: Progress) -> Result<(Included, Events), TxError> {
	let in_block = progress.wait_for_finalized().await.map_err(|e| match e {
		subxt::error::TransactionProgressError::TransactionStatusError(status) => {
			TxError::Pool(status.to_string())
		},
		other => TxError::Connection(other.to_string()),
	})?;
	let block_hash = in_block.block_hash();
	let events = events_of(&in_block).await?;
	let block_number = chain.block_number(block_hash).await.map_err(TxError::Connection)?;
	let included =
		Included { block_hash, block_number, extrinsic_index: events.extrinsic_index() as u32 };
	Ok((included, events))
}

/// Returns the events of a transaction in `in_block`, or its dispatch error. The node can
/// report a block final a moment before it serves that block, so the block is asked for
/// again for up to five seconds.
async fn events_of(in_block: &InBlock) -> Result<Events, TxError> {
	const ATTEMPTS: u32 = 20;
	let mut attempt = 1;
	loop {
		match in_block.wait_for_success().await {
			Ok(events) => return Ok(events),
			Err(error) if block_not_served(&error) && attempt < ATTEMPTS => {
				attempt += 1;
				tokio::time::sleep(std::time::Duration::from_millis(250)).await;
			},
			Err(error) => return Err(translate(&error)),
		}
	}
}

/// Returns whether reading a transaction's events failed because the node did not serve its
/// block, rather than because of the transaction.
fn block_not_served(error: &subxt::error::TransactionEventsError) -> bool {
	use subxt::error::TransactionEventsError as Failure;
	matches!(
		error,
		Failure::CannotInstantiateClientAtBlock(_)
			| Failure::BlockNotFound { .. }
			| Failure::CannotFetchBlockBody { .. }
	)
}

/// Signs and submits `call`, then waits for finality; returns the transaction's events.
pub async fn submit_with_events<Call: subxt::transactions::Payload>(
	chain: &Chain,
	call: &Call,
	signer: &Keypair,
	nonce: Option<u64>,
) -> Result<(Included, Events), TxError> {
	let mut tx = tx_client(chain).await?;
	let progress = sign_and_submit(&mut tx, call, signer, nonce).await?;
	finalized(chain, progress).await
}

fn translate(error: &subxt::error::TransactionEventsError) -> TxError {
	use subxt::error::{DispatchError, TransactionEventsError};
	match error {
		TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) => {
			match module.details() {
				Ok(details) => {
					let pallet = details.pallet.name().to_string();
					let name = details.variant.name.clone();
					let docs = details.variant.docs.join(" ");
					let message = crate::messages::module_error(&pallet, &name, &docs);
					TxError::Module { pallet, error: name, message }
				},
				Err(_) => TxError::Other(module.to_string()),
			}
		},
		TransactionEventsError::ExtrinsicFailed(other) => {
			TxError::Other(format!("the chain rejected the transaction: {other}"))
		},
		other => TxError::Connection(other.to_string()),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use subxt::error::{Hex, OnlineClientAtBlockError, TransactionEventsError as Failure};

	#[test]
	fn unserved_block_is_asked_again() {
		let hash = Hex::from([7u8; 32]);
		let header_missing = Failure::CannotInstantiateClientAtBlock(
			OnlineClientAtBlockError::BlockHeaderNotFound { block_hash: hash.clone() },
		);
		assert!(block_not_served(&header_missing));
		assert!(block_not_served(&Failure::BlockNotFound { block_hash: hash.clone() }));
	}

	#[test]
	fn transaction_failure_is_not_retried() {
		let hash = Hex::from([7u8; 32]);
		let missing = Failure::CannotFindTransactionInBlock {
			block_hash: hash.clone(),
			transaction_hash: hash,
		};
		assert!(!block_not_served(&missing));
	}
}
