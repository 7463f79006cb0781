//! The end of an era and the paged payout of its subsidies.

use super::*;
use frame_support::traits::tokens::{Fortitude, Preservation};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding, traits::Saturating, Rounding,
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// Ends the current era in `block`, which starts the next one; the ended era's payout
	/// starts with the next call of [`Self::pay_some`].
	pub(crate) fn end_era(block: BlockNumberFor<T>) {
		let era = CurrentEra::<T>::get();
		CurrentEra::<T>::put(era.saturating_add(1));
		EraStart::<T>::put(block);
		Self::deposit_event(Event::EraEnded { era });
	}

	/// Pays or skips up to `max` institutions of the oldest era not paid out yet, moving on
	/// to later eras as each finishes. Returns the weight used.
	pub(crate) fn pay_some(max: u32) -> Weight {
		let mut weight = Weight::zero();
		let mut handled = 0u32;
		while handled < max {
			let era = NextEraToPay::<T>::get();
			if era >= CurrentEra::<T>::get() {
				break;
			}
			let mut payout = match Payouts::<T>::get(era) {
				Some(payout) => payout,
				None => Self::start_payout(era),
			};
			match EraEntries::<T>::iter_prefix(era).next() {
				Some((institution, entry)) => {
					EraEntries::<T>::remove(era, institution);
					Self::pay_institution(era, institution, entry, &mut payout);
					Payouts::<T>::insert(era, payout);
					handled = handled.saturating_add(1);
				},
				None => {
					Self::finish_payout(era, payout);
					NextEraToPay::<T>::put(era.saturating_add(1));
					weight = weight.saturating_add(T::WeightInfo::finish_payout());
				},
			}
		}
		if handled > 0 {
			weight = weight.saturating_add(T::WeightInfo::pay(handled));
		}
		weight
	}

	/// Fixes the budget of `era`'s payout: the era budget, or what the pot can pay while
	/// keeping its existential deposit if that is less.
	fn start_payout(era: EraIndex) -> Payout<BalanceOf<T>> {
		let available = T::Currency::reducible_balance(
			&Self::pot_account(),
			Preservation::Preserve,
			Fortitude::Polite,
		);
		let budget = EraBudget::<T>::get().min(available);
		let total_weight = EraWeights::<T>::take(era);
		Self::deposit_event(Event::PayoutStarted { era, budget, total_weight });
		Payout { budget, total_weight, paid: Zero::zero() }
	}

	fn pay_institution(
		era: EraIndex,
		institution: EntityId,
		entry: EraEntry,
		payout: &mut Payout<BalanceOf<T>>,
	) {
		// Shares round down, so their sum never exceeds the budget.
		let share: BalanceOf<T> = multiply_by_rational_with_rounding(
			payout.budget.saturated_into::<u128>(),
			u128::from(entry.weighted),
			payout.total_weight,
			Rounding::Down,
		)
		.unwrap_or_default()
		.saturated_into();

		let outcome = if !T::Registry::is_active(institution) {
			Err(SkipReason::InstitutionInactive)
		} else if share.is_zero() {
			Err(SkipReason::NothingToPay)
		} else {
			match T::Registry::payout_account(institution) {
				None => Err(SkipReason::InstitutionInactive),
				Some(account) => T::Currency::transfer(
					&Self::pot_account(),
					&account,
					share,
					Preservation::Preserve,
				)
				.map(|_| account)
				.map_err(|error| {
					log::debug!(
						target: LOG_TARGET,
						"subsidy of era {era} to institution {institution} failed: {error:?}"
					);
					SkipReason::TransferFailed
				}),
			}
		};

		let paid = match outcome {
			Ok(account) => {
				payout.paid = payout.paid.saturating_add(share);
				Self::deposit_event(Event::SubsidyPaid {
					era,
					institution,
					account,
					amount: share,
				});
				share
			},
			Err(reason) => {
				Self::deposit_event(Event::SubsidySkipped { era, institution, reason });
				Zero::zero()
			},
		};

		let record = EraRecord {
			era,
			score: Self::score(institution),
			timely: entry.timely,
			late: entry.late,
			paid,
		};
		History::<T>::mutate(institution, |history| {
			if history.is_full() {
				history.remove(0);
			}
			// There is room: the oldest record was removed when the history was full.
			let _ = history.try_push(record);
		});
	}

	fn finish_payout(era: EraIndex, payout: Payout<BalanceOf<T>>) {
		Payouts::<T>::remove(era);
		Self::deposit_event(Event::PayoutFinished {
			era,
			paid: payout.paid,
			kept_in_pot: payout.budget.saturating_sub(payout.paid),
		});
	}
}
