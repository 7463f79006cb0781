//! Genesis: default tiers, and invalid parameters rejected.

use super::*;
use crate::GenesisConfig;
use sp_runtime::BuildStorage;

#[test]
fn empty_genesis_tiers_give_one_base_tier() {
	let storage = GenesisConfig::<Test>::default().build_storage().unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(
			Tiers::<Test>::get().to_vec(),
			vec![Tier { min_score: 0, rate_limit_percent: 100 }]
		);
		assert_eq!(Rules::<Test>::get(), ScoreRules::default());
		assert_eq!(Reputation::percent_of_base(3), 100);
	});
}

#[test]
#[should_panic(expected = "tiers are invalid: TiersNotIncreasing")]
fn genesis_with_unordered_tiers_panics() {
	let _ = GenesisConfig::<Test> {
		tiers: vec![
			Tier { min_score: 0, rate_limit_percent: 100 },
			Tier { min_score: 0, rate_limit_percent: 200 },
		],
		..Default::default()
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "score rules are invalid: RuleOutOfRange")]
fn genesis_with_oversized_rule_panics() {
	let _ = GenesisConfig::<Test> {
		rules: Some(ScoreRules { verdict_mismatch: 5_000, ..Default::default() }),
		..Default::default()
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "the era length must be at least one block")]
fn genesis_with_zero_era_length_panics() {
	let _ = GenesisConfig::<Test> { era_length: Some(0), ..Default::default() }.build_storage();
}
