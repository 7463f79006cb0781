use super::*;
use crate::{ReportError, SealBasisView};

#[test]
fn evidence_report_gathers_everything_about_a_record() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		jump_to(START + 60_000);
		assert_ok!(amend(record, 0, b"v2"));
		let pair = patient_pair();
		let items = vec![SealItem::Record(record)];
		assert_ok!(Judicial::seal_by_agreement(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			[4; 32],
			PATIENT,
			items.clone(),
			patient_key(&pair),
			sign_agreement(&pair, [4; 32], &items)
		));
		jump_to(START + 120_000);
		let case = open_default_case();
		assert_ok!(Judicial::adopt_seal(RuntimeOrigin::signed(CLERK), case, 0));
		assert_ok!(Judicial::query_record(RuntimeOrigin::signed(CLERK), case, record));
		assert_ok!(Judicial::record_verdict(
			RuntimeOrigin::signed(CLERK),
			case,
			record,
			hash_of(b"v2"),
			Presenter::PatientSide
		));
		// The report is read from a later block, once the anchoring blocks have hashes.
		frame_system::BlockHash::<Test>::insert(1, sp_core::H256::repeat_byte(1));
		frame_system::BlockHash::<Test>::insert(2, sp_core::H256::repeat_byte(2));

		let report = Judicial::evidence_report(case, record).unwrap();
		assert_eq!(report.case_number, CASE_NUMBER.as_bytes());
		assert_eq!(report.court_name, "北京市朝阳区人民法院".as_bytes());
		assert!(report.case_open);
		assert_eq!(report.institution_region, Some(*b"110105"));
		assert_eq!(report.record.versions.len(), 2);
		assert_eq!(report.record.versions[1].delay, 0);
		assert_eq!(
			report.blocks.iter().map(|block| (block.number, block.block_hash)).collect::<Vec<_>>(),
			vec![
				(1, Some(sp_core::H256::repeat_byte(1))),
				(2, Some(sp_core::H256::repeat_byte(2)))
			]
		);
		assert!(report.held);
		assert_eq!(report.seals.len(), 1);
		let SealBasisView::Agreement { adopted_by, signatures, .. } = &report.seals[0].basis else {
			panic!("agreed seal")
		};
		assert_eq!(*adopted_by, Some(case));
		assert_eq!(signatures.len(), 1);
		assert_eq!(report.verdicts.len(), 1);
		assert_eq!(report.verdicts[0].1.verdict, Verdict::MatchesLatest);
		assert_eq!(report.access.len(), 1);
		assert_eq!(report.access[0].1.query, AccessQuery::Record(record));
		assert!(!report.truncated);
	});
}

#[test]
fn evidence_report_refuses_records_outside_the_case() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let clinic_record = anchor_clinic_record(2, PATIENT);
		let case = open_default_case();
		assert_eq!(Judicial::evidence_report(7, record).unwrap_err(), ReportError::CaseNotFound);
		assert_eq!(
			Judicial::evidence_report(case, id(9)).unwrap_err(),
			ReportError::RecordNotFound
		);
		assert_eq!(
			Judicial::evidence_report(case, clinic_record).unwrap_err(),
			ReportError::NotCaseInstitution
		);
		assert_ok!(Judicial::open_case(
			RuntimeOrigin::signed(CLERK),
			"（2026）京0105民初2号".into(),
			vec![HOSPITAL],
			OTHER_PATIENT
		));
		assert_eq!(Judicial::evidence_report(1, record).unwrap_err(), ReportError::NotCasePatient);
	});
}

#[test]
fn evidence_report_lists_are_bounded() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let case = open_default_case();
		for _ in 0..6 {
			assert_ok!(Judicial::query_record(RuntimeOrigin::signed(CLERK), case, record));
		}
		let report = Judicial::evidence_report(case, record).unwrap();
		assert_eq!(report.access.len(), 5);
		assert!(report.truncated);
		assert_eq!(
			report.access.iter().map(|(_, entry)| entry.block).collect::<Vec<_>>(),
			vec![1; 5]
		);
	});
}
