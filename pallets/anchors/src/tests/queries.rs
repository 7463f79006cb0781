//! The queries behind the runtime API: views, verification verdicts and paged indexes.

use super::*;
use medanchor_primitives::anchors::{AnchorRef as Ref, Verdict};

#[test]
fn record_view_lists_versions_with_timing() {
	ExtBuilder::default().build_and_execute(|| {
		let new = NewRecord {
			generated_at: now() - 2 * HOUR,
			event: Some(EventTime { event: ClinicalEvent::Admission, at: now() - 3 * HOUR }),
			..record(1, 1, RecordKind::Admission)
		};
		assert_ok!(anchor(new));
		next_block(3_000);
		assert_ok!(amend(1, 0, b"second"));

		let view = Anchors::record_view(id(1)).unwrap();
		assert_eq!(view.institution, HOSPITAL);
		assert_eq!(view.patient, PATIENT);
		assert_eq!(view.class, EncounterClass::Inpatient);
		assert_eq!(view.versions.len(), 2);
		assert_eq!(view.versions[0].index, 0);
		assert_eq!(view.versions[0].delay, 2 * HOUR);
		assert_eq!(view.versions[0].timeliness, Timeliness::Late);
		assert_eq!(view.versions[0].writing, WritingStatus::OnTime(WritingRule::AdmissionRecord));
		assert_eq!(view.versions[1].index, 1);
		assert_eq!(view.versions[1].block, 2);
		assert_eq!(view.versions[1].amendment, Some(AmendmentReason::Correction));
		assert!(Anchors::record_view(id(2)).is_none());
	});
}

#[test]
fn verify_content_returns_each_verdict() {
	ExtBuilder::default().build_and_execute(|| {
		let late =
			NewRecord { generated_at: now() - 2 * WINDOW, ..record(1, 1, RecordKind::Admission) };
		assert_ok!(anchor(late));
		assert_ok!(amend(1, 0, b"second"));

		let latest = Anchors::verify_content(id(1), hash_of(b"second"));
		assert_eq!(latest.verdict, Verdict::MatchesLatest);
		assert_eq!(latest.version, Some(1));
		assert_eq!(latest.timeliness, Some(Timeliness::AtGeneration));
		assert_eq!(latest.versions, 2);

		let earlier = Anchors::verify_content(id(1), hash_of(&[1]));
		assert_eq!(earlier.verdict, Verdict::MatchesEarlierVersion);
		assert_eq!(earlier.version, Some(0));
		assert_eq!(earlier.timeliness, Some(Timeliness::Late));

		let mismatch = Anchors::verify_content(id(1), hash_of(b"forged"));
		assert_eq!(mismatch.verdict, Verdict::Mismatch);
		assert_eq!(mismatch.version, None);
		assert_eq!(mismatch.versions, 2);

		// The same digest under another algorithm is another hash.
		let other_algorithm =
			ContentHash { algorithm: HashAlgorithm::Sm3, digest: hash_of(b"second").digest };
		assert_eq!(Anchors::verify_content(id(1), other_algorithm).verdict, Verdict::Mismatch);

		let unknown = Anchors::verify_content(id(9), hash_of(b"second"));
		assert_eq!(unknown.verdict, Verdict::NotAnchored);
		assert_eq!(unknown.versions, 0);
	});
}

#[test]
fn reverted_content_matches_latest_version() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		assert_ok!(amend(1, 0, b"second"));
		assert_ok!(amend(1, 1, &[1]));
		let verification = Anchors::verify_content(id(1), hash_of(&[1]));
		assert_eq!(verification.verdict, Verdict::MatchesLatest);
		assert_eq!(verification.version, Some(2));
	});
}

#[test]
fn encounter_view_reports_gaps_and_missing_kinds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		assert_ok!(anchor(record(2, 4, RecordKind::Discharge)));
		let view = Anchors::encounter_view(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(view.gaps, vec![SequenceGap { first: 2, last: 3 }]);
		assert_eq!(view.kinds, vec![RecordKind::Order, RecordKind::Discharge]);
		assert_eq!(view.missing_kinds, vec![RecordKind::Admission, RecordKind::ProgressNote]);
		assert_eq!(
			view.missing_at_discharge,
			Some(vec![RecordKind::Admission, RecordKind::ProgressNote])
		);
		assert_eq!(view.next_sequence, 5);
		assert_eq!(view.records, 2);
		assert!(Anchors::encounter_view(CLINIC, ENCOUNTER).is_none());
	});
}

#[test]
fn patient_records_page_through_index() {
	ExtBuilder::default().build_and_execute(|| {
		for number in 1..=25u8 {
			if number % 10 == 0 {
				next_block(3_000);
			}
			assert_ok!(anchor(record(number, u32::from(number), RecordKind::Nursing)));
		}
		let first = Anchors::patient_records(PATIENT, 0, 100);
		assert_eq!(first.records, (1..=10u8).map(id).collect::<Vec<_>>());
		assert_eq!(first.next, Some(10));
		let second = Anchors::patient_records(PATIENT, 10, 10);
		assert_eq!(second.records, (11..=20u8).map(id).collect::<Vec<_>>());
		let last = Anchors::patient_records(PATIENT, 20, 10);
		assert_eq!(last.records, (21..=25u8).map(id).collect::<Vec<_>>());
		assert_eq!(last.next, None);
		let beyond = Anchors::patient_records(PATIENT, 100, 10);
		assert!(beyond.records.is_empty());
		assert_eq!(beyond.next, None);
		let zero_limit = Anchors::patient_records(PATIENT, 0, 0);
		assert_eq!(zero_limit.records, vec![id(1)]);
		assert!(Anchors::patient_records([0x77; 32], 0, 10).records.is_empty());
	});
}

#[test]
fn institution_anchors_cover_block_range_in_order() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		assert_ok!(anchor(record(2, 2, RecordKind::Order)));
		next_block(3_000);
		assert_ok!(amend(1, 0, b"second"));
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch(3, 4)
		));
		next_block(3_000);
		next_block(3_000);
		assert_ok!(anchor(record(4, 3, RecordKind::Order)));

		let all = Anchors::institution_anchors(HOSPITAL, 1, 4, 100);
		assert_eq!(
			all.anchors,
			vec![
				(1, Ref::Record(id(1))),
				(1, Ref::Record(id(2))),
				(2, Ref::Amendment(id(1), 1)),
				(2, Ref::Batch(id(3))),
				(4, Ref::Record(id(4))),
			]
		);
		assert_eq!(all.next_block, None);

		let page = Anchors::institution_anchors(HOSPITAL, 1, 4, 2);
		assert_eq!(page.anchors.len(), 2);
		assert_eq!(page.next_block, Some(2));
		let rest = Anchors::institution_anchors(HOSPITAL, 2, 4, 2);
		assert_eq!(rest.anchors.len(), 2);
		assert_eq!(rest.next_block, Some(3));

		assert_eq!(Anchors::institution_anchors(HOSPITAL, 3, 3, 10).anchors, vec![]);
		assert!(Anchors::institution_anchors(HOSPITAL, 4, 1, 10).anchors.is_empty());
		assert!(Anchors::institution_anchors(CLINIC, 1, 4, 10).anchors.is_empty());
	});
}

#[test]
fn institution_anchors_search_at_most_page_size_blocks() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxPageSize is 10 in the mock.
		let page = Anchors::institution_anchors(HOSPITAL, 1, 1_000_000, 10);
		assert!(page.anchors.is_empty());
		assert_eq!(page.next_block, Some(11));
		let end = Anchors::institution_anchors(HOSPITAL, u64::MAX - 1, u64::MAX, 10);
		assert_eq!(end.next_block, None);
	});
}
