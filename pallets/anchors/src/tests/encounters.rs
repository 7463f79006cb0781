//! Encounter numbering: gaps, filled gaps, mismatches and the discharge check.

use super::*;

fn gaps() -> Vec<SequenceGap> {
	Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().gaps.to_vec()
}

fn gap(first: u32, last: u32) -> SequenceGap {
	SequenceGap { first, last }
}

#[test]
fn skipped_sequence_numbers_are_recorded_as_gap() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 5, RecordKind::ProgressNote)));

		assert_eq!(gaps(), vec![gap(2, 4)]);
		assert_eq!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().next_sequence, 6);
		let events = anchor_events();
		assert_eq!(
			events.last(),
			Some(&Event::SequenceGapRecorded {
				institution: HOSPITAL,
				encounter: ENCOUNTER,
				first: 2,
				last: 4,
			})
		);
		assert_eq!(tally(HOSPITAL).new_gaps, 3);
	});
}

#[test]
fn first_record_with_high_sequence_opens_gap_from_one() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 3, RecordKind::Admission)));
		assert_eq!(gaps(), vec![gap(1, 2)]);
	});
}

#[test]
fn late_record_fills_gap_and_splits_it() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 6, RecordKind::ProgressNote)));
		assert_eq!(gaps(), vec![gap(2, 5)]);

		assert_ok!(anchor(record(3, 4, RecordKind::ProgressNote)));
		assert_eq!(gaps(), vec![gap(2, 3), gap(5, 5)]);
		assert_eq!(
			anchor_events().last(),
			Some(&Event::SequenceGapFilled {
				institution: HOSPITAL,
				encounter: ENCOUNTER,
				sequence: 4
			})
		);

		assert_ok!(anchor(record(4, 2, RecordKind::ProgressNote)));
		assert_ok!(anchor(record(5, 5, RecordKind::ProgressNote)));
		assert_eq!(gaps(), vec![gap(3, 3)]);
		assert_ok!(anchor(record(6, 3, RecordKind::ProgressNote)));
		assert!(gaps().is_empty());
		assert_eq!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().next_sequence, 7);
		assert_eq!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().records, 6);
	});
}

#[test]
fn anchor_record_with_used_sequence_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 2, RecordKind::ProgressNote)));
		assert_noop!(
			anchor(record(3, 1, RecordKind::ProgressNote)),
			Error::<Test>::SequenceAlreadyUsed
		);
		assert_noop!(
			anchor(record(3, 2, RecordKind::ProgressNote)),
			Error::<Test>::SequenceAlreadyUsed
		);
	});
}

#[test]
fn anchor_record_with_sequence_zero_or_max_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(anchor(record(1, 0, RecordKind::Admission)), Error::<Test>::InvalidSequence);
		assert_noop!(
			anchor(record(1, u32::MAX, RecordKind::Admission)),
			Error::<Test>::InvalidSequence
		);
		assert_ok!(anchor(record(1, u32::MAX - 1, RecordKind::Admission)));
		assert_eq!(gaps(), vec![gap(1, u32::MAX - 2)]);
	});
}

#[test]
fn anchor_record_beyond_gap_limit_fails() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxGapsPerEncounter is 3 in the mock.
		assert_ok!(anchor(record(1, 2, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 4, RecordKind::ProgressNote)));
		assert_ok!(anchor(record(3, 6, RecordKind::ProgressNote)));
		assert_eq!(gaps(), vec![gap(1, 1), gap(3, 3), gap(5, 5)]);
		assert_noop!(anchor(record(4, 8, RecordKind::ProgressNote)), Error::<Test>::TooManyGaps);
		// Continuing the numbering or filling a gap still works.
		assert_ok!(anchor(record(4, 7, RecordKind::ProgressNote)));
		assert_ok!(anchor(record(5, 3, RecordKind::ProgressNote)));
		assert_eq!(gaps(), vec![gap(1, 1), gap(5, 5)]);
	});
}

#[test]
fn filling_middle_of_gap_at_gap_limit_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 2, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 4, RecordKind::ProgressNote)));
		assert_ok!(anchor(record(3, 8, RecordKind::ProgressNote)));
		assert_eq!(gaps(), vec![gap(1, 1), gap(3, 3), gap(5, 7)]);
		// Taking 6 would split 5..=7 into two gaps, one more than the limit.
		assert_noop!(anchor(record(4, 6, RecordKind::ProgressNote)), Error::<Test>::TooManyGaps);
		assert_ok!(anchor(record(4, 5, RecordKind::ProgressNote)));
		assert_eq!(gaps(), vec![gap(1, 1), gap(3, 3), gap(6, 7)]);
	});
}

#[test]
fn encounter_with_other_patient_or_class_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_noop!(
			anchor(NewRecord { patient: [0xbb; 32], ..record(2, 2, RecordKind::ProgressNote) }),
			Error::<Test>::EncounterPatientMismatch
		);
		assert_noop!(
			anchor(NewRecord {
				class: EncounterClass::Outpatient,
				..record(2, 2, RecordKind::ProgressNote)
			}),
			Error::<Test>::EncounterClassMismatch
		);
	});
}

#[test]
fn same_encounter_reference_at_two_institutions_is_two_encounters() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(Anchors::anchor_record(
			RuntimeOrigin::signed(CLINIC_GATEWAY),
			None,
			NewRecord { patient: [0xbb; 32], ..record(2, 1, RecordKind::Admission) }
		));
		assert_eq!(Encounters::<Test>::get(CLINIC, ENCOUNTER).unwrap().patient, [0xbb; 32]);
		assert_eq!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().patient, PATIENT);
	});
}

#[test]
fn complete_inpatient_discharge_reports_nothing_missing() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 2, RecordKind::ProgressNote)));
		assert_ok!(anchor(record(3, 3, RecordKind::Discharge)));

		assert_eq!(
			anchor_events().last(),
			Some(&Event::EncounterDischarged {
				institution: HOSPITAL,
				encounter: ENCOUNTER,
				record: id(3),
				missing_kinds: kinds(&[]),
			})
		);
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(encounter.missing_at_discharge, Some(KindSet::default()));
		assert_eq!(tally(HOSPITAL).missing_kinds, 0);
	});
}

#[test]
fn discharge_without_admission_and_notes_reports_missing_kinds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		assert_ok!(anchor(record(2, 2, RecordKind::Discharge)));

		assert_eq!(
			anchor_events().last(),
			Some(&Event::EncounterDischarged {
				institution: HOSPITAL,
				encounter: ENCOUNTER,
				record: id(2),
				missing_kinds: kinds(&[RecordKind::Admission, RecordKind::ProgressNote]),
			})
		);
		assert_eq!(tally(HOSPITAL).missing_kinds, 2);

		// Records anchored afterwards do not change what was missing at discharge.
		assert_ok!(anchor(record(3, 3, RecordKind::Admission)));
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		let at_discharge = encounter.missing_at_discharge.unwrap();
		assert_eq!(at_discharge.kinds(), vec![RecordKind::Admission, RecordKind::ProgressNote]);
		assert_eq!(encounter.missing_kinds().kinds(), vec![RecordKind::ProgressNote]);
	});
}

#[test]
fn discharge_after_operation_requires_operation_record() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 2, RecordKind::ProgressNote)));
		assert_ok!(anchor(record(3, 3, RecordKind::Anaesthesia)));
		assert_ok!(anchor(record(4, 4, RecordKind::Discharge)));
		assert_eq!(
			anchor_events().last(),
			Some(&Event::EncounterDischarged {
				institution: HOSPITAL,
				encounter: ENCOUNTER,
				record: id(4),
				missing_kinds: kinds(&[RecordKind::Operation]),
			})
		);
	});
}

#[test]
fn record_documenting_operation_end_evidences_operation() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		let post_operative = NewRecord {
			event: Some(EventTime { event: ClinicalEvent::OperationEnd, at: now() - HOUR }),
			..record(2, 2, RecordKind::ProgressNote)
		};
		assert_ok!(anchor(post_operative));
		assert_ok!(anchor(record(3, 3, RecordKind::Discharge)));
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(encounter.missing_at_discharge.unwrap().kinds(), vec![RecordKind::Operation]);
	});
}

#[test]
fn second_discharge_record_keeps_first_check() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Discharge)));
		assert_ok!(anchor(record(2, 2, RecordKind::Admission)));
		assert_ok!(anchor(record(3, 3, RecordKind::Discharge)));
		let discharged = anchor_events()
			.into_iter()
			.filter(|event| matches!(event, Event::EncounterDischarged { .. }))
			.count();
		assert_eq!(discharged, 1);
	});
}

#[test]
fn outpatient_discharge_is_not_checked() {
	ExtBuilder::default().build_and_execute(|| {
		let outpatient = |number, sequence, kind| NewRecord {
			class: EncounterClass::Outpatient,
			..record(number, sequence, kind)
		};
		assert_ok!(anchor(outpatient(1, 1, RecordKind::Diagnosis)));
		assert_ok!(anchor(outpatient(2, 2, RecordKind::Discharge)));
		assert!(!anchor_events()
			.iter()
			.any(|event| matches!(event, Event::EncounterDischarged { .. })));
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(encounter.missing_at_discharge, None);
		assert!(encounter.missing_kinds().is_empty());
	});
}
