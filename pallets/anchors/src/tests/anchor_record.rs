//! `anchor_record`: storage, events, timeliness and every rejection.

use super::*;

#[test]
fn anchor_record_by_gateway_stores_first_version() {
	ExtBuilder::default().build_and_execute(|| {
		let generated_at = now() - 1_000;
		let new = NewRecord { generated_at, ..record(1, 1, RecordKind::Admission) };
		assert_ok!(anchor(new));

		let stored = Records::<Test>::get(id(1)).unwrap();
		assert_eq!(stored.institution, HOSPITAL);
		assert_eq!(stored.encounter, ENCOUNTER);
		assert_eq!(stored.unlisted, None);
		let facts = Anchors::facts_of(&stored).unwrap();
		assert_eq!(facts.patient, PATIENT);
		assert_eq!(facts.class, EncounterClass::Inpatient);
		assert_eq!(stored.sequence, 1);
		assert_eq!(stored.kind, RecordKind::Admission);
		assert_eq!(stored.versions.len(), 1);
		let version = &stored.versions[0];
		assert_eq!(version.content_hash, hash_of(&[1]));
		assert_eq!(version.generated_at, generated_at);
		assert_eq!(version.anchored_at, START);
		assert_eq!(version.block, 1);
		assert_eq!(version.delay(), 1_000);
		assert_eq!(version.timeliness, Timeliness::AtGeneration);
		assert_eq!(version.writing, WritingStatus::NoDeadline);
		assert_eq!(version.amendment, None);
		assert_eq!(version.via_platform, None);

		assert_eq!(EncounterRecords::<Test>::iter().count(), 0);
		let head = PatientIndexHeads::<Test>::get(PATIENT).unwrap();
		assert_eq!(head.count, 1);
		assert_eq!(head.open.into_inner(), vec![Some(id(1))]);
		assert_eq!(PatientRecords::<Test>::iter().count(), 0);
		assert_eq!(Anchors::institution_anchor_at(HOSPITAL, 1, 0), Some(AnchorRef::Record(id(1))));
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(encounter.next_sequence, 2);
		assert!(encounter.gaps.is_empty());
		assert!(encounter.kinds.contains(RecordKind::Admission));
		assert_eq!(encounter.records, 1);
		assert_eq!(encounter.first_page.into_inner(), vec![id(1)]);

		assert_eq!(
			anchor_events(),
			vec![Event::RecordAnchored {
				institution: HOSPITAL,
				record: id(1),
				kind: RecordKind::Admission,
				encounter: ENCOUNTER,
				sequence: 1,
				content_hash: hash_of(&[1]),
				delay: 1_000,
				timeliness: Timeliness::AtGeneration,
				writing: WritingStatus::NoDeadline,
				via_platform: None,
			}]
		);
		// The findings are reported once the block ends.
		assert!(TestObserver::reports().is_empty());
		end_block();
		let timely = AnchorTally { at_generation: 1, ..Default::default() };
		assert_eq!(TestObserver::reports(), vec![(HOSPITAL, timely)]);
	});
}

#[test]
fn anchor_record_delay_equal_to_window_is_at_generation() {
	ExtBuilder::default().build_and_execute(|| {
		let new = NewRecord { generated_at: now() - WINDOW, ..record(1, 1, RecordKind::Order) };
		assert_ok!(anchor(new));
		let version = &Records::<Test>::get(id(1)).unwrap().versions[0];
		assert_eq!(version.delay(), WINDOW);
		assert_eq!(version.timeliness, Timeliness::AtGeneration);
	});
}

#[test]
fn anchor_record_one_millisecond_over_window_is_late() {
	ExtBuilder::default().build_and_execute(|| {
		let new = NewRecord { generated_at: now() - WINDOW - 1, ..record(1, 1, RecordKind::Order) };
		assert_ok!(anchor(new));
		let version = &Records::<Test>::get(id(1)).unwrap().versions[0];
		assert_eq!(version.delay(), WINDOW + 1);
		assert_eq!(version.timeliness, Timeliness::Late);
		assert_eq!(tally(HOSPITAL).late, 1);
	});
}

#[test]
fn anchor_record_within_clock_drift_has_zero_delay() {
	ExtBuilder::default().build_and_execute(|| {
		let new = NewRecord { generated_at: now() + DRIFT, ..record(1, 1, RecordKind::Order) };
		assert_ok!(anchor(new));
		let version = &Records::<Test>::get(id(1)).unwrap().versions[0];
		assert_eq!(version.delay(), 0);
		assert_eq!(version.timeliness, Timeliness::AtGeneration);
	});
}

#[test]
fn anchor_record_beyond_clock_drift_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let new = NewRecord { generated_at: now() + DRIFT + 1, ..record(1, 1, RecordKind::Order) };
		assert_noop!(anchor(new), Error::<Test>::GeneratedInFuture);
	});
}

#[test]
fn anchor_record_by_delegated_platform_names_institution() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Anchors::anchor_record(
			RuntimeOrigin::signed(PLATFORM_GATEWAY),
			Some(HOSPITAL),
			record(1, 1, RecordKind::Order),
		));
		let stored = Records::<Test>::get(id(1)).unwrap();
		assert_eq!(stored.institution, HOSPITAL);
		assert_eq!(stored.versions[0].via_platform, Some(PLATFORM));
		assert!(matches!(
			anchor_events()[0],
			Event::RecordAnchored { institution: HOSPITAL, via_platform: Some(PLATFORM), .. }
		));
	});
}

#[test]
fn anchor_record_naming_own_institution_succeeds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Anchors::anchor_record(
			RuntimeOrigin::signed(HOSPITAL_GATEWAY),
			Some(HOSPITAL),
			record(1, 1, RecordKind::Order),
		));
		assert_eq!(Records::<Test>::get(id(1)).unwrap().versions[0].via_platform, None);
	});
}

#[test]
fn anchor_record_by_unregistered_account_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(STRANGER),
				None,
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::NotAnOperator
		);
	});
}

#[test]
fn anchor_record_unsigned_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Anchors::anchor_record(RuntimeOrigin::none(), None, record(1, 1, RecordKind::Order)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn anchor_record_by_suspended_institution_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Institutions::suspend_entity(
			RuntimeOrigin::root(),
			HOSPITAL,
			b"audit".to_vec()
		));
		assert_eq!(registry_actor(HOSPITAL_GATEWAY), None);
		assert_noop!(anchor(record(1, 1, RecordKind::Order)), Error::<Test>::InstitutionNotActive);
		assert_noop!(
			Anchors::anchor_batch(RuntimeOrigin::signed(HOSPITAL_DEVICE), None, batch(1, 5)),
			Error::<Test>::InstitutionNotActive
		);
	});
}

#[test]
fn anchor_record_by_admin_or_device_fails() {
	ExtBuilder::default().build_and_execute(|| {
		for account in [HOSPITAL_ADMIN, HOSPITAL_DEVICE] {
			assert_noop!(
				Anchors::anchor_record(
					RuntimeOrigin::signed(account),
					None,
					record(1, 1, RecordKind::Order)
				),
				Error::<Test>::WrongRole
			);
		}
	});
}

#[test]
fn anchor_record_by_platform_without_institution_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				None,
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::InstitutionRequired
		);
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				Some(PLATFORM),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::NotAnInstitution
		);
	});
}

#[test]
fn anchor_record_for_unknown_or_platform_entity_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				Some(UNREGISTERED),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::InstitutionNotFound
		);
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(HOSPITAL_GATEWAY),
				Some(PLATFORM),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::NotAnInstitution
		);
	});
}

#[test]
fn anchor_record_for_suspended_institution_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Institutions::suspend_entity(RuntimeOrigin::root(), CLINIC, b"audit".to_vec()));
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				Some(CLINIC),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::InstitutionNotActive
		);
	});
}

#[test]
fn anchor_record_without_delegation_fails() {
	ExtBuilder::default().build_and_execute(|| {
		// The clinic never delegated to the platform.
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				Some(CLINIC),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::NotDelegated
		);
		// An institution never anchors for another institution.
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(CLINIC_GATEWAY),
				Some(HOSPITAL),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::NotDelegated
		);
	});
}

#[test]
fn anchor_record_after_delegation_revoked_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Institutions::revoke_delegation(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PLATFORM
		));
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				Some(HOSPITAL),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::NotDelegated
		);
	});
}

#[test]
fn anchor_record_with_duplicate_id_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		assert_noop!(anchor(record(1, 2, RecordKind::Order)), Error::<Test>::RecordAlreadyAnchored);
		// Another institution cannot take the id either.
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(CLINIC_GATEWAY),
				None,
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::RecordAlreadyAnchored
		);
	});
}

#[test]
fn anchor_record_with_wrong_digest_length_fails() {
	ExtBuilder::default().build_and_execute(|| {
		for length in [0usize, 20, 31, 33, 64] {
			let new = NewRecord {
				content_hash: SubmittedHash {
					algorithm: HashAlgorithm::Sm3,
					digest: vec![7; length],
				},
				..record(1, 1, RecordKind::Order)
			};
			assert_noop!(anchor(new), Error::<Test>::UnsupportedDigestLength);
		}
	});
}

#[test]
fn anchor_record_keeps_each_hash_algorithm() {
	ExtBuilder::default().build_and_execute(|| {
		let algorithms = [HashAlgorithm::Blake2b256, HashAlgorithm::Sha256, HashAlgorithm::Sm3];
		for (index, algorithm) in algorithms.into_iter().enumerate() {
			let content_hash = ContentHash::of(algorithm, b"record");
			let number = index as u8 + 1;
			let new = NewRecord {
				content_hash: content_hash.into(),
				..record(number, u32::from(number), RecordKind::Order)
			};
			assert_ok!(anchor(new));
			assert_eq!(
				Records::<Test>::get(id(number)).unwrap().versions[0].content_hash,
				content_hash
			);
		}
	});
}

#[test]
fn anchor_record_event_after_generation_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let new = NewRecord {
			event: Some(EventTime { event: ClinicalEvent::Admission, at: now() + 1 }),
			..record(1, 1, RecordKind::Admission)
		};
		assert_noop!(anchor(new), Error::<Test>::EventAfterGeneration);
	});
}

#[test]
fn anchor_record_beyond_rate_limit_fails() {
	ExtBuilder::default().build_and_execute(|| {
		for number in 1..=BASE_LIMIT {
			assert_ok!(anchor(record(number as u8, number, RecordKind::Nursing)));
		}
		assert_eq!(usage(HOSPITAL), Some((1, BASE_LIMIT)));
		assert_noop!(
			anchor(record(100, 100, RecordKind::Nursing)),
			Error::<Test>::RateLimitExceeded
		);
		// Other institutions keep their own limit.
		assert_ok!(Anchors::anchor_record(
			RuntimeOrigin::signed(CLINIC_GATEWAY),
			None,
			NewRecord { encounter: [0x01; 32], ..record(100, 1, RecordKind::Nursing) }
		));
		// The next block starts afresh.
		next_block(3_000);
		assert_ok!(anchor(record(101, 11, RecordKind::Nursing)));
		assert_eq!(usage(HOSPITAL), Some((2, 1)));
	});
}

#[test]
fn anchor_record_rate_limit_scales_with_tier() {
	ExtBuilder::default().build_and_execute(|| {
		TestTiers::set(HOSPITAL, 150);
		assert_eq!(Anchors::rate_limit(HOSPITAL), BASE_LIMIT * 3 / 2);
		for number in 1..=15u32 {
			assert_ok!(anchor(record(number as u8, number, RecordKind::Nursing)));
		}
		assert_noop!(
			anchor(record(100, 100, RecordKind::Nursing)),
			Error::<Test>::RateLimitExceeded
		);

		TestTiers::set(CLINIC, 0);
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(CLINIC_GATEWAY),
				None,
				NewRecord { encounter: [0x01; 32], ..record(101, 1, RecordKind::Nursing) }
			),
			Error::<Test>::RateLimitExceeded
		);
	});
}

#[test]
fn anchor_record_by_removed_or_revoked_accounts_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Institutions::remove_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			HOSPITAL_GATEWAY
		));
		assert_noop!(anchor(record(1, 1, RecordKind::Order)), Error::<Test>::NotAnOperator);
		assert_ok!(Institutions::revoke_entity(RuntimeOrigin::root(), PLATFORM));
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				Some(HOSPITAL),
				record(1, 1, RecordKind::Order)
			),
			Error::<Test>::InstitutionNotActive
		);
	});
}
