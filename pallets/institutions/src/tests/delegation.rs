use super::*;

#[test]
fn delegate_anchoring_by_admin_records_delegation() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		System::set_block_number(4);
		assert_ok!(Institutions::delegate_anchoring(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PLATFORM
		));

		assert_eq!(Delegations::<Test>::get(HOSPITAL, PLATFORM), Some(4));
		assert_eq!(Entities::<Test>::get(HOSPITAL).unwrap().delegation_count, 1);
		assert!(Registry::is_delegated(HOSPITAL, PLATFORM));
		assert_eq!(
			institution_events(),
			vec![Event::AnchoringDelegated { institution: HOSPITAL, platform: PLATFORM }]
		);
	});
}

#[test]
fn delegate_anchoring_by_registrar_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::delegate_anchoring(RuntimeOrigin::root(), HOSPITAL, PLATFORM),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn delegate_anchoring_by_non_admin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::delegate_anchoring(
				RuntimeOrigin::signed(CLINIC_ADMIN),
				HOSPITAL,
				PLATFORM
			),
			Error::<Test>::NotAdmin
		);
	});
}

#[test]
fn delegate_anchoring_from_platform_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::delegate_anchoring(
				RuntimeOrigin::signed(PLATFORM_ADMIN),
				PLATFORM,
				PLATFORM
			),
			Error::<Test>::NotInstitution
		);
	});
}

#[test]
fn delegate_anchoring_to_institution_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::delegate_anchoring(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				CLINIC
			),
			Error::<Test>::NotEvidencePlatform
		);
	});
}

#[test]
fn delegate_anchoring_to_unknown_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::delegate_anchoring(RuntimeOrigin::signed(HOSPITAL_ADMIN), HOSPITAL, 9),
			Error::<Test>::EntityNotFound
		);
		assert_noop!(
			Institutions::delegate_anchoring(RuntimeOrigin::signed(HOSPITAL_ADMIN), 9, PLATFORM),
			Error::<Test>::EntityNotFound
		);
	});
}

#[test]
fn delegate_anchoring_to_suspended_platform_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(PLATFORM);
		assert_noop!(
			Institutions::delegate_anchoring(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				PLATFORM
			),
			Error::<Test>::PlatformNotActive
		);
	});
}

#[test]
fn delegate_anchoring_by_suspended_or_revoked_institution_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(HOSPITAL);
		revoke(CLINIC);
		assert_noop!(
			Institutions::delegate_anchoring(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				PLATFORM
			),
			Error::<Test>::EntitySuspended
		);
		assert_noop!(
			Institutions::delegate_anchoring(RuntimeOrigin::signed(CLINIC_ADMIN), CLINIC, PLATFORM),
			Error::<Test>::EntityRevoked
		);
	});
}

#[test]
fn delegate_anchoring_twice_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::delegate_anchoring(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PLATFORM
		));
		assert_noop!(
			Institutions::delegate_anchoring(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				PLATFORM
			),
			Error::<Test>::AlreadyDelegated
		);
	});
}

#[test]
fn delegate_anchoring_beyond_limit_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		let platforms: Vec<u32> = (3..=5)
			.map(|code| {
				let id = crate::NextEntityId::<Test>::get();
				assert_ok!(register(
					RuntimeOrigin::root(),
					EntityKind::EvidencePlatform,
					b"platform",
					credit_code(code),
					CHAOYANG,
					None,
					200 + code as u64
				));
				id
			})
			.collect();
		for platform in &platforms[..MaxDelegations::get() as usize] {
			assert_ok!(Institutions::delegate_anchoring(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				*platform
			));
		}
		assert_noop!(
			Institutions::delegate_anchoring(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				platforms[2]
			),
			Error::<Test>::TooManyDelegations
		);
	});
}

#[test]
fn revoke_delegation_by_admin_or_registrar_removes_it() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		for origin in [RuntimeOrigin::signed(HOSPITAL_ADMIN), RuntimeOrigin::root()] {
			assert_ok!(Institutions::delegate_anchoring(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				PLATFORM
			));
			assert_ok!(Institutions::revoke_delegation(origin, HOSPITAL, PLATFORM));

			assert_eq!(Delegations::<Test>::get(HOSPITAL, PLATFORM), None);
			assert_eq!(Entities::<Test>::get(HOSPITAL).unwrap().delegation_count, 0);
			assert!(!Registry::is_delegated(HOSPITAL, PLATFORM));
			assert_eq!(
				institution_events().last(),
				Some(&Event::DelegationRevoked { institution: HOSPITAL, platform: PLATFORM })
			);
		}
	});
}

#[test]
fn revoke_missing_delegation_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::revoke_delegation(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				PLATFORM
			),
			Error::<Test>::DelegationNotFound
		);
	});
}

#[test]
fn revoke_delegation_by_other_admin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::delegate_anchoring(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PLATFORM
		));
		assert_noop!(
			Institutions::revoke_delegation(
				RuntimeOrigin::signed(PLATFORM_ADMIN),
				HOSPITAL,
				PLATFORM
			),
			Error::<Test>::NotAdmin
		);
	});
}

#[test]
fn revoke_delegation_by_admin_of_suspended_institution_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::delegate_anchoring(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PLATFORM
		));
		suspend(HOSPITAL);
		assert_noop!(
			Institutions::revoke_delegation(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				PLATFORM
			),
			Error::<Test>::EntitySuspended
		);
	});
}

#[test]
fn delegation_stops_counting_while_platform_is_suspended() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::delegate_anchoring(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PLATFORM
		));
		suspend(PLATFORM);
		assert!(!Registry::is_delegated(HOSPITAL, PLATFORM));
		assert_ok!(Institutions::reinstate_entity(RuntimeOrigin::root(), PLATFORM));
		assert!(Registry::is_delegated(HOSPITAL, PLATFORM));
	});
}
