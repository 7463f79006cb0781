//! Scores, tiers and payouts as the reputation pallet stores them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use medanchor_primitives::reputation::{EraIndex, Score};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// How much each kind of event moves an institution's score. Rewards are added and
/// penalties subtracted, saturating at the pallet's score bounds.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScoreRules {
	/// Reward for an anchor made at generation.
	pub at_generation: Score,
	/// Reward for a record written within its writing deadline.
	pub written_on_time: Score,
	/// Reward for a court verdict that the presented document matches the latest version.
	pub verdict_match: Score,
	/// Penalty for an anchor made late.
	pub late_anchor: Score,
	/// Penalty for a record written after its writing deadline.
	pub written_late: Score,
	/// Penalty per sequence number missing from an encounter.
	pub per_gap: Score,
	/// Penalty per record kind an inpatient encounter lacked at discharge.
	pub per_missing_kind: Score,
	/// Penalty for a court verdict that the presented document matches no version.
	pub verdict_mismatch: Score,
	/// Penalty for a court verdict that the presented record was never anchored.
	pub verdict_not_anchored: Score,
	/// Most an institution's score may rise from anchors and court matches within one era.
	/// Anchors are claims the chain cannot check, so volume alone must not buy the top tier.
	pub max_anchor_reward_per_era: Score,
	/// Most timely anchors of one institution that count toward its subsidy in one era;
	/// later ones are counted but add no weight.
	pub max_weighted_anchors_per_era: u32,
}

impl Default for ScoreRules {
	/// Returns small steps for routine anchoring, larger ones for omissions, and the largest
	/// for a court mismatch, on a scale of 0 to 1,000. Anchors raise a score by at most 50 per
	/// era, and at most 100,000 timely anchors per era count toward the subsidy.
	fn default() -> Self {
		ScoreRules {
			at_generation: 1,
			written_on_time: 1,
			verdict_match: 5,
			late_anchor: 2,
			written_late: 2,
			per_gap: 5,
			per_missing_kind: 10,
			verdict_mismatch: 100,
			verdict_not_anchored: 50,
			max_anchor_reward_per_era: 50,
			max_weighted_anchors_per_era: 100_000,
		}
	}
}

impl ScoreRules {
	/// Returns the largest amount of the rules.
	pub fn largest(&self) -> Score {
		[
			self.at_generation,
			self.written_on_time,
			self.verdict_match,
			self.late_anchor,
			self.written_late,
			self.per_gap,
			self.per_missing_kind,
			self.verdict_mismatch,
			self.verdict_not_anchored,
			self.max_anchor_reward_per_era,
		]
		.into_iter()
		.max()
		.unwrap_or_default()
	}
}

/// A tier: every score from `min_score` up to the next tier's threshold.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tier {
	/// Lowest score of the tier.
	pub min_score: Score,
	/// The tier's anchoring rate limit, in per cent of the base limit.
	pub rate_limit_percent: u32,
}

/// One institution's anchors in one era.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct EraEntry {
	/// Anchors made at generation.
	pub timely: u32,
	/// Anchors made late.
	pub late: u32,
	/// Sum over the counted timely anchors of the institution's score after each of them;
	/// the era's subsidy is split in proportion to it.
	pub weighted: u64,
	/// Score the institution gained from anchors in the era, up to the rules' cap.
	pub rewarded: Score,
}

/// An era's payout in progress.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct Payout<Balance> {
	/// The amount split among the era's institutions, fixed when the payout starts.
	pub budget: Balance,
	/// Sum of every institution's `weighted` in the era.
	pub total_weight: u128,
	/// Amount paid so far.
	pub paid: Balance,
}

/// A completed era of one institution, as its history keeps it.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct EraRecord<Balance> {
	/// The era.
	pub era: EraIndex,
	/// The institution's score when the payout reached it.
	pub score: Score,
	/// Anchors made at generation.
	pub timely: u32,
	/// Anchors made late.
	pub late: u32,
	/// The subsidy paid; zero when it was skipped or had no timely anchor.
	pub paid: Balance,
}

/// The reason an institution got no subsidy for an era.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum SkipReason {
	/// The institution is suspended or revoked.
	InstitutionInactive,
	/// The share rounds down to zero.
	NothingToPay,
	/// The transfer to the payout account failed, for example because the share is below the
	/// existential deposit of a payout account that does not exist yet.
	TransferFailed,
}
