use super::*;

#[test]
fn add_account_by_admin_binds_account() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Gateway
		));

		assert_eq!(AccountToEntity::<Test>::get(11), Some((HOSPITAL, AccountRole::Gateway)));
		assert_eq!(AccountsOf::<Test>::get(HOSPITAL, 11), Some(AccountRole::Gateway));
		assert_eq!(Entities::<Test>::get(HOSPITAL).unwrap().account_count, 1);
		assert_eq!(
			institution_events(),
			vec![Event::AccountAdded { entity: HOSPITAL, account: 11, role: AccountRole::Gateway }]
		);
	});
}

#[test]
fn add_account_by_registrar_to_suspended_entity_succeeds() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(HOSPITAL);
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::root(),
			HOSPITAL,
			11,
			AccountRole::Device
		));
		assert_eq!(AccountToEntity::<Test>::get(11), Some((HOSPITAL, AccountRole::Device)));
	});
}

#[test]
fn add_account_by_non_admin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(CLINIC_ADMIN),
				HOSPITAL,
				11,
				AccountRole::Gateway
			),
			Error::<Test>::NotAdmin
		);
	});
}

#[test]
fn add_account_with_admin_role_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				11,
				AccountRole::Admin
			),
			Error::<Test>::InvalidRole
		);
	});
}

#[test]
fn add_account_to_unknown_entity_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Institutions::add_account(RuntimeOrigin::root(), 5, 11, AccountRole::Gateway),
			Error::<Test>::EntityNotFound
		);
		assert_noop!(
			Institutions::add_account(RuntimeOrigin::signed(1), 5, 11, AccountRole::Gateway),
			Error::<Test>::EntityNotFound
		);
	});
}

#[test]
fn add_account_bound_elsewhere_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				CLINIC_ADMIN,
				AccountRole::Gateway
			),
			Error::<Test>::AccountInUse
		);
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(CLINIC_ADMIN),
			CLINIC,
			21,
			AccountRole::Gateway
		));
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				21,
				AccountRole::Device
			),
			Error::<Test>::AccountInUse
		);
	});
}

#[test]
fn add_account_beyond_limit_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		for account in 11..11 + MaxAccountsPerEntity::get() as u64 {
			assert_ok!(Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				account,
				AccountRole::Gateway
			));
		}
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				99,
				AccountRole::Gateway
			),
			Error::<Test>::TooManyAccounts
		);
	});
}

#[test]
fn add_account_by_admin_of_suspended_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		suspend(HOSPITAL);
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				11,
				AccountRole::Gateway
			),
			Error::<Test>::EntitySuspended
		);
	});
}

#[test]
fn add_account_to_revoked_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		revoke(HOSPITAL);
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				11,
				AccountRole::Gateway
			),
			Error::<Test>::EntityRevoked
		);
		assert_noop!(
			Institutions::add_account(RuntimeOrigin::root(), HOSPITAL, 11, AccountRole::Gateway),
			Error::<Test>::EntityRevoked
		);
	});
}

#[test]
fn add_account_by_unsigned_origin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::add_account(RuntimeOrigin::none(), HOSPITAL, 11, AccountRole::Gateway),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_account_by_admin_unbinds_account() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Device
		));

		assert_ok!(Institutions::remove_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11
		));

		assert_eq!(AccountToEntity::<Test>::get(11), None);
		assert_eq!(AccountsOf::<Test>::get(HOSPITAL, 11), None);
		assert_eq!(Entities::<Test>::get(HOSPITAL).unwrap().account_count, 0);
		assert_eq!(
			institution_events().last(),
			Some(&Event::AccountRemoved {
				entity: HOSPITAL,
				account: 11,
				role: AccountRole::Device
			})
		);
	});
}

#[test]
fn remove_account_of_revoked_entity_by_registrar_frees_it() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Gateway
		));
		revoke(HOSPITAL);
		assert_noop!(
			Institutions::remove_account(RuntimeOrigin::signed(HOSPITAL_ADMIN), HOSPITAL, 11),
			Error::<Test>::EntityRevoked
		);

		assert_ok!(Institutions::remove_account(RuntimeOrigin::root(), HOSPITAL, 11));
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(CLINIC_ADMIN),
			CLINIC,
			11,
			AccountRole::Gateway
		));
	});
}

#[test]
fn remove_account_by_non_admin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Gateway
		));
		assert_noop!(
			Institutions::remove_account(RuntimeOrigin::signed(11), HOSPITAL, 11),
			Error::<Test>::NotAdmin
		);
	});
}

#[test]
fn remove_account_not_bound_here_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::remove_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				CLINIC_ADMIN
			),
			Error::<Test>::AccountNotFound
		);
	});
}

#[test]
fn remove_admin_account_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::remove_account(RuntimeOrigin::root(), HOSPITAL, HOSPITAL_ADMIN),
			Error::<Test>::CannotRemoveAdmin
		);
		suspend(HOSPITAL);
		assert_noop!(
			Institutions::remove_account(RuntimeOrigin::root(), HOSPITAL, HOSPITAL_ADMIN),
			Error::<Test>::CannotRemoveAdmin
		);
	});
}

#[test]
fn remove_account_by_admin_of_suspended_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Gateway
		));
		suspend(HOSPITAL);
		assert_noop!(
			Institutions::remove_account(RuntimeOrigin::signed(HOSPITAL_ADMIN), HOSPITAL, 11),
			Error::<Test>::EntitySuspended
		);
	});
}

#[test]
fn remove_account_of_unknown_entity_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Institutions::remove_account(RuntimeOrigin::root(), 4, 11),
			Error::<Test>::EntityNotFound
		);
	});
}

#[test]
fn remove_admin_of_revoked_entity_by_registrar_frees_it() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		revoke(CLINIC);

		assert_ok!(Institutions::remove_account(RuntimeOrigin::root(), CLINIC, CLINIC_ADMIN));

		assert_eq!(AccountToEntity::<Test>::get(CLINIC_ADMIN), None);
		assert_eq!(AccountsOf::<Test>::get(CLINIC, CLINIC_ADMIN), None);
		assert_eq!(Entities::<Test>::get(CLINIC).unwrap().account_count, 0);
		assert_eq!(
			institution_events().last(),
			Some(&Event::AccountRemoved {
				entity: CLINIC,
				account: CLINIC_ADMIN,
				role: AccountRole::Admin
			})
		);
		// The freed account may now act for a new entity.
		register_clinic(3, CLINIC_ADMIN);
	});
}

#[test]
fn reserved_account_is_never_bound() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				RESERVED,
				AccountRole::Gateway
			),
			Error::<Test>::AccountReserved
		);
		assert_noop!(
			Institutions::register_entity(
				RuntimeOrigin::root(),
				EntityKind::Clinic,
				"测试诊所".as_bytes().to_vec(),
				credit_code(4),
				b"PDY00001X110105".to_vec(),
				CHAOYANG,
				None,
				RESERVED,
				RESERVED,
			),
			Error::<Test>::AccountReserved
		);
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::root(),
				HOSPITAL,
				None,
				None,
				None,
				None,
				None,
				Some(RESERVED)
			),
			Error::<Test>::AccountReserved
		);
	});
}
