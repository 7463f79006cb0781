use super::*;

#[test]
fn registry_answers_follow_status_changes() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Gateway
		));
		let gateway = Some(Actor {
			entity: HOSPITAL,
			kind: EntityKind::Hospital,
			role: AccountRole::Gateway,
		});

		assert_eq!(Registry::actor(&11), gateway);
		assert!(Registry::is_active(HOSPITAL));
		assert_eq!(Registry::kind(HOSPITAL), Some(EntityKind::Hospital));
		assert_eq!(Registry::payout_account(HOSPITAL), Some(HOSPITAL_ADMIN + 1));
		assert_eq!(Registry::region(HOSPITAL), Some(*b"110105"));

		assert_eq!(Registry::binding(&11), Some((HOSPITAL, AccountRole::Gateway)));
		assert_eq!(Registry::binding(&99), None);

		suspend(HOSPITAL);
		assert_eq!(Registry::actor(&11), None);
		// The binding stays while the entity is suspended.
		assert_eq!(Registry::binding(&11), Some((HOSPITAL, AccountRole::Gateway)));
		assert!(!Registry::is_active(HOSPITAL));
		assert_eq!(Registry::payout_account(HOSPITAL), None);
		assert_eq!(Registry::kind(HOSPITAL), Some(EntityKind::Hospital));

		assert_ok!(Institutions::reinstate_entity(RuntimeOrigin::root(), HOSPITAL));
		assert_eq!(Registry::actor(&11), gateway);

		revoke(HOSPITAL);
		assert_eq!(Registry::actor(&11), None);
		assert_eq!(Registry::region(HOSPITAL), Some(*b"110105"));
	});
}

#[test]
fn registry_knows_nothing_of_unknown_accounts_and_entities() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Registry::actor(&1), None);
		assert!(!Registry::is_active(0));
		assert_eq!(Registry::kind(0), None);
		assert_eq!(Registry::payout_account(0), None);
		assert_eq!(Registry::region(0), None);
		assert!(!Registry::is_delegated(0, 1));
	});
}

#[test]
fn removed_account_acts_for_nobody() {
	ExtBuilder::default().with_sample_entities().build_and_execute(|| {
		assert_ok!(Institutions::add_account(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			HOSPITAL,
			11,
			AccountRole::Device
		));
		assert_ok!(Institutions::remove_account(RuntimeOrigin::root(), HOSPITAL, 11));
		assert_eq!(Registry::actor(&11), None);
	});
}
