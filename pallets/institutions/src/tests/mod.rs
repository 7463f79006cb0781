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

mod accounts;
mod codes;
mod delegation;
mod genesis;
mod register_entity;
mod registry_trait;
mod status;
mod update_entity;
