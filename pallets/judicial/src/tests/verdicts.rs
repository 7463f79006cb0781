use super::*;
use crate::RecordVerdicts;

fn verify(
	case: u32,
	record: [u8; 32],
	content: &[u8],
	by: Presenter,
) -> frame_support::dispatch::DispatchResult {
	Judicial::record_verdict(RuntimeOrigin::signed(CLERK), case, record, hash_of(content), by)
}

#[test]
fn each_verdict_is_recorded_and_reported() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		jump_to(START + 10_000);
		assert_ok!(amend(record, 0, b"v2"));
		let case = open_default_case();

		assert_ok!(verify(case, record, b"v2", Presenter::Institution(HOSPITAL)));
		assert_eq!(
			last_event(),
			Event::VerdictRecorded {
				case,
				index: 0,
				record,
				institution: HOSPITAL,
				presented_by: Presenter::Institution(HOSPITAL),
				verdict: Verdict::MatchesLatest,
				version: Some(1),
				timeliness: Some(Timeliness::AtGeneration),
			}
		);
		assert_ok!(verify(case, record, &[1], Presenter::PatientSide));
		assert_ok!(verify(case, record, b"forged", Presenter::Court));
		assert_ok!(Judicial::record_not_anchored(
			RuntimeOrigin::signed(CLERK),
			case,
			HOSPITAL,
			id(9),
			hash_of(b"never anchored"),
			Presenter::Institution(HOSPITAL)
		));

		let verdicts: Vec<_> =
			(0..4).map(|index| Verdicts::<Test>::get(case, index).unwrap().verdict).collect();
		assert_eq!(
			verdicts,
			vec![
				Verdict::MatchesLatest,
				Verdict::MatchesEarlierVersion,
				Verdict::Mismatch,
				Verdict::NotAnchored
			]
		);
		let earlier = Verdicts::<Test>::get(case, 1).unwrap();
		assert_eq!((earlier.version, earlier.versions, earlier.clerk), (Some(0), 2, CLERK));
		assert_eq!(earlier.presented, hash_of(&[1]));
		let mismatch = Verdicts::<Test>::get(case, 2).unwrap();
		assert_eq!((mismatch.version, mismatch.timeliness), (None, None));
		assert_eq!(
			TestVerdicts::reported(),
			vec![
				(HOSPITAL, Verdict::MatchesLatest, Presenter::Institution(HOSPITAL)),
				(HOSPITAL, Verdict::MatchesEarlierVersion, Presenter::PatientSide),
				(HOSPITAL, Verdict::Mismatch, Presenter::Court),
				(HOSPITAL, Verdict::NotAnchored, Presenter::Institution(HOSPITAL)),
			]
		);
		assert_eq!(RecordVerdicts::<Test>::iter_key_prefix(record).count(), 3);
		assert_eq!(Cases::<Test>::get(case).unwrap().verdicts, 4);
	});
}

#[test]
fn late_anchor_timeliness_is_recorded() {
	ExtBuilder.build_and_execute(|| {
		let mut late = record_of(id(1), PATIENT, ENCOUNTER, 1);
		late.generated_at = START - 3_600_000;
		assert_ok!(anchor(late));
		let case = open_default_case();
		assert_ok!(verify(case, id(1), &[1], Presenter::PatientSide));
		let Event::VerdictRecorded { verdict, timeliness, .. } = last_event() else {
			panic!("verdict")
		};
		assert_eq!((verdict, timeliness), (Verdict::MatchesLatest, Some(Timeliness::Late)));
	});
}

#[test]
fn verdicts_reject_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let clinic_record = anchor_clinic_record(2, PATIENT);
		let case = open_default_case();
		assert_noop!(verify(case, id(9), &[9], Presenter::Court), Error::<Test>::RecordNotFound);
		assert_noop!(
			verify(case, clinic_record, &[2], Presenter::Court),
			Error::<Test>::NotCaseInstitution
		);
		assert_noop!(
			verify(case, record, &[1], Presenter::Institution(CLINIC)),
			Error::<Test>::NotCaseInstitution
		);
		assert_ok!(verify(case, record, &[1], Presenter::Court));
		assert_noop!(verify(case, record, &[1], Presenter::Court), Error::<Test>::AlreadyVerified);
		// The same document from another presenter is its own verdict.
		assert_ok!(verify(case, record, &[1], Presenter::PatientSide));
		assert_noop!(
			Judicial::record_not_anchored(
				RuntimeOrigin::signed(CLERK),
				case,
				HOSPITAL,
				record,
				hash_of(&[1]),
				Presenter::Court
			),
			Error::<Test>::RecordIsAnchored
		);
		assert_noop!(
			Judicial::record_not_anchored(
				RuntimeOrigin::signed(CLERK),
				case,
				CLINIC,
				id(9),
				hash_of(&[1]),
				Presenter::Court
			),
			Error::<Test>::NotCaseInstitution
		);
		assert_noop!(
			Judicial::record_verdict(
				RuntimeOrigin::signed(STRANGER),
				case,
				record,
				hash_of(&[1]),
				Presenter::Court
			),
			Error::<Test>::NotAClerk
		);
		for content in [b"a", b"b", b"c", b"d"] {
			assert_ok!(verify(case, record, content, Presenter::Court));
		}
		assert_noop!(verify(case, record, b"e", Presenter::Court), Error::<Test>::TooManyVerdicts);
		assert_eq!(TestVerdicts::reported().len(), 6);
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		assert_noop!(verify(case, record, b"f", Presenter::Court), Error::<Test>::CaseNotOpen);
	});
}
