//! The whole judicial flow on one case.

use super::*;

#[test]
fn open_query_seal_verify_close() {
	ExtBuilder.build_and_execute(|| {
		// The hospital anchors an admission record at generation and amends it an hour later.
		let record = anchor_hospital_record(1, 1);
		jump_to(START + 3_600_000);
		assert_ok!(amend(record, 0, b"amended admission record"));

		// A dispute: the court opens a case and finds the record.
		jump_to(START + 86_400_000);
		let case = open_default_case();
		assert_ok!(Judicial::query_patient_records(
			RuntimeOrigin::signed(CLERK),
			case,
			HOSPITAL,
			0,
			4
		));
		let Event::PatientRecordsDisclosed { records, .. } = last_event() else {
			panic!("disclosed")
		};
		assert_eq!(records.len(), 1);
		assert_eq!(records[0].versions, 2);
		assert_ok!(Judicial::query_record(RuntimeOrigin::signed(CLERK), case, record));

		// It seals the record; the hospital can no longer amend it.
		assert_ok!(Judicial::seal_items(
			RuntimeOrigin::signed(CLERK),
			case,
			vec![SealItem::Record(record)]
		));
		assert_noop!(
			amend(record, 1, b"rewritten during the case"),
			pallet_anchors::Error::<Test>::RecordHeld
		);

		// Each presented document gets its verdict.
		let presented = [
			(
				b"amended admission record".as_slice(),
				Presenter::Institution(HOSPITAL),
				Verdict::MatchesLatest,
			),
			(&[1u8][..], Presenter::PatientSide, Verdict::MatchesEarlierVersion),
			(b"edited copy".as_slice(), Presenter::Institution(HOSPITAL), Verdict::Mismatch),
		];
		for (content, by, expected) in presented {
			assert_ok!(Judicial::record_verdict(
				RuntimeOrigin::signed(CLERK),
				case,
				record,
				hash_of(content),
				by
			));
			let Event::VerdictRecorded { verdict, .. } = last_event() else { panic!("verdict") };
			assert_eq!(verdict, expected);
		}
		assert_ok!(Judicial::record_not_anchored(
			RuntimeOrigin::signed(CLERK),
			case,
			HOSPITAL,
			id(2),
			hash_of(b"nursing record never anchored"),
			Presenter::PatientSide
		));
		assert_eq!(Verdicts::<Test>::get(case, 3).unwrap().verdict, Verdict::NotAnchored);

		// Closing the case lifts the seal.
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		assert!(!Judicial::is_held(&SealItem::Record(record)));
		assert_ok!(amend(record, 1, b"after the judgment"));

		let view = Judicial::case_view(case).unwrap();
		assert_eq!(view.verdicts.len(), 4);
		assert_eq!(view.seals.len(), 1);
		assert_eq!(view.seals[0].state, SealState::Lifted);
		assert_eq!(view.access_entries, 2);
		assert!(view.closed.is_some());
	});
}
