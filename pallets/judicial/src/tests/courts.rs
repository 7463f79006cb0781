use super::*;

fn register(
	designator: &str,
	name: &str,
	region: &[u8; 6],
	clerks: Vec<u64>,
) -> frame_support::dispatch::DispatchResult {
	crate::Pallet::<Test>::register_court(
		RuntimeOrigin::root(),
		designator.into(),
		name.into(),
		*region,
		clerks,
	)
}

#[test]
fn register_court_stores_court_and_clerks() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(register("京01", "北京市第一中级人民法院", b"110000", vec![300, 301]));
		let court = Courts::<Test>::get(2).unwrap();
		assert_eq!(court.designator.to_vec(), "京01".as_bytes());
		assert_eq!(court.status, CourtStatus::Active);
		assert_eq!(court.clerks.to_vec(), vec![300, 301]);
		assert_eq!(Clerks::<Test>::get(300), Some(2));
		assert_eq!(
			last_event(),
			Event::CourtRegistered { court: 2, designator: "京01".into(), clerks: vec![300, 301] }
		);
	});
}

#[test]
fn register_court_rejects_bad_details() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			crate::Pallet::<Test>::register_court(
				RuntimeOrigin::signed(CLERK),
				"京01".into(),
				"法院".into(),
				*b"110000",
				vec![]
			),
			DispatchError::BadOrigin
		);
	});
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			register("Beijing", "法院", b"110000", vec![]),
			Error::<Test>::MalformedDesignator
		);
		assert_noop!(register("京0105", "法院", b"110000", vec![]), Error::<Test>::DesignatorInUse);
		assert_noop!(register("京01", " ", b"110000", vec![]), Error::<Test>::InvalidName);
		assert_noop!(
			register("京01", "法\u{200B}院", b"110000", vec![]),
			Error::<Test>::InvalidName
		);
		assert_noop!(
			register("京01", &"法".repeat(30), b"110000", vec![]),
			Error::<Test>::NameTooLong
		);
		assert_noop!(register("京01", "法院", b"990000", vec![]), Error::<Test>::InvalidRegionCode);
		assert_noop!(
			register("京01", "法院", b"110000", vec![300, 301, 302, 303]),
			Error::<Test>::TooManyClerks
		);
		assert_noop!(
			register("京01", "法院", b"110000", vec![CLERK]),
			Error::<Test>::AlreadyAClerk
		);
		assert_noop!(
			register("京01", "法院", b"110000", vec![300, 300]),
			Error::<Test>::AlreadyAClerk
		);
		assert_noop!(
			register("京01", "法院", b"110000", vec![HOSPITAL_GATEWAY]),
			Error::<Test>::AccountActsForEntity
		);
	});
}

#[test]
fn clerks_are_added_and_removed() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Judicial::add_clerk(RuntimeOrigin::root(), PUDONG, 201));
		assert_eq!(Clerks::<Test>::get(201), Some(PUDONG));
		assert_eq!(last_event(), Event::ClerkAdded { court: PUDONG, clerk: 201 });
		assert_noop!(
			Judicial::add_clerk(RuntimeOrigin::signed(CLERK), PUDONG, 202),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Judicial::add_clerk(RuntimeOrigin::root(), 7, 202),
			Error::<Test>::CourtNotFound
		);
		assert_noop!(
			Judicial::add_clerk(RuntimeOrigin::root(), PUDONG, CLERK),
			Error::<Test>::AlreadyAClerk
		);
		assert_noop!(
			Judicial::add_clerk(RuntimeOrigin::root(), PUDONG, CLINIC_ADMIN),
			Error::<Test>::AccountActsForEntity
		);
		assert_ok!(Judicial::add_clerk(RuntimeOrigin::root(), PUDONG, 202));
		assert_noop!(
			Judicial::add_clerk(RuntimeOrigin::root(), PUDONG, 203),
			Error::<Test>::TooManyClerks
		);

		assert_ok!(Judicial::remove_clerk(RuntimeOrigin::root(), 201));
		assert_eq!(Clerks::<Test>::get(201), None);
		assert_eq!(Courts::<Test>::get(PUDONG).unwrap().clerks.to_vec(), vec![PUDONG_CLERK, 202]);
		assert_eq!(last_event(), Event::ClerkRemoved { court: PUDONG, clerk: 201 });
		assert_noop!(Judicial::remove_clerk(RuntimeOrigin::root(), 201), Error::<Test>::NotAClerk);
		// A removed clerk can no longer act.
		assert_noop!(
			Judicial::open_case(
				RuntimeOrigin::signed(201),
				"（2026）沪0115民初1号".into(),
				vec![HOSPITAL],
				PATIENT
			),
			Error::<Test>::NotAClerk
		);
	});
}

#[test]
fn suspended_court_cannot_act_until_reinstated() {
	ExtBuilder.build_and_execute(|| {
		let case = open_default_case();
		assert_ok!(Judicial::suspend_court(RuntimeOrigin::root(), CHAOYANG));
		assert_eq!(last_event(), Event::CourtSuspended { court: CHAOYANG });
		assert_noop!(
			Judicial::suspend_court(RuntimeOrigin::root(), CHAOYANG),
			Error::<Test>::CourtNotActive
		);
		assert_noop!(
			Judicial::close_case(RuntimeOrigin::signed(CLERK), case),
			Error::<Test>::CourtNotActive
		);
		assert_noop!(
			Judicial::open_case(
				RuntimeOrigin::signed(CLERK),
				"（2026）京0105民初2号".into(),
				vec![HOSPITAL],
				PATIENT
			),
			Error::<Test>::CourtNotActive
		);
		// The case stays open while its court is suspended.
		assert!(Cases::<Test>::get(case).unwrap().is_open());

		assert_ok!(Judicial::reinstate_court(RuntimeOrigin::root(), CHAOYANG));
		assert_eq!(last_event(), Event::CourtReinstated { court: CHAOYANG });
		assert_noop!(
			Judicial::reinstate_court(RuntimeOrigin::root(), CHAOYANG),
			Error::<Test>::CourtNotSuspended
		);
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		assert_noop!(
			Judicial::suspend_court(RuntimeOrigin::root(), 7),
			Error::<Test>::CourtNotFound
		);
		assert_noop!(
			Judicial::suspend_court(RuntimeOrigin::signed(CLERK), CHAOYANG),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn court_with_open_cases_is_not_removed() {
	ExtBuilder.build_and_execute(|| {
		let case = open_default_case();
		assert_noop!(
			Judicial::remove_court(RuntimeOrigin::root(), CHAOYANG),
			Error::<Test>::CourtHasOpenCases
		);
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		assert_ok!(Judicial::remove_court(RuntimeOrigin::root(), CHAOYANG));
		assert_eq!(last_event(), Event::CourtRemoved { court: CHAOYANG });
		let court = Courts::<Test>::get(CHAOYANG).unwrap();
		assert_eq!(court.status, CourtStatus::Removed);
		assert!(court.clerks.is_empty());
		assert_eq!(Clerks::<Test>::get(CLERK), None);
		assert_eq!(Clerks::<Test>::get(CLERK_2), None);
		assert_noop!(
			Judicial::remove_court(RuntimeOrigin::root(), CHAOYANG),
			Error::<Test>::CourtRemoved
		);
		assert_noop!(
			Judicial::reinstate_court(RuntimeOrigin::root(), CHAOYANG),
			Error::<Test>::CourtRemoved
		);
		assert_noop!(
			Judicial::add_clerk(RuntimeOrigin::root(), CHAOYANG, 300),
			Error::<Test>::CourtRemoved
		);
		assert_noop!(
			Judicial::remove_court(RuntimeOrigin::root(), 7),
			Error::<Test>::CourtNotFound
		);
		// The designator is free again, and the old case still names the removed court.
		assert_ok!(register("京0105", "北京市朝阳区人民法院", b"110105", vec![CLERK]));
		assert_eq!(Cases::<Test>::get(case).unwrap().court, CHAOYANG);
	});
}

#[test]
fn clerks_cannot_be_bound_to_an_entity() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Institutions::add_account(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				HOSPITAL,
				PUDONG_CLERK,
				medanchor_primitives::institutions::AccountRole::Gateway
			),
			pallet_institutions::Error::<Test>::AccountReserved
		);
		// Once removed as a clerk, the account may act for an entity.
		assert_ok!(Judicial::remove_clerk(RuntimeOrigin::root(), PUDONG_CLERK));
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			PUDONG_CLERK,
			medanchor_primitives::institutions::AccountRole::Gateway
		));
	});
}
