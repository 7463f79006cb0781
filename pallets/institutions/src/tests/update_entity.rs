use super::*;

#[test]
fn update_entity_changes_given_fields_only() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::update_entity(
			RuntimeOrigin::root(),
			HOSPITAL,
			Some("新名称医院".as_bytes().to_vec()),
			None,
			Some(*b"440305"),
			Some(Some(HospitalGrade::SecondaryA)),
			Some(77),
			None,
		));

		let record = Entities::<Test>::get(HOSPITAL).unwrap();
		assert_eq!(record.name.to_vec(), "新名称医院".as_bytes().to_vec());
		assert_eq!(record.region, *b"440305");
		assert_eq!(record.grade, Some(HospitalGrade::SecondaryA));
		assert_eq!(record.payout, 77);
		assert_eq!(record.admin, HOSPITAL_ADMIN);
		assert_eq!(record.licence.to_vec(), b"PDY00000X11010517A1001".to_vec());
		assert_eq!(institution_events(), vec![Event::EntityUpdated { entity: HOSPITAL }]);
	});
}

#[test]
fn update_entity_replaces_admin() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::update_entity(
			RuntimeOrigin::root(),
			HOSPITAL,
			None,
			None,
			None,
			None,
			None,
			Some(99),
		));

		assert_eq!(Entities::<Test>::get(HOSPITAL).unwrap().admin, 99);
		assert_eq!(AccountToEntity::<Test>::get(99), Some((HOSPITAL, AccountRole::Admin)));
		assert_eq!(AccountToEntity::<Test>::get(HOSPITAL_ADMIN), None);
		assert_eq!(Registry::actor(&HOSPITAL_ADMIN), None);
		assert_eq!(
			institution_events(),
			vec![
				Event::EntityUpdated { entity: HOSPITAL },
				Event::AdminChanged { entity: HOSPITAL, old_admin: HOSPITAL_ADMIN, new_admin: 99 },
			]
		);
	});
}

#[test]
fn update_entity_with_nothing_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::root(),
				HOSPITAL,
				None,
				None,
				None,
				None,
				None,
				None
			),
			Error::<Test>::NothingToUpdate
		);
	});
}

#[test]
fn update_entity_by_admin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				None,
				None,
				None,
				None,
				Some(5),
				None
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn update_unknown_entity_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::root(),
				9,
				None,
				None,
				None,
				None,
				Some(5),
				None
			),
			Error::<Test>::EntityNotFound
		);
	});
}

#[test]
fn update_revoked_entity_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		revoke(CLINIC);
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::root(),
				CLINIC,
				None,
				None,
				None,
				None,
				Some(5),
				None
			),
			Error::<Test>::EntityRevoked
		);
	});
}

#[test]
fn update_entity_with_bad_values_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		let update = |name, licence, region, grade| {
			Institutions::update_entity(
				RuntimeOrigin::root(),
				HOSPITAL,
				name,
				licence,
				region,
				grade,
				None,
				None,
			)
		};
		assert_noop!(update(Some(vec![b'x'; 65]), None, None, None), Error::<Test>::NameTooLong);
		assert_noop!(update(Some(vec![]), None, None, None), Error::<Test>::InvalidName);
		assert_noop!(update(None, Some(vec![b'1'; 33]), None, None), Error::<Test>::LicenceTooLong);
		assert_noop!(update(None, Some(vec![]), None, None), Error::<Test>::InvalidLicence);
		assert_noop!(update(None, None, Some(*b"110001"), None), Error::<Test>::InvalidRegionCode);
		assert_noop!(update(None, None, None, Some(None)), Error::<Test>::GradeRequired);
	});
}

#[test]
fn update_clinic_with_grade_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::root(),
				CLINIC,
				None,
				None,
				None,
				Some(Some(HospitalGrade::PrimaryA)),
				None,
				None
			),
			Error::<Test>::GradeNotApplicable
		);
	});
}

#[test]
fn update_entity_with_bound_admin_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::root(),
				HOSPITAL,
				None,
				None,
				None,
				None,
				None,
				Some(CLINIC_ADMIN)
			),
			Error::<Test>::AccountInUse
		);
	});
}

#[test]
fn update_entity_with_current_values_fails() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_noop!(
			Institutions::update_entity(
				RuntimeOrigin::root(),
				HOSPITAL,
				None,
				None,
				Some(CHAOYANG),
				Some(Some(HospitalGrade::TertiaryA)),
				Some(HOSPITAL_ADMIN + 1),
				Some(HOSPITAL_ADMIN)
			),
			Error::<Test>::NothingToUpdate
		);
	});
}
