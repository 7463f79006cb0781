//! `amend_record`: versions in order, who may amend, and every rejection.

use super::*;

#[test]
fn amendments_keep_every_version_in_order() {
	ExtBuilder::default().build_and_execute(|| {
		let first = NewRecord {
			generated_at: START - 4 * WINDOW,
			..record(1, 1, RecordKind::ProgressNote)
		};
		assert_ok!(anchor(first));
		next_block(3_000);
		assert_ok!(Anchors::amend_record(
			RuntimeOrigin::signed(HOSPITAL_GATEWAY),
			id(1),
			0,
			hash_of(b"second").into(),
			START - 3 * WINDOW,
			AmendmentReason::Correction,
			None,
		));
		next_block(3_000);
		let generated_at = now() - 2 * WINDOW;
		assert_ok!(Anchors::amend_record(
			RuntimeOrigin::signed(HOSPITAL_GATEWAY),
			id(1),
			1,
			hash_of(b"third").into(),
			generated_at,
			AmendmentReason::SeniorReview,
			None,
		));

		let stored = Records::<Test>::get(id(1)).unwrap();
		let hashes: Vec<_> = stored.versions.iter().map(|version| version.content_hash).collect();
		assert_eq!(hashes, vec![hash_of(&[1]), hash_of(b"second"), hash_of(b"third")]);
		let blocks: Vec<_> = stored.versions.iter().map(|version| version.block).collect();
		assert_eq!(blocks, vec![1, 2, 3]);
		let reasons: Vec<_> = stored.versions.iter().map(|version| version.amendment).collect();
		assert_eq!(
			reasons,
			vec![None, Some(AmendmentReason::Correction), Some(AmendmentReason::SeniorReview)]
		);
		let generated: Vec<_> =
			stored.versions.iter().map(|version| version.generated_at).collect();
		assert_eq!(generated, vec![START - 4 * WINDOW, START - 3 * WINDOW, generated_at]);
		assert_eq!(stored.versions[2].timeliness, Timeliness::Late);
		assert_eq!(
			Anchors::institution_anchor_at(HOSPITAL, 3, 0),
			Some(AnchorRef::Amendment(id(1), 2))
		);
		assert_eq!(
			anchor_events().last(),
			Some(&Event::RecordAmended {
				institution: HOSPITAL,
				record: id(1),
				version: 2,
				content_hash: hash_of(b"third"),
				reason: AmendmentReason::SeniorReview,
				delay: 2 * WINDOW,
				timeliness: Timeliness::Late,
				writing: WritingStatus::NoDeadline,
				via_platform: None,
			})
		);
		// Each anchor was the hospital's only one in its block, and each was late.
		end_block();
		let late = AnchorTally { late: 1, ..Default::default() };
		assert_eq!(TestObserver::reports(), vec![(HOSPITAL, late); 3]);
	});
}

#[test]
fn amendment_by_delegated_platform_is_marked() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		assert_ok!(Anchors::amend_record(
			RuntimeOrigin::signed(PLATFORM_GATEWAY),
			id(1),
			0,
			hash_of(b"second").into(),
			now(),
			AmendmentReason::Supplement,
			None,
		));
		assert_eq!(Records::<Test>::get(id(1)).unwrap().versions[1].via_platform, Some(PLATFORM));
	});
}

#[test]
fn amend_record_of_other_institution_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		assert_noop!(
			Anchors::amend_record(
				RuntimeOrigin::signed(CLINIC_GATEWAY),
				id(1),
				0,
				hash_of(b"x").into(),
				now(),
				AmendmentReason::Correction,
				None
			),
			Error::<Test>::NotRecordOwner
		);
		assert_ok!(Institutions::revoke_delegation(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PLATFORM
		));
		assert_noop!(
			Anchors::amend_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				id(1),
				0,
				hash_of(b"x").into(),
				now(),
				AmendmentReason::Correction,
				None
			),
			Error::<Test>::NotDelegated
		);
	});
}

#[test]
fn amend_record_by_non_operator_or_device_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		for (account, error) in [
			(STRANGER, Error::<Test>::NotAnOperator),
			(HOSPITAL_DEVICE, Error::<Test>::WrongRole),
			(HOSPITAL_ADMIN, Error::<Test>::WrongRole),
		] {
			assert_noop!(
				Anchors::amend_record(
					RuntimeOrigin::signed(account),
					id(1),
					0,
					hash_of(b"x").into(),
					now(),
					AmendmentReason::Correction,
					None
				),
				error
			);
		}
	});
}

#[test]
fn amend_unknown_record_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(amend(9, 0, b"x"), Error::<Test>::RecordNotFound);
	});
}

#[test]
fn amend_naming_unknown_or_superseded_version_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		assert_noop!(amend(1, 1, b"x"), Error::<Test>::PreviousVersionNotFound);
		assert_noop!(amend(1, u16::MAX, b"x"), Error::<Test>::PreviousVersionNotFound);
		assert_ok!(amend(1, 0, b"second"));
		assert_noop!(amend(1, 0, b"x"), Error::<Test>::PreviousVersionSuperseded);
	});
}

#[test]
fn amendment_generated_before_previous_version_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		assert_noop!(
			Anchors::amend_record(
				RuntimeOrigin::signed(HOSPITAL_GATEWAY),
				id(1),
				0,
				hash_of(b"x").into(),
				now() - 1,
				AmendmentReason::Correction,
				None
			),
			Error::<Test>::AmendmentPredatesPrevious
		);
	});
}

#[test]
fn amendment_in_future_or_with_bad_hash_or_event_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		let amend_with = |hash: SubmittedHash, generated_at: u64, event: Option<EventTime>| {
			Anchors::amend_record(
				RuntimeOrigin::signed(HOSPITAL_GATEWAY),
				id(1),
				0,
				hash,
				generated_at,
				AmendmentReason::Correction,
				event,
			)
		};
		assert_noop!(
			amend_with(hash_of(b"x").into(), now() + DRIFT + 1, None),
			Error::<Test>::GeneratedInFuture
		);
		assert_noop!(
			amend_with(
				SubmittedHash { algorithm: HashAlgorithm::Sha256, digest: vec![1; 16] },
				now(),
				None
			),
			Error::<Test>::UnsupportedDigestLength
		);
		assert_noop!(
			amend_with(
				hash_of(b"x").into(),
				now(),
				Some(EventTime { event: ClinicalEvent::Rescue, at: now() + 1 })
			),
			Error::<Test>::EventAfterGeneration
		);
	});
}

#[test]
fn amend_record_under_hold_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		TestHolds::hold_record(id(1));
		assert_noop!(amend(1, 0, b"x"), Error::<Test>::RecordHeld);
		TestHolds::release_record(id(1));
		assert_ok!(amend(1, 0, b"x"));
	});
}

#[test]
fn amend_record_beyond_version_limit_fails() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxVersions is 4 in the mock.
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		for previous in 0..3u16 {
			assert_ok!(amend(1, previous, &[previous as u8, 0xa0]));
		}
		assert_noop!(amend(1, 3, b"fifth"), Error::<Test>::TooManyVersions);
	});
}

#[test]
fn amend_record_counts_against_rate_limit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		TestTiers::set(HOSPITAL, 10);
		next_block(3_000);
		// A tenth of the base limit is one anchor per block, here already used.
		assert_ok!(anchor(record(2, 2, RecordKind::Order)));
		assert_noop!(amend(1, 0, b"x"), Error::<Test>::RateLimitExceeded);
		next_block(3_000);
		assert_ok!(amend(1, 0, b"x"));
	});
}

#[test]
fn amendment_with_event_gets_writing_status() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Operation)));
		assert_ok!(Anchors::amend_record(
			RuntimeOrigin::signed(HOSPITAL_GATEWAY),
			id(1),
			0,
			hash_of(b"x").into(),
			now(),
			AmendmentReason::Supplement,
			Some(EventTime { event: ClinicalEvent::OperationEnd, at: now() - 25 * HOUR }),
		));
		assert_eq!(
			Records::<Test>::get(id(1)).unwrap().versions[1].writing,
			WritingStatus::Late(WritingRule::OperationRecord)
		);
	});
}

#[test]
fn platform_amending_for_suspended_institution_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		assert_ok!(Institutions::suspend_entity(
			RuntimeOrigin::root(),
			HOSPITAL,
			b"audit".to_vec()
		));
		assert_noop!(
			Anchors::amend_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				id(1),
				0,
				hash_of(b"x").into(),
				now(),
				AmendmentReason::Correction,
				None
			),
			Error::<Test>::InstitutionNotActive
		);
	});
}

#[test]
fn amend_record_by_suspended_institution_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::ProgressNote)));
		assert_ok!(Institutions::suspend_entity(
			RuntimeOrigin::root(),
			HOSPITAL,
			b"audit".to_vec()
		));
		assert_noop!(amend(1, 0, b"x"), Error::<Test>::InstitutionNotActive);
	});
}
