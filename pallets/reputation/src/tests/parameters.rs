//! `set_rules`, `set_tiers`, `set_era_budget` and `fund_pot`.

use super::*;

fn tiers(thresholds: &[(u32, u32)]) -> Vec<Tier> {
	thresholds
		.iter()
		.map(|(min_score, rate_limit_percent)| Tier {
			min_score: *min_score,
			rate_limit_percent: *rate_limit_percent,
		})
		.collect()
}

#[test]
fn set_rules_by_root_replaces_rules() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules { verdict_mismatch: 1_000, ..Default::default() };
		assert_ok!(Reputation::set_rules(RuntimeOrigin::root(), rules));
		assert_eq!(Rules::<Test>::get(), rules);
		assert_eq!(reputation_events(), vec![Event::RulesSet { rules }]);
		Reputation::on_verdict(0, Verdict::Mismatch, Presenter::Court);
		assert_eq!(Reputation::score(0), 0);
	});
}

#[test]
fn set_rules_out_of_range_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules { per_gap: 1_001, ..Default::default() };
		assert_noop!(
			Reputation::set_rules(RuntimeOrigin::root(), rules),
			Error::<Test>::RuleOutOfRange
		);
	});
}

#[test]
fn set_tiers_by_root_replaces_tiers() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Reputation::set_tiers(RuntimeOrigin::root(), tiers(&[(0, 10), (600, 300)])));
		assert_eq!(Tiers::<Test>::get().len(), 2);
		assert_eq!(Reputation::percent_of_base(0), 300);
		assert_eq!(reputation_events(), vec![Event::TiersSet { count: 2 }]);
	});
}

#[test]
fn set_tiers_with_bad_thresholds_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let root = || RuntimeOrigin::root();
		assert_noop!(Reputation::set_tiers(root(), vec![]), Error::<Test>::NoTiers);
		assert_noop!(
			Reputation::set_tiers(root(), tiers(&[(1, 100)])),
			Error::<Test>::FirstTierNotAtMinimum
		);
		assert_noop!(
			Reputation::set_tiers(root(), tiers(&[(0, 100), (500, 100), (500, 200)])),
			Error::<Test>::TiersNotIncreasing
		);
		assert_noop!(
			Reputation::set_tiers(root(), tiers(&[(0, 100), (700, 100), (600, 200)])),
			Error::<Test>::TiersNotIncreasing
		);
		assert_noop!(
			Reputation::set_tiers(root(), tiers(&[(0, 100), (1_001, 200)])),
			Error::<Test>::TiersNotIncreasing
		);
		assert_noop!(
			Reputation::set_tiers(root(), tiers(&[(0, 1_001)])),
			Error::<Test>::RateLimitOutOfRange
		);
		let six: Vec<(u32, u32)> = (0..6).map(|index| (index * 100, 100)).collect();
		assert_noop!(Reputation::set_tiers(root(), tiers(&six)), Error::<Test>::TooManyTiers);
	});
}

#[test]
fn parameter_calls_by_signed_account_fail() {
	ExtBuilder::default().build_and_execute(|| {
		let signed = || RuntimeOrigin::signed(payout_of(0));
		assert_noop!(Reputation::set_rules(signed(), Default::default()), DispatchError::BadOrigin);
		assert_noop!(Reputation::set_tiers(signed(), default_tiers()), DispatchError::BadOrigin);
		assert_noop!(Reputation::set_era_budget(signed(), 5), DispatchError::BadOrigin);
		assert_noop!(Reputation::fund_pot(signed(), 5), DispatchError::BadOrigin);
		assert_noop!(Reputation::set_era_length(signed(), 5), DispatchError::BadOrigin);
	});
}

#[test]
fn set_era_budget_by_root_changes_budget() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Reputation::set_era_budget(RuntimeOrigin::root(), 1_234));
		assert_eq!(EraBudget::<Test>::get(), 1_234);
		assert_eq!(reputation_events(), vec![Event::EraBudgetSet { budget: 1_234 }]);
	});
}

#[test]
fn fund_pot_mints_into_pot() {
	ExtBuilder::default().build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(Reputation::fund_pot(RuntimeOrigin::root(), 5_000));
		assert_eq!(Reputation::pot_balance(), 5_000);
		assert_eq!(Balances::total_issuance(), issuance + 5_000);
		assert_eq!(reputation_events(), vec![Event::PotFunded { amount: 5_000 }]);
		assert_noop!(Reputation::fund_pot(RuntimeOrigin::root(), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Reputation::fund_pot(RuntimeOrigin::root(), u64::MAX),
			Error::<Test>::MintFailed
		);
	});
}

#[test]
fn anyone_may_fund_pot_by_transfer() {
	ExtBuilder::default().build_and_execute(|| {
		let donor = 77u64;
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), donor, 1_000));
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(donor),
			Reputation::pot_account(),
			400
		));
		assert_eq!(Reputation::pot_balance(), 400);
	});
}

#[test]
fn set_era_length_moves_era_end() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Reputation::set_era_length(RuntimeOrigin::root(), 3));
		assert_eq!(reputation_events(), vec![Event::EraLengthSet { length: 3 }]);
		// The era started at block 0 and has lasted three blocks at block 3.
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 0);
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 1);
		assert_eq!(crate::EraStart::<Test>::get(), 3);
		for _ in 0..2 {
			next_block();
		}
		assert_eq!(CurrentEra::<Test>::get(), 1);
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 2);
	});
}

#[test]
fn shorter_era_length_ends_long_era_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..5 {
			next_block();
		}
		assert_ok!(Reputation::set_era_length(RuntimeOrigin::root(), 2));
		next_block();
		assert_eq!(CurrentEra::<Test>::get(), 1);
	});
}

#[test]
fn set_era_length_zero_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Reputation::set_era_length(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidEraLength
		);
	});
}
