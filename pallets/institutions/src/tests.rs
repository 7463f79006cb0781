//! Unit tests of the registry on the mock runtime.

use crate::{
	mock::*, AccountRole, AccountToEntity, AccountsOf, Actor, CreditCodeToEntity, Delegations,
	Entities, EntityKind, EntityStatus, Error, Event, HospitalGrade, InstitutionRegistry,
	NextEntityId,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

type Registry = crate::Pallet<Test>;

fn register(
	origin: RuntimeOrigin,
	kind: EntityKind,
	name: &[u8],
	code: [u8; 18],
	region: [u8; 6],
	grade: Option<HospitalGrade>,
	admin: u64,
) -> sp_runtime::DispatchResult {
	Institutions::register_entity(
		origin,
		kind,
		name.to_vec(),
		code,
		b"PDY00001X110105".to_vec(),
		region,
		grade,
		admin,
		admin,
	)
}

fn register_hospital_as_root(code: usize, admin: u64) -> sp_runtime::DispatchResult {
	register(
		RuntimeOrigin::root(),
		EntityKind::Hospital,
		"示例市第一人民医院".as_bytes(),
		credit_code(code),
		CHAOYANG,
		Some(HospitalGrade::TertiaryA),
		admin,
	)
}

fn suspend(entity: u32) {
	assert_ok!(Institutions::suspend_entity(RuntimeOrigin::root(), entity, b"audit".to_vec()));
}

fn revoke(entity: u32) {
	assert_ok!(Institutions::revoke_entity(RuntimeOrigin::root(), entity));
}

mod codes {
	use crate::{is_valid_credit_code, is_valid_region_code, is_valid_text};

	/// Codes published with their organizations: the example of GB 32100-2015 itself and the
	/// codes printed on the business licences of large listed companies.
	const PUBLISHED: [&[u8; 18]; 6] = [
		b"91350100M000100Y43",
		b"9144030071526726XG",
		b"91330100716105852F",
		b"914403001922038216",
		b"91110000802100433B",
		b"91310000607216596U",
	];

	#[test]
	fn credit_code_accepts_published_examples() {
		for code in PUBLISHED {
			assert!(is_valid_credit_code(code), "{}", String::from_utf8_lossy(code));
		}
	}

	#[test]
	fn credit_code_rejects_changed_check_character() {
		for code in PUBLISHED {
			let mut changed = *code;
			changed[17] = if changed[17] == b'0' { b'1' } else { b'0' };
			assert!(!is_valid_credit_code(&changed), "{}", String::from_utf8_lossy(&changed));
		}
	}

	#[test]
	fn credit_code_rejects_each_single_digit_change() {
		let code = *PUBLISHED[0];
		for position in 0..17 {
			let mut changed = code;
			changed[position] = if code[position] == b'1' { b'2' } else { b'1' };
			assert!(!is_valid_credit_code(&changed), "position {position}");
		}
	}

	#[test]
	fn credit_code_rejects_forbidden_letters_and_lowercase() {
		for forbidden in [b'I', b'O', b'S', b'V', b'Z', b'a', b' ', b'-'] {
			let mut changed = *PUBLISHED[1];
			changed[10] = forbidden;
			assert!(!is_valid_credit_code(&changed), "character {}", forbidden as char);
		}
	}

	#[test]
	fn credit_code_rejects_bad_organization_code() {
		// Character 17 (the organization-code check) is changed and character 18 recomputed,
		// so only the GB 11714 check fails.
		assert!(!is_valid_credit_code(b"12110105MA0000016P"));
		assert!(!is_valid_credit_code(b"91350100M000100Y56"));
	}

	#[test]
	fn credit_code_rejects_published_orderings_with_swapped_halves() {
		let code = PUBLISHED[2];
		let mut swapped = [0u8; 18];
		swapped[..9].copy_from_slice(&code[9..]);
		swapped[9..].copy_from_slice(&code[..9]);
		assert!(!is_valid_credit_code(&swapped));
	}

	#[test]
	fn credit_code_with_serial_is_valid_and_distinct() {
		let codes: Vec<_> = (0..200).map(crate::types::credit_code_with_serial).collect();
		for code in &codes {
			assert!(is_valid_credit_code(code), "{}", String::from_utf8_lossy(code));
		}
		let mut unique = codes.clone();
		unique.sort();
		unique.dedup();
		assert_eq!(unique.len(), codes.len());
		assert_eq!(&crate::types::credit_code_with_serial(1), b"12110105MA0000015L");
	}

	#[test]
	fn region_code_accepts_divisions() {
		for code in [b"110000", b"110105", b"440305", b"650100", b"820000", b"710000"] {
			assert!(is_valid_region_code(code), "{}", String::from_utf8_lossy(code));
		}
	}

	#[test]
	fn region_code_rejects_bad_shapes() {
		for code in [b"000000", b"990000", b"19A105", b"110001", b"11010 ", b"160100"] {
			assert!(!is_valid_region_code(code), "{}", String::from_utf8_lossy(code));
		}
	}

	#[test]
	fn text_rejects_empty_control_and_invalid_utf8() {
		assert!(is_valid_text("北京协和医院".as_bytes()));
		assert!(!is_valid_text(b""));
		assert!(!is_valid_text(b"   "));
		assert!(!is_valid_text(b"line\nbreak"));
		assert!(!is_valid_text(&[0xe5, 0x8c]));
	}
}

mod register_entity {
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
}

mod update_entity {
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
					Event::AdminChanged {
						entity: HOSPITAL,
						old_admin: HOSPITAL_ADMIN,
						new_admin: 99
					},
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
			assert_noop!(
				update(Some(vec![b'x'; 65]), None, None, None),
				Error::<Test>::NameTooLong
			);
			assert_noop!(update(Some(vec![]), None, None, None), Error::<Test>::InvalidName);
			assert_noop!(
				update(None, Some(vec![b'1'; 33]), None, None),
				Error::<Test>::LicenceTooLong
			);
			assert_noop!(update(None, Some(vec![]), None, None), Error::<Test>::InvalidLicence);
			assert_noop!(
				update(None, None, Some(*b"110001"), None),
				Error::<Test>::InvalidRegionCode
			);
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
}

mod status {
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
			assert_eq!(
				institution_events().last(),
				Some(&Event::EntityRevoked { entity: HOSPITAL })
			);
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
}

mod accounts {
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
				vec![Event::AccountAdded {
					entity: HOSPITAL,
					account: 11,
					role: AccountRole::Gateway
				}]
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
				Institutions::add_account(
					RuntimeOrigin::root(),
					HOSPITAL,
					11,
					AccountRole::Gateway
				),
				Error::<Test>::EntityRevoked
			);
		});
	}

	#[test]
	fn add_account_by_unsigned_origin_fails() {
		ExtBuilder::default().with_sample_entities().build_and_execute(|| {
			assert_noop!(
				Institutions::add_account(
					RuntimeOrigin::none(),
					HOSPITAL,
					11,
					AccountRole::Gateway
				),
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
}

mod delegation {
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
				Institutions::delegate_anchoring(
					RuntimeOrigin::signed(HOSPITAL_ADMIN),
					HOSPITAL,
					9
				),
				Error::<Test>::EntityNotFound
			);
			assert_noop!(
				Institutions::delegate_anchoring(
					RuntimeOrigin::signed(HOSPITAL_ADMIN),
					9,
					PLATFORM
				),
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
				Institutions::delegate_anchoring(
					RuntimeOrigin::signed(CLINIC_ADMIN),
					CLINIC,
					PLATFORM
				),
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
}

mod registry_trait {
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

			suspend(HOSPITAL);
			assert_eq!(Registry::actor(&11), None);
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
}

mod genesis {
	use super::*;
	use crate::GenesisConfig;
	use sp_runtime::BuildStorage;

	#[test]
	fn genesis_registers_entities_accounts_and_delegations() {
		let mut hospital =
			genesis_entity(EntityKind::Hospital, 0, Some(HospitalGrade::Ungraded), 10);
		hospital.gateways = vec![11];
		hospital.devices = vec![12];
		let platform = genesis_entity(EntityKind::EvidencePlatform, 1, None, 20);
		let storage =
			GenesisConfig::<Test> { entities: vec![hospital, platform], delegations: vec![(0, 1)] }
				.build_storage()
				.unwrap();
		sp_io::TestExternalities::new(storage).execute_with(|| {
			assert_eq!(NextEntityId::<Test>::get(), 2);
			assert_eq!(AccountToEntity::<Test>::get(11), Some((0, AccountRole::Gateway)));
			assert_eq!(AccountToEntity::<Test>::get(12), Some((0, AccountRole::Device)));
			assert!(Registry::is_delegated(0, 1));
			Institutions::do_try_state().unwrap();
		});
	}

	#[test]
	#[should_panic(expected = "entity 0 is invalid: Module(ModuleError")]
	fn genesis_with_invalid_credit_code_panics() {
		let mut hospital =
			genesis_entity(EntityKind::Hospital, 0, Some(HospitalGrade::Ungraded), 10);
		hospital.credit_code = "91350100M000100Y44".into();
		let _ =
			GenesisConfig::<Test> { entities: vec![hospital], delegations: vec![] }.build_storage();
	}

	#[test]
	#[should_panic(expected = "entity 1 is invalid")]
	fn genesis_with_duplicate_credit_code_panics() {
		let first = genesis_entity(EntityKind::Clinic, 0, None, 10);
		let second = genesis_entity(EntityKind::Clinic, 0, None, 20);
		let _ = GenesisConfig::<Test> { entities: vec![first, second], delegations: vec![] }
			.build_storage();
	}

	#[test]
	#[should_panic(expected = "delegation 0 -> 0")]
	fn genesis_with_delegation_to_institution_panics() {
		let first = genesis_entity(EntityKind::Clinic, 0, None, 10);
		let _ = GenesisConfig::<Test> { entities: vec![first], delegations: vec![(0, 0)] }
			.build_storage();
	}
}
