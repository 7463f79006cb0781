//! The MedAnchor node.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are the SDK's own error types, returned by the SDK
// functions this crate calls; boxing them here would only add conversions.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() {
	if let Err(error) = command::run() {
		// One line with the cause, not the debug dump of the error enum.
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
