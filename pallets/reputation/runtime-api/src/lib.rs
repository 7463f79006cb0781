//! Runtime API of the reputation pallet: rankings of institutions and one institution's
//! score, tier and history.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// `decl_runtime_apis!` repeats the generic parameter's bound in the code it generates.
#![allow(clippy::multiple_bound_locations)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use medanchor_primitives::{
	institutions::EntityId,
	reputation::{RankingEntry, ReputationView},
};

sp_api::decl_runtime_apis! {
	/// Rankings, reputations and the subsidy pot.
	pub trait ReputationApi<Balance: Codec> {
		/// Returns up to `limit` (at most 1,000) active institutions by descending score,
		/// only those of `region` (a GB/T 2260 code) when given.
		fn rankings(limit: u32, region: Option<[u8; 6]>) -> Vec<RankingEntry>;

		/// Returns an institution's score, tier, rate limit, current-era counts and history;
		/// `None` when no entity has the id.
		fn reputation(institution: EntityId) -> Option<ReputationView<Balance>>;

		/// Returns the balance of the subsidy pot.
		fn pot_balance() -> Balance;
	}
}
