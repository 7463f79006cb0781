//! Unit tests of the judicial pallet on the mock runtime.

use crate::{
	mock::*, AccessLog, AccessQuery, AgreementSignatures, Cases, Clerks, CourtStatus, Courts,
	Error, Event, ItemSeals, NextCaseId, PatientKey, Presenter, SealBasis, SealItem, SealState,
	Seals, Verdicts,
};
use frame_support::{assert_noop, assert_ok};
use medanchor_primitives::anchors::{ProofStatus, Timeliness, Verdict};
use sp_runtime::{DispatchError, MultiSignature};

mod case_numbers;
mod cases;
mod courts;
mod flow;
mod queries;
mod reports;
mod seals_by_agreement;
mod seals_by_court;
mod verdicts;
