use super::*;
use medanchor_primitives::anchors::LegalHold;

fn seal(case: u32, items: Vec<SealItem>) -> frame_support::dispatch::DispatchResult {
	Judicial::seal_items(RuntimeOrigin::signed(CLERK), case, items)
}

#[test]
fn court_seals_records_and_batches_of_the_case() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let (batch, _) = batch_with_members(8, PATIENT, 2);
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch.clone()
		));
		let case = open_default_case();
		let items = vec![SealItem::Record(record), SealItem::Batch(batch.id)];
		assert_ok!(seal(case, items.clone()));
		assert_eq!(last_event(), Event::SealedByCourt { case, seal: 0, items });
		assert_eq!(Cases::<Test>::get(case).unwrap().court_seal, Some(0));
		let info = Seals::<Test>::get(0).unwrap();
		assert_eq!(info.basis, SealBasis::CourtOrder { case });
		assert_eq!(info.items, 2);
		assert!(Judicial::is_record_held(&record));
		assert!(Judicial::is_batch_held(&batch.id));
		assert!(!Judicial::is_record_held(&id(2)));

		// A sealed record cannot be amended.
		assert_noop!(amend(record, 0, b"rewritten"), pallet_anchors::Error::<Test>::RecordHeld);

		// Later calls add to the same seal.
		let second = anchor_hospital_record(2, 2);
		assert_ok!(seal(case, vec![SealItem::Record(second)]));
		assert_eq!(Seals::<Test>::get(0).unwrap().items, 3);
	});
}

#[test]
fn court_seal_rejects_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let clinic_record = anchor_clinic_record(2, PATIENT);
		let (other_batch, _) = batch_with_members(7, OTHER_PATIENT, 2);
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			other_batch.clone()
		));
		let case = open_default_case();
		assert_noop!(seal(case, vec![]), Error::<Test>::NoItems);
		let six: Vec<_> = (10..16).map(|byte| SealItem::Record(id(byte))).collect();
		assert_noop!(seal(case, six), Error::<Test>::TooManyItems);
		assert_noop!(
			seal(case, vec![SealItem::Record(record), SealItem::Record(record)]),
			Error::<Test>::DuplicateItem
		);
		assert_noop!(seal(case, vec![SealItem::Record(id(9))]), Error::<Test>::RecordNotFound);
		assert_noop!(seal(case, vec![SealItem::Batch(id(9))]), Error::<Test>::BatchNotFound);
		assert_noop!(
			seal(case, vec![SealItem::Record(clinic_record)]),
			Error::<Test>::NotCaseInstitution
		);
		assert_noop!(
			seal(case, vec![SealItem::Batch(other_batch.id)]),
			Error::<Test>::NotCasePatient
		);
		assert_noop!(
			Judicial::seal_items(
				RuntimeOrigin::signed(PUDONG_CLERK),
				case,
				vec![SealItem::Record(record)]
			),
			Error::<Test>::CaseOfOtherCourt
		);

		assert_ok!(seal(case, vec![SealItem::Record(record)]));
		assert_noop!(
			seal(case, vec![SealItem::Record(record)]),
			Error::<Test>::AlreadySealedByCase
		);
		// A bad item later in the list rolls the whole call back.
		let second = anchor_hospital_record(3, 2);
		assert_noop!(
			seal(case, vec![SealItem::Record(second), SealItem::Record(id(9))]),
			Error::<Test>::RecordNotFound
		);
		assert!(!Judicial::is_record_held(&second));
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		assert_noop!(seal(case, vec![SealItem::Record(second)]), Error::<Test>::CaseNotOpen);
	});
}

#[test]
fn seal_bounds_are_enforced() {
	ExtBuilder.build_and_execute(|| {
		let records: Vec<_> =
			(1..=9).map(|byte| anchor_hospital_record(byte, byte as u32)).collect();
		let case = open_default_case();
		assert_ok!(seal(case, records[..5].iter().map(|r| SealItem::Record(*r)).collect()));
		assert_ok!(seal(case, records[5..8].iter().map(|r| SealItem::Record(*r)).collect()));
		assert_noop!(
			seal(case, vec![SealItem::Record(records[8])]),
			Error::<Test>::TooManySealItems
		);

		// Three seals may name one record; a fourth is refused.
		for serial in 2..=3 {
			assert_ok!(Judicial::open_case(
				RuntimeOrigin::signed(CLERK),
				format!("（2026）京0105民初{serial}号").into_bytes(),
				vec![HOSPITAL],
				PATIENT
			));
		}
		assert_ok!(seal(1, vec![SealItem::Record(records[0])]));
		assert_ok!(seal(2, vec![SealItem::Record(records[0])]));
		assert_ok!(Judicial::open_case(
			RuntimeOrigin::signed(CLERK),
			"（2026）京0105民初4号".into(),
			vec![HOSPITAL],
			PATIENT
		));
		assert_noop!(
			seal(3, vec![SealItem::Record(records[0])]),
			Error::<Test>::TooManySealsOnItem
		);
	});
}

#[test]
fn two_cases_sealing_one_record_hold_it_until_both_close() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let first = open_default_case();
		let second = NextCaseId::<Test>::get();
		assert_ok!(Judicial::open_case(
			RuntimeOrigin::signed(PUDONG_CLERK),
			"（2026）沪0115民初8号".into(),
			vec![HOSPITAL],
			PATIENT
		));
		assert_ok!(seal(first, vec![SealItem::Record(record)]));
		assert_ok!(Judicial::seal_items(
			RuntimeOrigin::signed(PUDONG_CLERK),
			second,
			vec![SealItem::Record(record)]
		));
		assert_eq!(ItemSeals::<Test>::iter_key_prefix(SealItem::Record(record)).count(), 2);

		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), first));
		assert!(Judicial::is_record_held(&record));
		assert_noop!(amend(record, 0, b"rewritten"), pallet_anchors::Error::<Test>::RecordHeld);

		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(PUDONG_CLERK), second));
		assert!(!Judicial::is_record_held(&record));
		assert_ok!(amend(record, 0, b"rewritten"));
	});
}

#[test]
fn sealing_patient_records_goes_page_by_page() {
	ExtBuilder.build_and_execute(|| {
		// Positions: hospital 1..=3, clinic, hospital 4..=7.
		for byte in 1..=3 {
			anchor_hospital_record(byte, byte as u32);
		}
		anchor_clinic_record(20, PATIENT);
		for byte in 4..=7 {
			anchor_hospital_record(byte, byte as u32);
		}
		let case = open_default_case();
		// One record is sealed by list first and skipped by the page.
		assert_ok!(seal(case, vec![SealItem::Record(id(2))]));
		assert_ok!(Judicial::seal_patient_records(RuntimeOrigin::signed(CLERK), case, HOSPITAL, 0));
		assert_eq!(
			last_event(),
			Event::PatientRecordsSealed {
				case,
				institution: HOSPITAL,
				seal: Some(0),
				items: vec![
					SealItem::Record(id(1)),
					SealItem::Record(id(3)),
					SealItem::Record(id(4))
				],
				next: Some(5),
			}
		);
		assert_ok!(Judicial::seal_patient_records(RuntimeOrigin::signed(CLERK), case, HOSPITAL, 5));
		let Event::PatientRecordsSealed { items, next, .. } = last_event() else {
			panic!("sealed")
		};
		assert_eq!(
			items,
			vec![SealItem::Record(id(5)), SealItem::Record(id(6)), SealItem::Record(id(7))]
		);
		assert_eq!(next, None);
		assert!((1..=7).all(|byte| Judicial::is_record_held(&id(byte))));
		assert!(!Judicial::is_record_held(&id(20)));
		// Running a page again seals nothing new.
		assert_ok!(Judicial::seal_patient_records(RuntimeOrigin::signed(CLERK), case, HOSPITAL, 0));
		let Event::PatientRecordsSealed { items, .. } = last_event() else { panic!("sealed") };
		assert!(items.is_empty());
		assert_noop!(
			Judicial::seal_patient_records(RuntimeOrigin::signed(CLERK), case, CLINIC, 0),
			Error::<Test>::NotCaseInstitution
		);
	});
}

#[test]
fn pruning_keeps_sealed_records() {
	use frame_support::traits::Hooks;
	ExtBuilder.build_and_execute(|| {
		let sealed = anchor_hospital_record(1, 1);
		let case = open_default_case();
		assert_ok!(seal(case, vec![SealItem::Record(sealed)]));
		// Past the inpatient retention period, idle time prunes nothing held.
		let period = pallet_anchors::RetentionPeriods::<Test>::get()
			.get(medanchor_primitives::anchors::EncounterClass::Inpatient);
		jump_to(START + (u64::from(period) + 2) * 86_400_000);
		Anchors::on_idle(System::block_number(), frame_support::weights::Weight::MAX);
		assert!(pallet_anchors::Records::<Test>::contains_key(sealed));
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		jump_to(now() + 86_400_000);
		Anchors::on_idle(System::block_number(), frame_support::weights::Weight::MAX);
		assert!(!pallet_anchors::Records::<Test>::contains_key(sealed));
	});
}

#[test]
fn empty_page_makes_no_seal() {
	ExtBuilder.build_and_execute(|| {
		anchor_clinic_record(20, PATIENT);
		let case = open_default_case();
		assert_ok!(Judicial::seal_patient_records(RuntimeOrigin::signed(CLERK), case, HOSPITAL, 0));
		assert_eq!(
			last_event(),
			Event::PatientRecordsSealed {
				case,
				institution: HOSPITAL,
				seal: None,
				items: vec![],
				next: None
			}
		);
		assert_eq!(Cases::<Test>::get(case).unwrap().court_seal, None);
		assert_eq!(crate::NextSealId::<Test>::get(), 0);
		assert_ok!(Judicial::seal_patient_records(
			RuntimeOrigin::signed(CLERK),
			case,
			HOSPITAL,
			4_000_000_000
		));
		assert_eq!(crate::NextSealId::<Test>::get(), 0);
	});
}

#[test]
fn lifted_seals_free_their_places() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		// Three cases fill the record's three places, then close.
		for serial in 1..=3 {
			assert_ok!(Judicial::open_case(
				RuntimeOrigin::signed(CLERK),
				format!("（2026）京0105民初{serial}号").into_bytes(),
				vec![HOSPITAL],
				PATIENT
			));
			assert_ok!(seal(serial - 1, vec![SealItem::Record(record)]));
		}
		let fourth = open_default_case();
		assert_noop!(
			seal(fourth, vec![SealItem::Record(record)]),
			Error::<Test>::TooManySealsOnItem
		);
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), 0));
		// The lifted seal gives its place to the new one and leaves the record's index.
		assert_ok!(seal(fourth, vec![SealItem::Record(record)]));
		let indexed: Vec<_> =
			ItemSeals::<Test>::iter_key_prefix(SealItem::Record(record)).collect();
		assert_eq!(indexed.len(), 3);
		assert!(!indexed.contains(&0));
		assert!(Judicial::is_record_held(&record));
	});
}
