//! Dispatch of the command line to the node service and the chain tools.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use std::{
	io::ErrorKind,
	net::{IpAddr, SocketAddr, TcpListener},
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"MedAnchor Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/medanchor/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

/// Makes the RPC server fail on a busy port instead of moving to a random one.
///
/// Hospital gateways and court clients are configured with the node's address; a node that
/// silently listens elsewhere looks to them like a node that is down.
fn keep_rpc_port(config: &mut sc_service::Configuration) {
	for endpoint in config.rpc.addr.iter_mut().flatten() {
		endpoint.retry_random_port = false;
	}
}

/// Fails with one clear message when a port the node must listen on is taken.
///
/// Without this check the RPC server reports only "Address already in use" and the network
/// backend keeps running without its listener.
fn ensure_ports_free(config: &sc_service::Configuration) -> sc_cli::Result<()> {
	let mut listeners: Vec<(SocketAddr, &str)> = Vec::new();
	for endpoint in config.rpc.addr.iter().flatten().filter(|e| !e.is_optional) {
		listeners.push((endpoint.listen_addr, "--rpc-port"));
	}
	for address in &config.network.listen_addresses {
		if let Some(socket) = tcp_socket_of(&address.to_string()) {
			listeners.push((socket, "--port"));
		}
	}
	if let Some(prometheus) = &config.prometheus_config {
		listeners.push((prometheus.port, "--prometheus-port"));
	}

	let listeners: Vec<_> =
		listeners.into_iter().filter(|(address, _)| address.port() != 0).collect();
	for (index, (address, flag)) in listeners.iter().enumerate() {
		let clash = listeners
			.iter()
			.skip(index + 1)
			.find(|(other, other_flag)| other.port() == address.port() && other_flag != flag);
		if let Some((_, other_flag)) = clash {
			return Err(sc_cli::Error::Input(format!(
				"port {} is given to both {flag} and {other_flag}; choose a different port for one",
				address.port()
			)));
		}
	}
	for (address, flag) in listeners {
		if let Err(error) = TcpListener::bind(address) {
			if error.kind() == ErrorKind::AddrInUse {
				return Err(sc_cli::Error::Input(format!(
					"address {address} is already in use; stop the process listening there or \
					 choose another {flag}"
				)));
			}
		}
	}
	Ok(())
}

/// Fails with one clear message when the base path cannot hold the node's data.
fn ensure_base_path_usable(config: &sc_service::Configuration) -> sc_cli::Result<()> {
	let path = config.base_path.path();
	let unusable = |error: std::io::Error| {
		sc_cli::Error::Input(format!(
			"cannot use base path {}: {error}; choose another --base-path",
			path.display()
		))
	};
	std::fs::create_dir_all(path).map_err(unusable)?;
	let probe = path.join(".medanchor-write-check");
	std::fs::write(&probe, b"").map_err(unusable)?;
	std::fs::remove_file(&probe).map_err(unusable)?;
	Ok(())
}

/// Returns the TCP socket of a listen address such as `/ip4/0.0.0.0/tcp/30333`.
fn tcp_socket_of(multiaddr: &str) -> Option<SocketAddr> {
	let parts: Vec<&str> = multiaddr.split('/').collect();
	match parts.as_slice() {
		["", "ip4" | "ip6", ip, "tcp", port, ..] => {
			Some(SocketAddr::new(ip.parse::<IpAddr>().ok()?, port.parse().ok()?))
		},
		_ => None,
	}
}

/// Returns whether the command line names a transaction pool type.
///
/// Without one, the node runs the single-state pool instead of sc-cli's default, the
/// fork-aware pool. Under sustained load from a few senders, the fork-aware pool of this SDK
/// release filled its future queue and dropped transactions it had accepted. Every later
/// nonce of those senders then stalled. The single-state pool included them all.
fn pool_type_given(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
	args.filter_map(|arg| arg.into_string().ok())
		.any(|arg| arg == "--pool-type" || arg.starts_with("--pool-type="))
}

/// Parses the command line and runs the node or the chosen subcommand.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	if cli.subcommand.is_none() && !pool_type_given(std::env::args_os()) {
		cli.run.pool_config.pool_type = sc_cli::TransactionPoolType::SingleState;
	}

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<medanchor_runtime::opaque::Block>(&config))
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|mut config| async move {
				keep_rpc_port(&mut config);
				ensure_base_path_usable(&config)?;
				ensure_ports_free(&config)?;
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							medanchor_runtime::opaque::Block,
							<medanchor_runtime::opaque::Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}
