//! Runtime API of the judicial pallet: the evidence report on a record of a case, and the
//! cases, seals, courts and access logs behind it, read without a transaction.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// `decl_runtime_apis!` repeats the generic parameter's bound in the code it generates.
#![allow(clippy::multiple_bound_locations)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use medanchor_primitives::{
	judicial::{CaseId, CourtId, SealId, SealItem},
	records::RecordId,
};
use pallet_judicial::{AccessEntry, CaseView, CourtView, EvidenceReport, ReportError, SealView};

sp_api::decl_runtime_apis! {
	/// Evidence reports, cases, seals, courts and access logs.
	pub trait JudicialApi<AccountId: Codec, BlockNumber: Codec, Hash: Codec> {
		/// Returns everything a judge needs about a record of a case: the institution, every
		/// version with its hash, generation and anchoring times, delay, timeliness and block,
		/// the seals, verdicts and judicial queries that concern it.
		fn evidence_report(
			case: CaseId,
			record: RecordId,
		) -> Result<EvidenceReport<AccountId, BlockNumber, Hash>, ReportError>;

		/// Returns a case with its seals and verdicts.
		fn case(case: CaseId) -> Option<CaseView<AccountId, BlockNumber>>;

		/// Returns the case opened under a case number, written with any accepted brackets.
		fn case_by_number(number: Vec<u8>) -> Option<CaseId>;

		/// Returns entries of a case's access log from entry `cursor` on, with their numbers.
		fn access_log(case: CaseId, cursor: u32, limit: u32) -> Vec<(u32, AccessEntry<AccountId, BlockNumber>)>;

		/// Returns a seal with its items, its state and the patient side's signatures.
		fn seal(seal: SealId) -> Option<SealView<BlockNumber>>;

		/// Returns whether an active seal holds a record or batch.
		fn is_held(item: SealItem) -> bool;

		/// Returns a court with its clerks.
		fn court(court: CourtId) -> Option<CourtView<AccountId>>;
	}
}
