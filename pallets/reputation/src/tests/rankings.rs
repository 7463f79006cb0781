//! Rankings and one institution's reputation.

use super::*;

#[test]
fn rankings_order_by_score_then_timely_then_id() {
	ExtBuilder::default().build_and_execute(|| {
		Reputation::on_verdict(3, Verdict::MatchesLatest, Presenter::Court);
		Reputation::on_verdict(5, Verdict::Mismatch, Presenter::Court);
		timely(1, 2);
		timely(2, 2);
		let ranking = Reputation::rankings(10, None);
		let order: Vec<(u32, u32)> =
			ranking.iter().map(|entry| (entry.institution, entry.score)).collect();
		assert_eq!(order, vec![(3, 605), (1, 602), (2, 602), (5, 500)]);
		assert_eq!(ranking[0].tier, 2);
		assert_eq!(ranking[0].region, SHANGHAI);
		assert_eq!(Reputation::rankings(2, None).len(), 2);
		assert!(Reputation::rankings(0, None).is_empty());
	});
}

#[test]
fn rankings_filter_by_region_and_skip_inactive() {
	ExtBuilder::default().build_and_execute(|| {
		for institution in 0..6 {
			timely(institution, institution + 1);
		}
		let beijing: Vec<u32> =
			Reputation::rankings(10, Some(BEIJING)).iter().map(|entry| entry.institution).collect();
		assert_eq!(beijing, vec![4, 2, 0]);
		let shanghai: Vec<u32> = Reputation::rankings(10, Some(SHANGHAI))
			.iter()
			.map(|entry| entry.institution)
			.collect();
		assert_eq!(shanghai, vec![5, 3, 1]);
		assert_ok!(Institutions::suspend_entity(RuntimeOrigin::root(), 4, b"audit".to_vec()));
		let beijing: Vec<u32> =
			Reputation::rankings(10, Some(BEIJING)).iter().map(|entry| entry.institution).collect();
		assert_eq!(beijing, vec![2, 0]);
		assert!(Reputation::rankings(10, Some(*b"440305")).is_empty());
	});
}

#[test]
fn rankings_show_last_era_counts() {
	ExtBuilder::default().with_pot(1_000_000).with_budget(100).build_and_execute(|| {
		timely(0, 3);
		report(0, outcome(Timeliness::Late));
		end_era();
		while NextEraToPay::<Test>::get() < CurrentEra::<Test>::get() {
			next_block();
		}
		timely(0, 1);
		let entry = &Reputation::rankings(1, None)[0];
		assert_eq!(entry.last_era.timely, 3);
		assert_eq!(entry.last_era.late, 1);
	});
}

#[test]
fn reputation_view_reports_score_tier_and_history() {
	ExtBuilder::default().with_pot(1_000_000).with_budget(100).build_and_execute(|| {
		timely(0, 2);
		end_era();
		while NextEraToPay::<Test>::get() < CurrentEra::<Test>::get() {
			next_block();
		}
		timely(0, 1);
		let view = Reputation::reputation(0).unwrap();
		assert_eq!(view.score, 603);
		assert_eq!(view.tier, 2);
		assert_eq!(view.rate_limit_percent, 100);
		assert_eq!(view.current_era.timely, 1);
		assert_eq!(view.history.len(), 1);
		assert_eq!(view.history[0].era, 0);
		assert_eq!(view.history[0].counts.timely, 2);
		assert_eq!(view.history[0].paid, 100);
		let fresh = Reputation::reputation(11).unwrap();
		assert_eq!(fresh.score, 600);
		assert!(fresh.history.is_empty());
		assert!(Reputation::reputation(INSTITUTIONS).is_none());
	});
}
