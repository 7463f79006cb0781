//! Reputation as other pallets and clients see it: court verdicts reported to the reputation
//! pallet, and the views its runtime API returns.

use crate::{anchors::Verdict, institutions::EntityId, judicial::Presenter};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Reputation score of an institution, between the reputation pallet's bounds.
pub type Score = u32;

/// Index of a reputation era, counted from 0 at genesis.
pub type EraIndex = u32;

/// Receives every verification verdict a court records, for scoring.
pub trait VerdictObserver {
	/// Called after a court recorded `verdict` on a record of `institution`, for a document
	/// that `presenter` presented.
	fn on_verdict(institution: EntityId, verdict: Verdict, presenter: Presenter);
}

impl VerdictObserver for () {
	fn on_verdict(_institution: EntityId, _verdict: Verdict, _presenter: Presenter) {}
}

/// Anchors of one institution in one era.
#[derive(
	Clone, Copy, Debug, Decode, Default, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize,
)]
pub struct EraCounts {
	/// Anchors made at generation.
	pub timely: u32,
	/// Anchors made late.
	pub late: u32,
}

/// One institution in a ranking.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize)]
pub struct RankingEntry {
	/// The institution.
	pub institution: EntityId,
	/// Its current score.
	pub score: Score,
	/// Its tier, 0 being the lowest.
	pub tier: u32,
	/// Its GB/T 2260 region code.
	pub region: [u8; 6],
	/// Its anchors in the last completed era.
	pub last_era: EraCounts,
}

/// One completed era of one institution.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize)]
pub struct EraSummary<Balance> {
	/// The era.
	pub era: EraIndex,
	/// The institution's score when the era's payout reached it.
	pub score: Score,
	/// Its anchors in the era.
	pub counts: EraCounts,
	/// The subsidy paid to it for the era; zero when it was skipped.
	pub paid: Balance,
}

/// An institution's reputation with its recent history.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo, Serialize, Deserialize)]
pub struct ReputationView<Balance> {
	/// The institution.
	pub institution: EntityId,
	/// Its current score.
	pub score: Score,
	/// Its tier, 0 being the lowest.
	pub tier: u32,
	/// Its share of the base anchoring rate limit, in per cent.
	pub rate_limit_percent: u32,
	/// Its anchors so far in the current era.
	pub current_era: EraCounts,
	/// Completed eras in which it anchored, oldest first, up to the pallet's history limit.
	pub history: Vec<EraSummary<Balance>>,
}
