use super::*;
use crate::{DisclosedRecord, ItemAccess};

#[test]
fn patient_records_are_disclosed_page_by_page_for_one_institution() {
	ExtBuilder.build_and_execute(|| {
		// Positions 0 to 5 of the patient's index: hospital, clinic, hospital ×4.
		anchor_hospital_record(1, 1);
		anchor_clinic_record(2, PATIENT);
		for (byte, sequence) in [(3, 2), (4, 3), (5, 4), (6, 5)] {
			anchor_hospital_record(byte, sequence);
		}
		anchor_clinic_record(7, OTHER_PATIENT);
		let case = open_default_case();

		assert_ok!(Judicial::query_patient_records(
			RuntimeOrigin::signed(CLERK),
			case,
			HOSPITAL,
			0,
			100
		));
		let Event::PatientRecordsDisclosed { entry, institution, records, next, .. } = last_event()
		else {
			panic!("records disclosed")
		};
		assert_eq!((entry, institution, next), (0, HOSPITAL, Some(4)));
		let ids: Vec<_> = records.iter().map(|record| record.id).collect();
		assert_eq!(ids, vec![id(1), id(3), id(4)]);
		assert_eq!(
			records[0],
			DisclosedRecord {
				id: id(1),
				encounter: ENCOUNTER,
				sequence: 1,
				kind: medanchor_primitives::records::RecordKind::ProgressNote,
				versions: 1,
				latest: hash_of(&[1]),
			}
		);

		assert_ok!(Judicial::query_patient_records(
			RuntimeOrigin::signed(CLERK),
			case,
			HOSPITAL,
			4,
			4
		));
		let Event::PatientRecordsDisclosed { entry, records, next, .. } = last_event() else {
			panic!("records disclosed")
		};
		assert_eq!(entry, 1);
		assert_eq!(records.iter().map(|record| record.id).collect::<Vec<_>>(), vec![id(5), id(6)]);
		assert_eq!(next, None);

		let log = AccessLog::<Test>::get(case, 0).unwrap();
		assert_eq!(log.clerk, CLERK);
		assert_eq!(log.court, CHAOYANG);
		assert_eq!(
			log.query,
			AccessQuery::PatientRecords { institution: HOSPITAL, cursor: 0, disclosed: 3 }
		);
		assert_eq!((log.block, log.at), (1, START));
		assert!(ItemAccess::<Test>::contains_key(SealItem::Record(id(1)), (case, 0)));
		assert!(ItemAccess::<Test>::contains_key(SealItem::Record(id(6)), (case, 1)));
		assert!(!ItemAccess::<Test>::contains_key(SealItem::Record(id(2)), (case, 0)));
	});
}

#[test]
fn patient_records_query_rejects_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let case = open_default_case();
		assert_noop!(
			Judicial::query_patient_records(RuntimeOrigin::signed(CLERK), case, CLINIC, 0, 4),
			Error::<Test>::NotCaseInstitution
		);
		assert_noop!(
			Judicial::query_patient_records(RuntimeOrigin::signed(STRANGER), case, HOSPITAL, 0, 4),
			Error::<Test>::NotAClerk
		);
		assert_noop!(
			Judicial::query_patient_records(RuntimeOrigin::signed(CLERK), 5, HOSPITAL, 0, 4),
			Error::<Test>::CaseNotFound
		);
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		assert_noop!(
			Judicial::query_patient_records(RuntimeOrigin::signed(CLERK), case, HOSPITAL, 0, 4),
			Error::<Test>::CaseNotOpen
		);
	});
}

#[test]
fn record_query_discloses_every_version() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		jump_to(START + 1_000);
		assert_ok!(amend(record, 0, b"corrected"));
		let case = open_default_case();
		assert_ok!(Judicial::query_record(RuntimeOrigin::signed(CLERK), case, record));
		let Event::RecordDisclosed { entry, record: view, .. } = last_event() else {
			panic!("record disclosed")
		};
		assert_eq!(entry, 0);
		assert_eq!(view.versions.len(), 2);
		assert_eq!(view.versions[1].content_hash, hash_of(b"corrected"));
		assert_eq!(AccessLog::<Test>::get(case, 0).unwrap().query, AccessQuery::Record(record));
	});
}

#[test]
fn record_query_rejects_records_outside_the_case() {
	ExtBuilder.build_and_execute(|| {
		let clinic_record = anchor_clinic_record(2, PATIENT);
		let other_patient = anchor_clinic_record(3, OTHER_PATIENT);
		let case = open_default_case();
		let clerk = RuntimeOrigin::signed(CLERK);
		assert_noop!(
			Judicial::query_record(clerk.clone(), case, id(9)),
			Error::<Test>::RecordNotFound
		);
		assert_noop!(
			Judicial::query_record(clerk.clone(), case, clinic_record),
			Error::<Test>::NotCaseInstitution
		);
		assert_ok!(Judicial::open_case(
			RuntimeOrigin::signed(CLERK),
			"（2026）京0105民初2号".into(),
			vec![CLINIC],
			PATIENT
		));
		assert_noop!(
			Judicial::query_record(clerk, 1, other_patient),
			Error::<Test>::NotCasePatient
		);
	});
}

#[test]
fn batch_query_reports_each_members_proof() {
	ExtBuilder.build_and_execute(|| {
		let (batch, mut members) = batch_with_members(8, PATIENT, 5);
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch.clone()
		));
		let case = open_default_case();
		// A valid member, a tampered one and one with a wrong index.
		let valid = members[1].clone();
		let mut tampered = members[2].clone();
		tampered.leaf.content_hash = hash_of(b"altered reading");
		let mut out_of_range = members.remove(0);
		out_of_range.index = 9;
		assert_ok!(Judicial::query_batch(
			RuntimeOrigin::signed(CLERK),
			case,
			batch.id,
			vec![valid, tampered, out_of_range]
		));
		let Event::BatchDisclosed { entry, batch: view, members, .. } = last_event() else {
			panic!("batch disclosed")
		};
		assert_eq!(entry, 0);
		assert_eq!(view.leaf_count, 5);
		assert_eq!(
			members,
			vec![
				(1, ProofStatus::Valid),
				(2, ProofStatus::Invalid),
				(9, ProofStatus::IndexOutOfRange)
			]
		);
		assert_eq!(
			AccessLog::<Test>::get(case, 0).unwrap().query,
			AccessQuery::Batch { batch: batch.id, members: 3 }
		);
	});
}

#[test]
fn batch_query_rejects_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let (batch, members) = batch_with_members(8, PATIENT, 5);
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch.clone()
		));
		let (other, other_members) = batch_with_members(7, OTHER_PATIENT, 2);
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			other.clone()
		));
		let case = open_default_case();
		let clerk = RuntimeOrigin::signed(CLERK);
		assert_noop!(
			Judicial::query_batch(clerk.clone(), case, batch.id, vec![]),
			Error::<Test>::InvalidMemberCount
		);
		assert_noop!(
			Judicial::query_batch(clerk.clone(), case, batch.id, members[..4].to_vec()),
			Error::<Test>::InvalidMemberCount
		);
		let mut long = members[0].clone();
		long.proof = vec![[0; 32]; 9];
		assert_noop!(
			Judicial::query_batch(clerk.clone(), case, batch.id, vec![long]),
			Error::<Test>::ProofTooLong
		);
		assert_noop!(
			Judicial::query_batch(clerk.clone(), case, id(1), members[..1].to_vec()),
			Error::<Test>::BatchNotFound
		);
		assert_noop!(
			Judicial::query_batch(clerk, case, other.id, other_members[..1].to_vec()),
			Error::<Test>::NotCasePatient
		);
	});
}

#[test]
fn access_log_is_complete_and_bounded() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let (batch, members) = batch_with_members(8, PATIENT, 2);
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch.clone()
		));
		let case = open_default_case();
		assert_ok!(Judicial::query_record(RuntimeOrigin::signed(CLERK), case, record));
		jump_to(START + 6_000);
		assert_ok!(Judicial::query_patient_records(
			RuntimeOrigin::signed(CLERK_2),
			case,
			HOSPITAL,
			0,
			4
		));
		assert_ok!(Judicial::query_batch(
			RuntimeOrigin::signed(CLERK),
			case,
			batch.id,
			members.clone()
		));
		// Rejected queries leave no entry.
		assert!(Judicial::query_record(RuntimeOrigin::signed(CLERK), case, id(9)).is_err());

		let log = Judicial::access_log(case, 0, 10);
		let summary: Vec<_> =
			log.iter().map(|(n, e)| (*n, e.clerk, e.block, e.query.clone())).collect();
		assert_eq!(
			summary,
			vec![
				(0, CLERK, 1, AccessQuery::Record(record)),
				(
					1,
					CLERK_2,
					2,
					AccessQuery::PatientRecords { institution: HOSPITAL, cursor: 0, disclosed: 1 }
				),
				(2, CLERK, 2, AccessQuery::Batch { batch: batch.id, members: 2 }),
			]
		);
		assert_eq!(Cases::<Test>::get(case).unwrap().access_entries, 3);
		assert_eq!(Judicial::access_log(case, 1, 1).len(), 1);
		assert!(Judicial::access_log(case, 0, 0).is_empty());

		for _ in 0..3 {
			assert_ok!(Judicial::query_record(RuntimeOrigin::signed(CLERK), case, record));
		}
		assert_noop!(
			Judicial::query_record(RuntimeOrigin::signed(CLERK), case, record),
			Error::<Test>::AccessLogFull
		);
	});
}
