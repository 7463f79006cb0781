use super::*;

#[test]
fn register_entity_stores_record_and_binds_admin() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(7);
		assert_ok!(register_hospital_as_root(0, 100));

		let record = Entities::<Test>::get(0).unwrap();
		assert_eq!(record.kind, EntityKind::Hospital);
		assert_eq!(record.name.to_vec(), "示例市第一人民医院".as_bytes().to_vec());
		assert_eq!(record.credit_code, credit_code(0));
		assert_eq!(record.region, CHAOYANG);
		assert_eq!(record.grade, Some(HospitalGrade::TertiaryA));
		assert_eq!(record.admin, 100);
		assert_eq!(record.payout, 100);
		assert_eq!(record.status, EntityStatus::Active);
		assert_eq!(record.registered_at, 7);
		assert_eq!(NextEntityId::<Test>::get(), 1);
		assert_eq!(CreditCodeToEntity::<Test>::get(credit_code(0)), Some(0));
		assert_eq!(AccountToEntity::<Test>::get(100), Some((0, AccountRole::Admin)));
		assert_eq!(
			institution_events(),
			vec![Event::EntityRegistered { entity: 0, kind: EntityKind::Hospital, admin: 100 }]
		);
	});
}

#[test]
fn register_entity_assigns_ids_in_order() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(register_clinic(0, 100), 0);
		assert_eq!(register_clinic(1, 101), 1);
		assert_eq!(register_clinic(2, 102), 2);
	});
}

#[test]
fn register_entity_by_signed_origin_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			register(
				RuntimeOrigin::signed(1),
				EntityKind::Clinic,
				b"clinic",
				credit_code(0),
				CHAOYANG,
				None,
				100
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn register_entity_with_invalid_credit_code_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let mut code = credit_code(0);
		code[17] = b'0';
		assert_noop!(
			register(RuntimeOrigin::root(), EntityKind::Clinic, b"c", code, CHAOYANG, None, 1),
			Error::<Test>::InvalidCreditCode
		);
	});
}

#[test]
fn register_entity_with_duplicate_credit_code_fails() {
	ExtBuilder::default().build_and_execute(|| {
		register_clinic(0, 100);
		assert_noop!(
			register(
				RuntimeOrigin::root(),
				EntityKind::Clinic,
				b"copy",
				credit_code(0),
				CHAOYANG,
				None,
				101
			),
			Error::<Test>::CreditCodeInUse
		);
	});
}

#[test]
fn register_entity_with_code_of_revoked_entity_fails() {
	ExtBuilder::default().build_and_execute(|| {
		register_clinic(0, 100);
		revoke(0);
		assert_noop!(
			register(
				RuntimeOrigin::root(),
				EntityKind::Clinic,
				b"again",
				credit_code(0),
				CHAOYANG,
				None,
				101
			),
			Error::<Test>::CreditCodeInUse
		);
	});
}

#[test]
fn register_entity_with_invalid_region_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			register(
				RuntimeOrigin::root(),
				EntityKind::Clinic,
				b"c",
				credit_code(0),
				*b"990000",
				None,
				1
			),
			Error::<Test>::InvalidRegionCode
		);
	});
}

#[test]
fn register_entity_with_long_name_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let name = vec![b'a'; MaxNameLength::get() as usize + 1];
		assert_noop!(
			register(
				RuntimeOrigin::root(),
				EntityKind::Clinic,
				&name,
				credit_code(0),
				CHAOYANG,
				None,
				1
			),
			Error::<Test>::NameTooLong
		);
	});
}

#[test]
fn register_entity_with_name_at_limit_succeeds() {
	ExtBuilder::default().build_and_execute(|| {
		let name = vec![b'a'; MaxNameLength::get() as usize];
		assert_ok!(register(
			RuntimeOrigin::root(),
			EntityKind::Clinic,
			&name,
			credit_code(0),
			CHAOYANG,
			None,
			1
		));
	});
}

#[test]
fn register_entity_with_empty_or_binary_name_fails() {
	ExtBuilder::default().build_and_execute(|| {
		for name in [&b""[..], &b"\xff\xfe"[..], &b"a\x00b"[..]] {
			assert_noop!(
				register(
					RuntimeOrigin::root(),
					EntityKind::Clinic,
					name,
					credit_code(0),
					CHAOYANG,
					None,
					1
				),
				Error::<Test>::InvalidName
			);
		}
	});
}

#[test]
fn register_entity_with_long_licence_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Institutions::register_entity(
				RuntimeOrigin::root(),
				EntityKind::Clinic,
				b"c".to_vec(),
				credit_code(0),
				vec![b'1'; MaxLicenceLength::get() as usize + 1],
				CHAOYANG,
				None,
				1,
				1,
			),
			Error::<Test>::LicenceTooLong
		);
	});
}

#[test]
fn register_entity_with_empty_licence_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Institutions::register_entity(
				RuntimeOrigin::root(),
				EntityKind::Clinic,
				b"c".to_vec(),
				credit_code(0),
				vec![],
				CHAOYANG,
				None,
				1,
				1,
			),
			Error::<Test>::InvalidLicence
		);
	});
}

#[test]
fn register_hospital_without_grade_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			register(
				RuntimeOrigin::root(),
				EntityKind::Hospital,
				b"h",
				credit_code(0),
				CHAOYANG,
				None,
				1
			),
			Error::<Test>::GradeRequired
		);
	});
}

#[test]
fn register_platform_with_grade_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			register(
				RuntimeOrigin::root(),
				EntityKind::EvidencePlatform,
				b"p",
				credit_code(0),
				CHAOYANG,
				Some(HospitalGrade::Ungraded),
				1
			),
			Error::<Test>::GradeNotApplicable
		);
	});
}

#[test]
fn register_entity_with_bound_admin_fails() {
	ExtBuilder::default().build_and_execute(|| {
		register_clinic(0, 100);
		assert_noop!(register_hospital_as_root(1, 100), Error::<Test>::AccountInUse);
	});
}

#[test]
fn register_entity_when_ids_are_exhausted_fails() {
	ExtBuilder::default().build_and_execute(|| {
		NextEntityId::<Test>::put(u32::MAX);
		assert_noop!(register_hospital_as_root(0, 100), Error::<Test>::TooManyEntities);
	});
}
