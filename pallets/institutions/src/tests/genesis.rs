use super::*;
use crate::GenesisConfig;
use sp_runtime::BuildStorage;

#[test]
fn genesis_registers_entities_accounts_and_delegations() {
	let mut hospital = genesis_entity(EntityKind::Hospital, 0, Some(HospitalGrade::Ungraded), 10);
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
	let mut hospital = genesis_entity(EntityKind::Hospital, 0, Some(HospitalGrade::Ungraded), 10);
	hospital.credit_code = "91350100M000100Y44".into();
	let _ = GenesisConfig::<Test> { entities: vec![hospital], delegations: vec![] }.build_storage();
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
	let _ =
		GenesisConfig::<Test> { entities: vec![first], delegations: vec![(0, 0)] }.build_storage();
}
