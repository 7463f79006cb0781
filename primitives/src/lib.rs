//! Types and traits shared by MedAnchor's pallets, its runtime and its client.
//!
//! Pallets never depend on each other's `Config`; each states what it needs from another as a
//! trait in this crate, and the runtime wires the implementation in.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod anchors;
pub mod institutions;
pub mod judicial;
pub mod records;
pub mod reputation;

#[cfg(test)]
mod tests;
