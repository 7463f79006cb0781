//! Score moves for each kind of event, and saturation at both bounds.

use super::*;

#[test]
fn untouched_institution_has_initial_score() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Reputation::score(0), 600);
		assert!(Scores::<Test>::get(0).is_none());
	});
}

#[test]
fn each_anchor_finding_moves_score() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules::default();
		let cases: Vec<(AnchorOutcome, i64)> = vec![
			(outcome(Timeliness::AtGeneration), i64::from(rules.at_generation)),
			(outcome(Timeliness::Late), -i64::from(rules.late_anchor)),
			(
				AnchorOutcome { writing: on_time(), ..outcome(Timeliness::AtGeneration) },
				i64::from(rules.at_generation + rules.written_on_time),
			),
			(
				AnchorOutcome {
					writing: WritingStatus::Late(
						medanchor_primitives::anchors::WritingRule::RescueRecord,
					),
					..outcome(Timeliness::AtGeneration)
				},
				i64::from(rules.at_generation) - i64::from(rules.written_late),
			),
			(
				AnchorOutcome { new_gaps: 3, ..outcome(Timeliness::AtGeneration) },
				i64::from(rules.at_generation) - 3 * i64::from(rules.per_gap),
			),
			(
				AnchorOutcome { missing_kinds: 2, ..outcome(Timeliness::AtGeneration) },
				i64::from(rules.at_generation) - 2 * i64::from(rules.per_missing_kind),
			),
		];
		for (index, (outcome, change)) in cases.into_iter().enumerate() {
			let institution = index as u32;
			report(institution, outcome);
			assert_eq!(
				i64::from(Reputation::score(institution)),
				600 + change,
				"case {index}: {outcome:?}"
			);
		}
	});
}

#[test]
fn each_verdict_moves_score() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules::default();
		Reputation::on_verdict(0, Verdict::MatchesLatest, Presenter::Court);
		assert_eq!(Reputation::score(0), 600 + rules.verdict_match);
		Reputation::on_verdict(1, Verdict::MatchesEarlierVersion, Presenter::Court);
		assert_eq!(Reputation::score(1), 600);
		Reputation::on_verdict(2, Verdict::Mismatch, Presenter::Court);
		assert_eq!(Reputation::score(2), 600 - rules.verdict_mismatch);
		Reputation::on_verdict(3, Verdict::NotAnchored, Presenter::Court);
		assert_eq!(Reputation::score(3), 600 - rules.verdict_not_anchored);
	});
}

#[test]
fn patient_side_documents_reward_matches_only() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules::default();
		Reputation::on_verdict(0, Verdict::Mismatch, Presenter::PatientSide);
		Reputation::on_verdict(0, Verdict::NotAnchored, Presenter::PatientSide);
		assert_eq!(Reputation::score(0), 600);
		Reputation::on_verdict(0, Verdict::MatchesLatest, Presenter::PatientSide);
		assert_eq!(Reputation::score(0), 600 + rules.verdict_match);
		// The institution's own copy that matches nothing counts against it.
		Reputation::on_verdict(1, Verdict::Mismatch, Presenter::Institution(1));
		assert_eq!(Reputation::score(1), 600 - rules.verdict_mismatch);
	});
}

#[test]
fn other_institutions_copies_do_not_penalize() {
	ExtBuilder::default().build_and_execute(|| {
		Reputation::on_verdict(0, Verdict::Mismatch, Presenter::Institution(1));
		Reputation::on_verdict(0, Verdict::NotAnchored, Presenter::Institution(1));
		assert_eq!(Reputation::score(0), 600);
	});
}

#[test]
fn verdict_rewards_share_the_era_cap() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules::default();
		for _ in 0..100 {
			Reputation::on_verdict(0, Verdict::MatchesLatest, Presenter::Court);
		}
		assert_eq!(Reputation::score(0), 600 + rules.max_anchor_reward_per_era);
	});
}

#[test]
fn score_saturates_at_maximum() {
	ExtBuilder::default().build_and_execute(|| {
		Scores::<Test>::insert(0, 998);
		Reputation::on_verdict(0, Verdict::MatchesLatest, Presenter::Court);
		assert_eq!(Reputation::score(0), 1_000);
		timely(0, 5);
		assert_eq!(Reputation::score(0), 1_000);
	});
}

#[test]
fn score_saturates_at_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..10 {
			Reputation::on_verdict(0, Verdict::Mismatch, Presenter::Court);
		}
		assert_eq!(Reputation::score(0), 0);
		report(
			0,
			AnchorOutcome {
				new_gaps: u32::MAX,
				missing_kinds: u32::MAX,
				..outcome(Timeliness::Late)
			},
		);
		assert_eq!(Reputation::score(0), 0);
		timely(0, 1);
		assert_eq!(Reputation::score(0), 1);
	});
}

#[test]
fn crossing_threshold_emits_tier_change() {
	ExtBuilder::default().build_and_execute(|| {
		// 600 is in the tier from 500 (index 2); one mismatch drops it to 500, still tier 2.
		Reputation::on_verdict(0, Verdict::Mismatch, Presenter::Court);
		assert!(reputation_events().is_empty());
		Reputation::on_verdict(0, Verdict::Mismatch, Presenter::Court);
		assert_eq!(
			reputation_events(),
			vec![Event::TierChanged { institution: 0, from: 2, to: 1, score: 400 }]
		);
	});
}

#[test]
fn anchors_are_counted_per_era_with_weight() {
	ExtBuilder::default().build_and_execute(|| {
		timely(0, 2);
		report(0, outcome(Timeliness::Late));
		let entry = EraEntries::<Test>::get(0, 0).unwrap();
		assert_eq!(entry.timely, 2);
		assert_eq!(entry.late, 1);
		// Each timely anchor weighs the score after it: 601, then 602.
		assert_eq!(entry.weighted, 1_203);
		assert_eq!(EraWeights::<Test>::get(0), 1_203);
		assert_eq!(entry.rewarded, 2);
	});
}

#[test]
fn rate_limit_follows_tier() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Reputation::percent_of_base(0), 100);
		for _ in 0..3 {
			Reputation::on_verdict(0, Verdict::Mismatch, Presenter::Court);
		}
		assert_eq!(Reputation::score(0), 300);
		assert_eq!(Reputation::percent_of_base(0), 50);
		Reputation::on_verdict(0, Verdict::Mismatch, Presenter::Court);
		assert_eq!(Reputation::percent_of_base(0), 25);
		Scores::<Test>::insert(1, 950);
		assert_eq!(Reputation::percent_of_base(1), 200);
		assert_eq!(Reputation::tier_of_score(899), 3);
		assert_eq!(Reputation::tier_of_score(900), 4);
	});
}

#[test]
fn anchor_that_costs_points_weighs_lowered_score() {
	ExtBuilder::default().build_and_execute(|| {
		report(0, AnchorOutcome { new_gaps: 200, ..outcome(Timeliness::AtGeneration) });
		assert_eq!(Reputation::score(0), 0);
		let entry = EraEntries::<Test>::get(0, 0).unwrap();
		assert_eq!(entry.timely, 1);
		assert_eq!(entry.weighted, 0);
		assert_eq!(EraWeights::<Test>::get(0), 0);
	});
}

#[test]
fn anchor_rewards_are_capped_per_era() {
	ExtBuilder::default().build_and_execute(|| {
		let cap = ScoreRules::default().max_anchor_reward_per_era;
		timely(0, cap + 100);
		assert_eq!(Reputation::score(0), 600 + cap);
		// Penalties still apply past the cap, and court matches share it.
		report(0, outcome(Timeliness::Late));
		assert_eq!(Reputation::score(0), 600 + cap - 2);
		Reputation::on_verdict(0, Verdict::MatchesLatest, Presenter::Court);
		assert_eq!(Reputation::score(0), 600 + cap - 2);
		// The next era starts a new allowance.
		end_era();
		timely(0, 1);
		assert_eq!(Reputation::score(0), 600 + cap - 1);
	});
}

#[test]
fn timely_anchors_beyond_cap_add_no_weight() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules { max_weighted_anchors_per_era: 3, ..Default::default() };
		assert_ok!(Reputation::set_rules(RuntimeOrigin::root(), rules));
		timely(0, 10);
		let entry = EraEntries::<Test>::get(0, 0).unwrap();
		assert_eq!(entry.timely, 10);
		assert_eq!(entry.weighted, 601 + 602 + 603);
	});
}

#[test]
fn block_tally_sums_findings() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules::default();
		let tally = AnchorTally {
			at_generation: 3,
			late: 1,
			written_on_time: 1,
			written_late: 1,
			new_gaps: 2,
			missing_kinds: 1,
		};
		Reputation::on_anchors(0, &tally);
		let reward = 3 * rules.at_generation + rules.written_on_time;
		let penalty =
			rules.late_anchor + rules.written_late + 2 * rules.per_gap + rules.per_missing_kind;
		let after = 600 + reward - penalty;
		assert_eq!(Reputation::score(0), after);
		let entry = EraEntries::<Test>::get(0, 0).unwrap();
		assert_eq!((entry.timely, entry.late, entry.rewarded), (3, 1, reward));
		// The block's timely anchors weigh the score it leaves.
		assert_eq!(entry.weighted, 3 * u64::from(after));
		assert_eq!(EraWeights::<Test>::get(0), 3 * u128::from(after));
	});
}

#[test]
fn block_tally_respects_era_caps() {
	ExtBuilder::default().build_and_execute(|| {
		let rules = ScoreRules { max_weighted_anchors_per_era: 4, ..Default::default() };
		assert_ok!(Reputation::set_rules(RuntimeOrigin::root(), rules));
		let many = AnchorTally { at_generation: 10_000, ..Default::default() };
		Reputation::on_anchors(0, &many);
		let after = 600 + rules.max_anchor_reward_per_era;
		assert_eq!(Reputation::score(0), after);
		let entry = EraEntries::<Test>::get(0, 0).unwrap();
		assert_eq!(entry.timely, 10_000);
		assert_eq!(entry.rewarded, rules.max_anchor_reward_per_era);
		assert_eq!(entry.weighted, 4 * u64::from(after));
		// The allowance is used up: a later block adds neither reward nor weight.
		Reputation::on_anchors(0, &AnchorTally { at_generation: 2, ..Default::default() });
		let entry = EraEntries::<Test>::get(0, 0).unwrap();
		assert_eq!((entry.timely, entry.weighted), (10_002, 4 * u64::from(after)));
		assert_eq!(Reputation::score(0), after);
	});
}
