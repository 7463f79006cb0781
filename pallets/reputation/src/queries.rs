//! Read-only queries behind the `ReputationApi` runtime API.

use super::*;
use medanchor_primitives::reputation::{EraCounts, EraSummary, RankingEntry, ReputationView};

/// Maximum number of entries a ranking returns.
pub const MAX_RANKING_LENGTH: u32 = 1_000;

impl<T: Config> Pallet<T> {
	/// Returns the counts of `institution` in the last completed era, from its history.
	fn last_era_counts(institution: EntityId) -> EraCounts {
		let last_era = CurrentEra::<T>::get().checked_sub(1);
		History::<T>::get(institution)
			.last()
			.filter(|record| Some(record.era) == last_era)
			.map(|record| EraCounts { timely: record.timely, late: record.late })
			.unwrap_or_default()
	}

	/// Returns up to `limit` active institutions, optionally of one region, by descending
	/// score. Ties go to more timely anchors in the last era, then to the lower id. Only
	/// institutions that have anchored or received a verdict are ranked.
	pub fn rankings(limit: u32, region: Option<[u8; 6]>) -> Vec<RankingEntry> {
		let mut entries: Vec<RankingEntry> = Scores::<T>::iter()
			.filter(|(institution, _)| T::Registry::is_active(*institution))
			.filter_map(|(institution, score)| {
				let institution_region = T::Registry::region(institution)?;
				if region.is_some_and(|wanted| wanted != institution_region) {
					return None;
				}
				Some(RankingEntry {
					institution,
					score,
					tier: Self::tier_of_score(score),
					region: institution_region,
					last_era: Self::last_era_counts(institution),
				})
			})
			.collect();
		entries.sort_by(|a, b| {
			b.score
				.cmp(&a.score)
				.then(b.last_era.timely.cmp(&a.last_era.timely))
				.then(a.institution.cmp(&b.institution))
		});
		entries.truncate(limit.min(MAX_RANKING_LENGTH) as usize);
		entries
	}

	/// Returns an institution's score, tier, rate limit, current-era counts and history;
	/// `None` when no entity has the id.
	pub fn reputation(institution: EntityId) -> Option<ReputationView<BalanceOf<T>>> {
		T::Registry::kind(institution)?;
		let score = Self::score(institution);
		let current = EraEntries::<T>::get(CurrentEra::<T>::get(), institution).unwrap_or_default();
		let history = History::<T>::get(institution)
			.into_iter()
			.map(|record| EraSummary {
				era: record.era,
				score: record.score,
				counts: EraCounts { timely: record.timely, late: record.late },
				paid: record.paid,
			})
			.collect();
		Some(ReputationView {
			institution,
			score,
			tier: Self::tier_of_score(score),
			rate_limit_percent: Self::rate_limit_percent_of_score(score),
			current_era: EraCounts { timely: current.timely, late: current.late },
			history,
		})
	}

	/// Returns what the pot holds.
	pub fn pot_balance() -> BalanceOf<T> {
		T::Currency::balance(&Self::pot_account())
	}
}
