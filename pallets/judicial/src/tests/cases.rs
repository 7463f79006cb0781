use super::*;

fn open(
	clerk: u64,
	number: &str,
	institutions: Vec<u32>,
) -> frame_support::dispatch::DispatchResult {
	Judicial::open_case(RuntimeOrigin::signed(clerk), number.into(), institutions, PATIENT)
}

#[test]
fn open_case_stores_case_under_its_number() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(open(CLERK, "(2026)京0105民初12345号", vec![HOSPITAL, CLINIC]));
		let case = Cases::<Test>::get(0).unwrap();
		assert_eq!(case.court, CHAOYANG);
		assert_eq!(case.number.to_vec(), CASE_NUMBER.as_bytes());
		assert_eq!(case.institutions.to_vec(), vec![HOSPITAL, CLINIC]);
		assert_eq!(case.patient, PATIENT);
		assert_eq!(case.opened_at, START);
		assert!(case.is_open());
		assert_eq!(Courts::<Test>::get(CHAOYANG).unwrap().open_cases, 1);
		assert_eq!(
			last_event(),
			Event::CaseOpened {
				case: 0,
				court: CHAOYANG,
				number: CASE_NUMBER.into(),
				institutions: vec![HOSPITAL, CLINIC],
				patient: PATIENT,
			}
		);
		// The same number in other brackets is the same case.
		assert_noop!(
			open(CLERK_2, "〔2026〕京0105民初12345号", vec![HOSPITAL]),
			Error::<Test>::CaseNumberInUse
		);
		assert_eq!(Judicial::case_by_number("(2026)京0105民初12345号".into()), Some(0));
		assert_eq!(Judicial::case_by_number("(2026)京0105民初1号".into()), None);
	});
}

#[test]
fn open_case_rejects_bad_input() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(open(STRANGER, CASE_NUMBER, vec![HOSPITAL]), Error::<Test>::NotAClerk);
		assert_noop!(
			Judicial::open_case(RuntimeOrigin::root(), CASE_NUMBER.into(), vec![HOSPITAL], PATIENT),
			DispatchError::BadOrigin
		);
		assert_noop!(
			open(CLERK, "京0105民初12345号", vec![HOSPITAL]),
			Error::<Test>::MalformedCaseNumber
		);
		assert_noop!(
			open(CLERK, "（2026）沪0115民初12345号", vec![HOSPITAL]),
			Error::<Test>::CaseNumberOfOtherCourt
		);
		assert_noop!(open(CLERK, CASE_NUMBER, vec![]), Error::<Test>::NoInstitutions);
		assert_noop!(
			open(CLERK, CASE_NUMBER, vec![HOSPITAL, CLINIC, 3, 4]),
			Error::<Test>::TooManyInstitutions
		);
		assert_noop!(
			open(CLERK, CASE_NUMBER, vec![HOSPITAL, HOSPITAL]),
			Error::<Test>::DuplicateInstitution
		);
		assert_noop!(
			open(CLERK, CASE_NUMBER, vec![UNREGISTERED]),
			Error::<Test>::InstitutionNotFound
		);
		assert_noop!(open(CLERK, CASE_NUMBER, vec![PLATFORM]), Error::<Test>::NotAnInstitution);
		// A number longer than the stored bound is malformed, not a panic.
		let long = format!("（2026）京0105{}12345号", "民".repeat(40));
		assert_noop!(open(CLERK, &long, vec![HOSPITAL]), Error::<Test>::MalformedCaseNumber);
	});
}

#[test]
fn close_case_lifts_its_seals() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let case = open_default_case();
		assert_ok!(Judicial::seal_items(
			RuntimeOrigin::signed(CLERK),
			case,
			vec![SealItem::Record(record)]
		));
		assert!(Judicial::is_held(&SealItem::Record(record)));
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK_2), case));
		assert_eq!(
			last_event(),
			Event::CaseClosed { case, court: CHAOYANG, seals_lifted: vec![0] }
		);
		assert!(!Judicial::is_held(&SealItem::Record(record)));
		assert_eq!(Judicial::seal_state(&Seals::<Test>::get(0).unwrap()), SealState::Lifted);
		let info = Cases::<Test>::get(case).unwrap();
		assert_eq!(info.closed, Some((1, START)));
		assert_eq!(Courts::<Test>::get(CHAOYANG).unwrap().open_cases, 0);
		assert_noop!(
			Judicial::close_case(RuntimeOrigin::signed(CLERK), case),
			Error::<Test>::CaseNotOpen
		);
		// The record can be amended again.
		assert_ok!(amend(record, 0, b"after the case"));
	});
}

#[test]
fn close_case_rejects_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let case = open_default_case();
		assert_noop!(
			Judicial::close_case(RuntimeOrigin::signed(CLERK), 7),
			Error::<Test>::CaseNotFound
		);
		assert_noop!(
			Judicial::close_case(RuntimeOrigin::signed(STRANGER), case),
			Error::<Test>::NotAClerk
		);
		assert_noop!(
			Judicial::close_case(RuntimeOrigin::signed(PUDONG_CLERK), case),
			Error::<Test>::CaseOfOtherCourt
		);
	});
}

#[test]
fn a_second_court_is_denied_everything_on_the_case() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let case = open_default_case();
		let other = RuntimeOrigin::signed(PUDONG_CLERK);
		assert_noop!(
			Judicial::query_patient_records(other.clone(), case, HOSPITAL, 0, 4),
			Error::<Test>::CaseOfOtherCourt
		);
		assert_noop!(
			Judicial::query_record(other.clone(), case, record),
			Error::<Test>::CaseOfOtherCourt
		);
		assert_noop!(
			Judicial::query_batch(other.clone(), case, id(9), vec![]),
			Error::<Test>::CaseOfOtherCourt
		);
		assert_noop!(
			Judicial::seal_items(other.clone(), case, vec![SealItem::Record(record)]),
			Error::<Test>::CaseOfOtherCourt
		);
		assert_noop!(
			Judicial::seal_patient_records(other.clone(), case, HOSPITAL, 0),
			Error::<Test>::CaseOfOtherCourt
		);
		assert_noop!(Judicial::adopt_seal(other.clone(), case, 0), Error::<Test>::CaseOfOtherCourt);
		assert_noop!(
			Judicial::record_verdict(other.clone(), case, record, hash_of(&[1]), Presenter::Court),
			Error::<Test>::CaseOfOtherCourt
		);
		assert_noop!(
			Judicial::record_not_anchored(
				other.clone(),
				case,
				HOSPITAL,
				id(2),
				hash_of(&[2]),
				Presenter::Court
			),
			Error::<Test>::CaseOfOtherCourt
		);
		assert_noop!(Judicial::close_case(other, case), Error::<Test>::CaseOfOtherCourt);
	});
}
