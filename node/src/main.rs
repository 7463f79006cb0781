//! The MedAnchor node.

#![warn(missing_docs)]

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
