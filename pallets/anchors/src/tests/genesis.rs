//! Genesis: default and custom parameters, and invalid ones rejected.

use super::*;
use crate::GenesisConfig;

#[test]
fn default_genesis_sets_regulatory_defaults() {
	ExtBuilder::default().build_and_execute(|| {
		let deadlines = crate::WritingDeadlines::<Test>::get();
		assert_eq!(deadlines.get(WritingRule::FirstProgressNote), 8 * HOUR);
		assert_eq!(deadlines.get(WritingRule::AdmissionRecord), 24 * HOUR);
		assert_eq!(deadlines.get(WritingRule::OperationRecord), 24 * HOUR);
		assert_eq!(deadlines.get(WritingRule::RescueRecord), 6 * HOUR);
		assert_eq!(deadlines.get(WritingRule::DischargeRecord), 24 * HOUR);
		let retention = crate::RetentionPeriods::<Test>::get();
		assert_eq!(retention.get(EncounterClass::Outpatient), 5_479);
		assert_eq!(retention.get(EncounterClass::Emergency), 5_479);
		assert_eq!(retention.get(EncounterClass::Inpatient), 10_958);
	});
}

#[test]
fn custom_genesis_parameters_are_stored() {
	let genesis = GenesisConfig::<Test> {
		writing_deadlines: DeadlinePolicy { rescue_record: 2 * HOUR, ..Default::default() },
		retention_periods: RetentionPolicy { outpatient: 30, emergency: 60, inpatient: 90 },
		_config: Default::default(),
	};
	ExtBuilder::default().with_genesis(genesis).build_and_execute(|| {
		assert_eq!(crate::WritingDeadlines::<Test>::get().rescue_record, 2 * HOUR);
		assert_eq!(crate::RetentionPeriods::<Test>::get().get(EncounterClass::Emergency), 60);
	});
}

#[test]
#[should_panic(expected = "writing deadline of RescueRecord is invalid")]
fn genesis_with_zero_deadline_panics() {
	let genesis = GenesisConfig::<Test> {
		writing_deadlines: DeadlinePolicy { rescue_record: 0, ..Default::default() },
		..Default::default()
	};
	ExtBuilder::default().with_genesis(genesis).build();
}

#[test]
#[should_panic(expected = "retention period of Inpatient is invalid")]
fn genesis_with_zero_retention_panics() {
	let genesis = GenesisConfig::<Test> {
		retention_periods: RetentionPolicy { inpatient: 0, ..Default::default() },
		..Default::default()
	};
	ExtBuilder::default().with_genesis(genesis).build();
}
