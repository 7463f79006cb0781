//! `set_writing_deadline` and `set_retention_period`.

use super::*;

#[test]
fn set_writing_deadline_by_root_changes_rule() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Anchors::set_writing_deadline(
			RuntimeOrigin::root(),
			WritingRule::DischargeRecord,
			12 * HOUR
		));
		assert_eq!(crate::WritingDeadlines::<Test>::get().discharge_record, 12 * HOUR);
		assert_eq!(crate::WritingDeadlines::<Test>::get().admission_record, 24 * HOUR);
		assert_eq!(
			anchor_events(),
			vec![Event::WritingDeadlineSet {
				rule: WritingRule::DischargeRecord,
				deadline: 12 * HOUR
			}]
		);
	});
}

#[test]
fn set_writing_deadline_out_of_range_fails() {
	ExtBuilder::default().build_and_execute(|| {
		for deadline in [0, crate::MAX_DEADLINE + 1, u64::MAX] {
			assert_noop!(
				Anchors::set_writing_deadline(
					RuntimeOrigin::root(),
					WritingRule::RescueRecord,
					deadline
				),
				Error::<Test>::InvalidDeadline
			);
		}
		assert_ok!(Anchors::set_writing_deadline(
			RuntimeOrigin::root(),
			WritingRule::RescueRecord,
			crate::MAX_DEADLINE
		));
		assert_ok!(Anchors::set_writing_deadline(
			RuntimeOrigin::root(),
			WritingRule::RescueRecord,
			1
		));
	});
}

#[test]
fn set_writing_deadline_by_signed_account_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Anchors::set_writing_deadline(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				WritingRule::RescueRecord,
				HOUR
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn set_retention_period_by_root_changes_class() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Anchors::set_retention_period(
			RuntimeOrigin::root(),
			EncounterClass::Emergency,
			7
		));
		let retention = crate::RetentionPeriods::<Test>::get();
		assert_eq!(retention.get(EncounterClass::Emergency), 7);
		assert_eq!(retention.get(EncounterClass::Outpatient), 5_479);
		assert_eq!(
			anchor_events(),
			vec![Event::RetentionPeriodSet { class: EncounterClass::Emergency, days: 7 }]
		);
	});
}

#[test]
fn set_retention_period_out_of_range_fails() {
	ExtBuilder::default().build_and_execute(|| {
		for days in [0, crate::MAX_RETENTION_DAYS + 1, u32::MAX] {
			assert_noop!(
				Anchors::set_retention_period(
					RuntimeOrigin::root(),
					EncounterClass::Inpatient,
					days
				),
				Error::<Test>::InvalidRetentionPeriod
			);
		}
	});
}

#[test]
fn set_retention_period_by_signed_account_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Anchors::set_retention_period(
				RuntimeOrigin::signed(HOSPITAL_GATEWAY),
				EncounterClass::Inpatient,
				7
			),
			DispatchError::BadOrigin
		);
	});
}
