//! Writing deadlines: each rule at its edge, records without a rule, and changed deadlines.

use super::*;

/// Anchors a record of `kind` documenting `event`, written `after` milliseconds after it.
fn written_after(number: u8, kind: RecordKind, event: ClinicalEvent, after: u64) -> WritingStatus {
	// One record per block keeps every case inside the rate limit.
	next_block(3_000);
	let generated_at = now();
	let new = NewRecord {
		event: Some(EventTime { event, at: generated_at - after }),
		generated_at,
		..record(number, u32::from(number), kind)
	};
	assert_ok!(anchor(new));
	Records::<Test>::get(id(number)).unwrap().versions[0].writing
}

#[test]
fn each_rule_is_on_time_at_deadline_and_late_one_millisecond_after() {
	ExtBuilder::default().build_and_execute(|| {
		let cases = [
			(RecordKind::ProgressNote, ClinicalEvent::Admission, WritingRule::FirstProgressNote, 8),
			(RecordKind::Admission, ClinicalEvent::Admission, WritingRule::AdmissionRecord, 24),
			(RecordKind::Operation, ClinicalEvent::OperationEnd, WritingRule::OperationRecord, 24),
			(RecordKind::ProgressNote, ClinicalEvent::Rescue, WritingRule::RescueRecord, 6),
			(RecordKind::Discharge, ClinicalEvent::Discharge, WritingRule::DischargeRecord, 24),
		];
		let mut number = 0u8;
		for (kind, event, rule, hours) in cases {
			let deadline = hours * HOUR;
			assert_eq!(DeadlinePolicy::default().get(rule), deadline);
			number += 1;
			assert_eq!(
				written_after(number, kind, event, deadline),
				WritingStatus::OnTime(rule),
				"{rule:?} at its deadline"
			);
			number += 1;
			assert_eq!(
				written_after(number, kind, event, deadline + 1),
				WritingStatus::Late(rule),
				"{rule:?} one millisecond late"
			);
			number += 1;
			assert_eq!(
				written_after(number, kind, event, 0),
				WritingStatus::OnTime(rule),
				"{rule:?} written at the event"
			);
		}
	});
}

#[test]
fn record_without_matching_rule_has_no_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(
			written_after(1, RecordKind::Nursing, ClinicalEvent::Admission, 100 * HOUR),
			WritingStatus::NoDeadline
		);
		assert_eq!(
			written_after(2, RecordKind::Admission, ClinicalEvent::Discharge, 100 * HOUR),
			WritingStatus::NoDeadline
		);
	});
}

#[test]
fn writing_status_is_independent_of_anchoring_timeliness() {
	ExtBuilder::default().build_and_execute(|| {
		// Written on time but anchored an hour later.
		let generated_at = now() - HOUR;
		let new = NewRecord {
			event: Some(EventTime { event: ClinicalEvent::Admission, at: generated_at - HOUR }),
			generated_at,
			..record(1, 1, RecordKind::Admission)
		};
		assert_ok!(anchor(new));
		let version = &Records::<Test>::get(id(1)).unwrap().versions[0];
		assert_eq!(version.timeliness, Timeliness::Late);
		assert_eq!(version.writing, WritingStatus::OnTime(WritingRule::AdmissionRecord));
		assert_eq!(
			tally(HOSPITAL),
			AnchorTally { late: 1, written_on_time: 1, ..Default::default() }
		);
	});
}

#[test]
fn changed_deadline_applies_to_later_records_only() {
	ExtBuilder::default().build_and_execute(|| {
		let status = written_after(1, RecordKind::ProgressNote, ClinicalEvent::Rescue, 5 * HOUR);
		assert_eq!(status, WritingStatus::OnTime(WritingRule::RescueRecord));
		assert_ok!(Anchors::set_writing_deadline(
			RuntimeOrigin::root(),
			WritingRule::RescueRecord,
			4 * HOUR
		));
		let status = written_after(2, RecordKind::ProgressNote, ClinicalEvent::Rescue, 5 * HOUR);
		assert_eq!(status, WritingStatus::Late(WritingRule::RescueRecord));
		assert_eq!(
			Records::<Test>::get(id(1)).unwrap().versions[0].writing,
			WritingStatus::OnTime(WritingRule::RescueRecord)
		);
	});
}
