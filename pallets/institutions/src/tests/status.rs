use super::*;

#[test]
fn suspend_entity_records_reason_and_block() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		System::set_block_number(12);
		assert_ok!(Institutions::suspend_entity(
			RuntimeOrigin::root(),
			HOSPITAL,
			"病历质量检查".as_bytes().to_vec()
		));

		match Entities::<Test>::get(HOSPITAL).unwrap().status {
			EntityStatus::Suspended { reason, since } => {
				assert_eq!(reason.to_vec(), "病历质量检查".as_bytes().to_vec());
				assert_eq!(since, 12);
			},
			other => panic!("expected a suspension, found {other:?}"),
		}
		assert_eq!(institution_events(), vec![Event::EntitySuspended { entity: HOSPITAL }]);
	});
}

#[test]
fn suspend_entity_by_signed_origin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::suspend_entity(RuntimeOrigin::signed(1), HOSPITAL, b"x".to_vec()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn suspend_entity_with_bad_reason_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::suspend_entity(RuntimeOrigin::root(), HOSPITAL, vec![b'x'; 33]),
			Error::<Test>::ReasonTooLong
		);
		assert_noop!(
			Institutions::suspend_entity(RuntimeOrigin::root(), HOSPITAL, vec![]),
			Error::<Test>::InvalidReason
		);
	});
}

#[test]
fn suspend_unknown_entity_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Institutions::suspend_entity(RuntimeOrigin::root(), 3, b"x".to_vec()),
			Error::<Test>::EntityNotFound
		);
	});
}

#[test]
fn suspend_suspended_or_revoked_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(HOSPITAL);
		revoke(CLINIC);
		assert_noop!(
			Institutions::suspend_entity(RuntimeOrigin::root(), HOSPITAL, b"x".to_vec()),
			Error::<Test>::EntitySuspended
		);
		assert_noop!(
			Institutions::suspend_entity(RuntimeOrigin::root(), CLINIC, b"x".to_vec()),
			Error::<Test>::EntityRevoked
		);
	});
}

#[test]
fn reinstate_entity_restores_actors() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(HOSPITAL);
		assert_eq!(Registry::actor(&HOSPITAL_ADMIN), None);

		assert_ok!(Institutions::reinstate_entity(RuntimeOrigin::root(), HOSPITAL));

		assert_eq!(Entities::<Test>::get(HOSPITAL).unwrap().status, EntityStatus::Active);
		assert!(Registry::actor(&HOSPITAL_ADMIN).is_some());
		assert_eq!(
			institution_events().last(),
			Some(&Event::EntityReinstated { entity: HOSPITAL })
		);
	});
}

#[test]
fn reinstate_entity_by_signed_origin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(HOSPITAL);
		assert_noop!(
			Institutions::reinstate_entity(RuntimeOrigin::signed(HOSPITAL_ADMIN), HOSPITAL),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn reinstate_active_unknown_or_revoked_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::reinstate_entity(RuntimeOrigin::root(), HOSPITAL),
			Error::<Test>::EntityNotSuspended
		);
		assert_noop!(
			Institutions::reinstate_entity(RuntimeOrigin::root(), 42),
			Error::<Test>::EntityNotFound
		);
		suspend(CLINIC);
		revoke(CLINIC);
		assert_noop!(
			Institutions::reinstate_entity(RuntimeOrigin::root(), CLINIC),
			Error::<Test>::EntityRevoked
		);
	});
}

#[test]
fn revoke_entity_cuts_off_every_account_at_once() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Gateway
		));
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			12,
			AccountRole::Device
		));
		System::set_block_number(30);

		assert_ok!(Institutions::revoke_entity(RuntimeOrigin::root(), HOSPITAL));

		assert_eq!(
			Entities::<Test>::get(HOSPITAL).unwrap().status,
			EntityStatus::Revoked { since: 30 }
		);
		for account in [HOSPITAL_ADMIN, 11, 12] {
			assert_eq!(Registry::actor(&account), None, "account {account}");
		}
		assert!(!Registry::is_active(HOSPITAL));
		assert_eq!(Registry::payout_account(HOSPITAL), None);
		assert_eq!(institution_events().last(), Some(&Event::EntityRevoked { entity: HOSPITAL }));
	});
}

#[test]
fn revoke_entity_by_signed_origin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::revoke_entity(RuntimeOrigin::signed(HOSPITAL_ADMIN), HOSPITAL),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn revoke_unknown_or_revoked_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::revoke_entity(RuntimeOrigin::root(), 42),
			Error::<Test>::EntityNotFound
		);
		revoke(HOSPITAL);
		assert_noop!(
			Institutions::revoke_entity(RuntimeOrigin::root(), HOSPITAL),
			Error::<Test>::EntityRevoked
		);
	});
}

#[test]
fn revoke_suspended_entity_succeeds() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(HOSPITAL);
		assert_ok!(Institutions::revoke_entity(RuntimeOrigin::root(), HOSPITAL));
		assert!(matches!(
			Entities::<Test>::get(HOSPITAL).unwrap().status,
			EntityStatus::Revoked { .. }
		));
	});
}
