//! Unit tests of the reputation pallet on the mock runtime.

use crate::{
	mock::*, CurrentEra, EraBudget, EraEntries, EraWeights, Error, Event, History, NextEraToPay,
	Payouts, Presenter, Rules, ScoreRules, Scores, SkipReason, Tier, Tiers, Timeliness, Verdict,
	VerdictObserver, WritingStatus,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use medanchor_primitives::anchors::{AnchorObserver, AnchorOutcome, AnchorTally, RateLimitScale};
use sp_runtime::DispatchError;

mod genesis;
mod parameters;
mod payout;
mod rankings;
mod score;
