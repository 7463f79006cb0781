//! Era ends and paged payouts.

use super::*;

fn paid_events() -> Vec<(u32, u64)> {
	reputation_events()
		.into_iter()
		.filter_map(|event| match event {
			Event::SubsidyPaid { institution, amount, .. } => Some((institution, amount)),
			_ => None,
		})
		.collect()
}

/// Returns the skipped institutions and why, by institution.
fn skipped_events() -> Vec<(u32, SkipReason)> {
	let mut skipped: Vec<_> = reputation_events()
		.into_iter()
		.filter_map(|event| match event {
			Event::SubsidySkipped { institution, reason, .. } => Some((institution, reason)),
			_ => None,
		})
		.collect();
	skipped.sort_by_key(|(institution, _)| *institution);
	skipped
}

fn finished() -> Option<(u64, u64)> {
	reputation_events().into_iter().find_map(|event| match event {
		Event::PayoutFinished { paid, kept_in_pot, .. } => Some((paid, kept_in_pot)),
		_ => None,
	})
}

/// Runs blocks until no payout waits; returns how many blocks that took.
fn pay_out() -> u32 {
	let mut blocks = 0;
	while NextEraToPay::<Test>::get() < CurrentEra::<Test>::get() {
		next_block();
		blocks += 1;
		assert!(blocks < 100, "the payout does not finish");
	}
	blocks
}

#[test]
fn era_ends_after_era_length_blocks() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(CurrentEra::<Test>::get(), 0);
		for _ in 2..ERA {
			next_block();
		}
		assert_eq!(CurrentEra::<Test>::get(), 0);
		next_block();
		assert_eq!(System::block_number(), ERA);
		assert_eq!(CurrentEra::<Test>::get(), 1);
		assert!(reputation_events().contains(&Event::EraEnded { era: 0 }));
	});
}

#[test]
fn many_institutions_are_paid_over_several_blocks() {
	ExtBuilder::default().with_pot(10_000_000).with_budget(1_000_003).build_and_execute(|| {
		for institution in 0..INSTITUTIONS {
			timely(institution, institution + 1);
		}
		let weights: Vec<u64> = (0..INSTITUTIONS)
			.map(|institution| EraEntries::<Test>::get(0, institution).unwrap().weighted)
			.collect();
		let total: u64 = weights.iter().sum();
		let pot_before = Reputation::pot_balance();

		// The era ends at block 10; that block and the following ones pay four each.
		end_era();
		let mut per_block = vec![paid_events().len()];
		while NextEraToPay::<Test>::get() < CurrentEra::<Test>::get() {
			next_block();
			per_block.push(paid_events().len());
		}
		assert_eq!(per_block, vec![4, 8, 12, 12]);

		let paid = paid_events();
		assert_eq!(paid.len(), INSTITUTIONS as usize);
		for (institution, amount) in &paid {
			let expected = (1_000_003u128 * u128::from(weights[*institution as usize])
				/ u128::from(total)) as u64;
			assert_eq!(*amount, expected, "share of institution {institution}");
			assert_eq!(Balances::balance(&payout_of(*institution)), expected);
		}
		let total_paid: u64 = paid.iter().map(|(_, amount)| amount).sum();
		let (reported_paid, kept) = finished().unwrap();
		assert_eq!(reported_paid, total_paid);
		assert_eq!(total_paid + kept, 1_000_003);
		assert!(kept < u64::from(INSTITUTIONS), "only rounding stays behind: {kept}");
		assert_eq!(Reputation::pot_balance(), pot_before - total_paid);
		assert_eq!(EraEntries::<Test>::iter_prefix(0).count(), 0);
		assert!(Payouts::<Test>::get(0).is_none());
		assert_eq!(EraWeights::<Test>::get(0), 0);
	});
}

#[test]
fn suspended_and_revoked_institutions_are_skipped() {
	ExtBuilder::default().with_pot(1_000_000).with_budget(120_000).build_and_execute(|| {
		for institution in 0..4 {
			timely(institution, 10);
		}
		assert_ok!(Institutions::suspend_entity(RuntimeOrigin::root(), 1, b"audit".to_vec()));
		assert_ok!(Institutions::revoke_entity(RuntimeOrigin::root(), 2));
		end_era();
		pay_out();

		assert_eq!(
			skipped_events(),
			vec![(1, SkipReason::InstitutionInactive), (2, SkipReason::InstitutionInactive)]
		);
		assert_eq!(Balances::balance(&payout_of(1)), 0);
		assert_eq!(Balances::balance(&payout_of(2)), 0);
		let paid: u64 = paid_events().iter().map(|(_, amount)| amount).sum();
		assert_eq!(paid, 60_000);
		assert_eq!(finished(), Some((60_000, 60_000)));
		assert_eq!(Reputation::pot_balance(), 1_000_000 - 60_000);
	});
}

#[test]
fn empty_pot_pays_nothing() {
	ExtBuilder::default().with_budget(50_000).build_and_execute(|| {
		timely(0, 3);
		timely(1, 3);
		end_era();
		pay_out();
		assert!(paid_events().is_empty());
		assert_eq!(
			skipped_events(),
			vec![(0, SkipReason::NothingToPay), (1, SkipReason::NothingToPay)]
		);
		assert!(reputation_events().contains(&Event::PayoutStarted {
			era: 0,
			budget: 0,
			total_weight: 601 + 602 + 603 + 601 + 602 + 603,
		}));
		assert_eq!(finished(), Some((0, 0)));
	});
}

#[test]
fn budget_is_capped_by_pot_keeping_existential_deposit() {
	ExtBuilder::default().with_pot(1_010).with_budget(50_000).build_and_execute(|| {
		timely(0, 1);
		end_era();
		pay_out();
		// The pot keeps its existential deposit of 10.
		assert_eq!(paid_events(), vec![(0, 1_000)]);
		assert_eq!(Reputation::pot_balance(), 10);
	});
}

#[test]
fn share_below_existential_deposit_of_new_account_stays_in_pot() {
	ExtBuilder::default().with_pot(1_000_000).with_budget(15).build_and_execute(|| {
		// Two equal shares of 7; a payout account that does not exist cannot take 7 < 10.
		timely(0, 1);
		timely(2, 1);
		end_era();
		pay_out();
		assert_eq!(
			skipped_events(),
			vec![(0, SkipReason::TransferFailed), (2, SkipReason::TransferFailed)]
		);
		assert_eq!(finished(), Some((0, 15)));
		assert_eq!(Reputation::pot_balance(), 1_000_000);
	});
}

#[test]
fn institution_with_only_late_anchors_gets_nothing() {
	ExtBuilder::default().with_pot(1_000_000).with_budget(10_000).build_and_execute(|| {
		timely(0, 1);
		report(1, outcome(Timeliness::Late));
		end_era();
		pay_out();
		assert_eq!(paid_events(), vec![(0, 10_000)]);
		assert_eq!(skipped_events(), vec![(1, SkipReason::NothingToPay)]);
		let history = History::<Test>::get(1);
		assert_eq!(history.len(), 1);
		assert_eq!(history[0].late, 1);
		assert_eq!(history[0].paid, 0);
	});
}

#[test]
fn eras_are_paid_in_order_and_history_keeps_latest() {
	ExtBuilder::default().with_pot(10_000_000).with_budget(1_000).build_and_execute(|| {
		for era in 0..5u32 {
			timely(0, era + 1);
			end_era();
		}
		pay_out();
		let finished_eras: Vec<u32> = reputation_events()
			.into_iter()
			.filter_map(|event| match event {
				Event::PayoutFinished { era, .. } => Some(era),
				_ => None,
			})
			.collect();
		assert_eq!(finished_eras, vec![0, 1, 2, 3, 4]);
		assert_eq!(Balances::balance(&payout_of(0)), 5_000);
		// MaxHistory is 3 in the mock: eras 2, 3 and 4 remain.
		let history = History::<Test>::get(0);
		let eras: Vec<u32> = history.iter().map(|record| record.era).collect();
		assert_eq!(eras, vec![2, 3, 4]);
		assert_eq!(history[2].timely, 5);
	});
}

#[test]
fn payout_weight_grows_with_institutions_handled() {
	ExtBuilder::default().with_pot(1_000_000).with_budget(1_000).build_and_execute(|| {
		for institution in 0..INSTITUTIONS {
			timely(institution, 1);
		}
		end_era();
		let quiet = next_block();
		// Block 11 paid four institutions: the first four were paid in block 10.
		assert!(quiet.ref_time() >= <() as crate::WeightInfo>::pay(PER_BLOCK).ref_time());
		pay_out();
		let idle = next_block();
		assert_eq!(idle, <() as crate::WeightInfo>::on_initialize_idle());
	});
}

#[test]
fn next_era_waits_for_unfinished_payout() {
	ExtBuilder::default().with_pot(1_000_000).with_budget(1_200).build_and_execute(|| {
		assert_ok!(Reputation::set_era_length(RuntimeOrigin::root(), 1));
		for institution in 0..INSTITUTIONS {
			timely(institution, 1);
		}
		// Block 2 ends era 0 and pays four of its twelve institutions.
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 1);
		// Blocks 3 and 4 pay the rest; era 1 may not end while era 0 is being paid.
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 1);
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 1);
		assert_eq!(paid_events().len(), 12);
		// Block 5 finishes the payout, and block 6 ends era 1.
		next_block();
		assert_eq!(NextEraToPay::<Test>::get(), 1);
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 2);
	});
}
