//! `medanchor-load`: drives balance transfers and the three kinds of anchor calls into a
//! development node and reports throughput, latency, block fullness and state growth.
//! `scripts/bench.sh` starts the node and runs it.

use clap::Parser;
use medanchor_client::load::{self, Plan, Workload};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
	name = "medanchor-load",
	version,
	about = "Load generator for MedAnchor throughput, latency and state-size benchmarks",
	// A value such as `-1` after a flag is that flag's (rejected) value, not another flag.
	allow_negative_numbers = true
)]
struct Cli {
	/// WebSocket URL of a development node whose sudo key is //Alice. Hospitals an earlier run
	/// registered on its chain are reused.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Extrinsics per workload.
	#[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
	extrinsics: u32,
	/// Signing accounts per workload (1 to 8); the anchor workloads register one hospital
	/// each. Eight keep every hospital well under its anchors-per-block limit.
	#[arg(
		long,
		default_value_t = 8,
		value_parser = clap::value_parser!(u32).range(1..=i64::from(load::MAX_SENDERS))
	)]
	senders: u32,
	/// Records per `anchor_records` call (the runtime accepts 1 to 200).
	#[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=200))]
	records_per_call: u32,
	/// Members per batch (1 to 1048576, the runtime's limit).
	#[arg(long, default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..=1 << 20))]
	leaves_per_batch: u32,
	/// Records per encounter and patient in the anchor workloads (1 to 100000).
	#[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
	records_per_encounter: u32,
	/// Encounters each sender keeps open at once in the spread workload (1 to 100000). Each
	/// extrinsic takes the next one in turn, so with more open encounters than a sender's
	/// extrinsics in a block, no block holds two anchors of one encounter.
	#[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
	open_encounters: u32,
	/// Extrinsics submitted and not yet in a block at the start. The window doubles with
	/// each block until a block is full, then stays at the maximum one block took.
	#[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
	window: u32,
	/// Process id of the node, to report its peak memory.
	#[arg(long)]
	node_pid: Option<u32>,
	/// The node's log, to report how long it took to build the blocks.
	#[arg(long)]
	node_log: Option<std::path::PathBuf>,
	/// Workloads to run, in order: transfers, single, spread, many, batches.
	#[arg(long, value_delimiter = ',', default_value = "transfers,single,spread,many,batches")]
	workloads: Vec<String>,
	/// Writes the result tables, in Markdown, to this file.
	#[arg(long)]
	markdown: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	let mut workloads = Vec::new();
	for name in &cli.workloads {
		match Workload::parse(name) {
			Some(workload) => workloads.push(workload),
			None => {
				eprintln!(
					"error: unknown workload \"{name}\"; use transfers, single, spread, many or batches"
				);
				return ExitCode::from(2);
			},
		}
	}
	if let Some(pid) = cli.node_pid {
		// Resetting the peak memory of another process would corrupt its accounting.
		let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
		if name.trim() != "medanchor-node" {
			eprintln!(
				"error: --node-pid {pid} is not a running medanchor-node process; give the \
				 node's process id"
			);
			return ExitCode::from(2);
		}
	}
	// Fail before the run, not after it, when the tables cannot be written.
	if let Some(path) = &cli.markdown {
		if let Err(error) = std::fs::write(path, "") {
			eprintln!("error: cannot write {}: {error}", path.display());
			return ExitCode::from(2);
		}
	}
	let plan = Plan {
		extrinsics: cli.extrinsics,
		senders: cli.senders,
		records_per_call: cli.records_per_call,
		leaves_per_batch: cli.leaves_per_batch,
		records_per_encounter: cli.records_per_encounter,
		open_encounters: cli.open_encounters,
		window: usize::try_from(cli.window).unwrap_or(usize::MAX),
		node_pid: cli.node_pid,
		node_log: cli.node_log,
		workloads,
	};
	let results = match load::run(&cli.url, &plan).await {
		Ok(results) => results,
		Err(error) => {
			eprintln!("error: {error}");
			return ExitCode::FAILURE;
		},
	};
	let table = load::markdown(&plan, &results);
	println!("{table}");
	if let Some(path) = &cli.markdown {
		if let Err(error) = std::fs::write(path, &table) {
			eprintln!("error: cannot write {}: {error}", path.display());
			return ExitCode::FAILURE;
		}
	}
	let failed: u64 = results.iter().map(|m| m.failed).sum();
	if failed > 0 {
		eprintln!("error: {failed} extrinsics failed in their blocks");
		return ExitCode::FAILURE;
	}
	ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
	use super::Cli;
	use clap::Parser;

	#[test]
	fn out_of_range_values_name_their_flag() {
		let cases = [
			("--extrinsics", "0"),
			("--senders", "0"),
			("--senders", "9"),
			("--records-per-call", "0"),
			("--records-per-call", "201"),
			("--leaves-per-batch", "0"),
			("--leaves-per-batch", "1048577"),
			("--records-per-encounter", "0"),
			("--records-per-encounter", "100001"),
			("--open-encounters", "0"),
			("--open-encounters", "100001"),
			("--window", "0"),
			("--extrinsics", "-1"),
			("--senders", "-3"),
			("--window", "-1"),
			("--node-pid", "-1"),
		];
		for (flag, value) in cases {
			let Err(error) = Cli::try_parse_from(["medanchor-load", flag, value]) else {
				panic!("{flag} {value} was accepted");
			};
			assert_eq!(error.exit_code(), 2, "{flag} {value}");
			let message = error.to_string();
			assert!(message.contains(flag), "{flag} {value}: {message}");
			assert!(message.contains(value), "{flag} {value}: {message}");
		}
	}

	#[test]
	fn range_limits_are_accepted() {
		for (flag, value) in [
			("--senders", "8"),
			("--records-per-call", "200"),
			("--leaves-per-batch", "1048576"),
			("--open-encounters", "100000"),
		] {
			let parsed = Cli::try_parse_from(["medanchor-load", flag, value]);
			assert!(parsed.is_ok(), "{flag} {value} was rejected");
		}
	}
}
