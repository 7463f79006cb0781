//! Benchmarks of the registry's calls, each at its worst case: names, licences and reasons at
//! their maximum length, and entities holding the most accounts and delegations allowed.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

fn long_text(length: u32) -> Vec<u8> {
	// "医" is three bytes of UTF-8; the text is cut to whole characters.
	"医".repeat(length as usize / 3).into_bytes()
}

fn registrar<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// First credit-code serial the benchmarks use, far from those a genesis preset registers.
const SERIAL_BASE: u32 = 900_000;

/// Registers an entity of `kind` with the longest name and licence; returns its id and admin.
fn entity<T: Config>(kind: EntityKind, serial: u32) -> (EntityId, T::AccountId) {
	let admin: T::AccountId = account("admin", serial, 0);
	let grade = (kind == EntityKind::Hospital).then_some(HospitalGrade::TertiaryA);
	let id = Pallet::<T>::do_register(
		kind,
		long_text(T::MaxNameLength::get()),
		credit_code_with_serial(SERIAL_BASE.saturating_add(serial)),
		vec![b'1'; T::MaxLicenceLength::get() as usize],
		*b"110105",
		grade,
		admin.clone(),
		admin.clone(),
	)
	.expect("benchmark entities are valid; qed");
	(id, admin)
}

/// Fills an entity with gateway accounts up to one below the limit.
fn fill_accounts<T: Config>(entity: EntityId) {
	for index in 0..T::MaxAccountsPerEntity::get().saturating_sub(1) {
		let gateway: T::AccountId = account("gateway", index, entity);
		Pallet::<T>::do_add_account(entity, gateway, AccountRole::Gateway)
			.expect("below the account limit; qed");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_entity() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>()?;
		let admin: T::AccountId = account("admin", 0, 0);
		let id = NextEntityId::<T>::get();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			EntityKind::Hospital,
			long_text(T::MaxNameLength::get()),
			credit_code_with_serial(SERIAL_BASE),
			vec![b'1'; T::MaxLicenceLength::get() as usize],
			*b"110105",
			Some(HospitalGrade::TertiaryA),
			admin.clone(),
			admin.clone(),
		);

		assert_eq!(AccountToEntity::<T>::get(&admin), Some((id, AccountRole::Admin)));
		Ok(())
	}

	#[benchmark]
	fn update_entity() -> Result<(), BenchmarkError> {
		let (id, _) = entity::<T>(EntityKind::Hospital, 1);
		let origin = registrar::<T>()?;
		let new_admin: T::AccountId = account("new-admin", 0, 0);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			id,
			Some(long_text(T::MaxNameLength::get())),
			Some(vec![b'2'; T::MaxLicenceLength::get() as usize]),
			Some(*b"440305"),
			Some(Some(HospitalGrade::SecondaryA)),
			Some(new_admin.clone()),
			Some(new_admin.clone()),
		);

		assert_eq!(Entities::<T>::get(id).map(|record| record.admin), Some(new_admin));
		Ok(())
	}

	#[benchmark]
	fn suspend_entity() -> Result<(), BenchmarkError> {
		let (id, _) = entity::<T>(EntityKind::Hospital, 1);
		let origin = registrar::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, long_text(T::MaxReasonLength::get()));

		assert!(!Pallet::<T>::is_active(id));
		Ok(())
	}

	#[benchmark]
	fn reinstate_entity() -> Result<(), BenchmarkError> {
		let (id, _) = entity::<T>(EntityKind::Hospital, 1);
		let origin = registrar::<T>()?;
		Pallet::<T>::suspend_entity(origin.clone(), id, long_text(T::MaxReasonLength::get()))
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(Pallet::<T>::is_active(id));
		Ok(())
	}

	#[benchmark]
	fn revoke_entity() -> Result<(), BenchmarkError> {
		let (id, _) = entity::<T>(EntityKind::Hospital, 1);
		let origin = registrar::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(!Pallet::<T>::is_active(id));
		Ok(())
	}

	#[benchmark]
	fn add_account() {
		let (id, admin) = entity::<T>(EntityKind::Hospital, 1);
		fill_accounts::<T>(id);
		let device: T::AccountId = account("device", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), id, device.clone(), AccountRole::Device);

		assert_eq!(AccountToEntity::<T>::get(&device), Some((id, AccountRole::Device)));
	}

	#[benchmark]
	fn remove_account() {
		let (id, admin) = entity::<T>(EntityKind::Hospital, 1);
		fill_accounts::<T>(id);
		let gateway: T::AccountId = account("gateway", 0, id);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), id, gateway.clone());

		assert_eq!(AccountToEntity::<T>::get(&gateway), None);
	}

	#[benchmark]
	fn delegate_anchoring() {
		let (institution, admin) = entity::<T>(EntityKind::Hospital, 1);
		let max = T::MaxDelegations::get();
		for serial in 0..max.saturating_sub(1) {
			let (platform, _) =
				entity::<T>(EntityKind::EvidencePlatform, serial.saturating_add(10));
			Pallet::<T>::do_delegate(institution, platform).expect("below the limit; qed");
		}
		let (platform, _) = entity::<T>(EntityKind::EvidencePlatform, 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), institution, platform);

		assert!(Pallet::<T>::is_delegated(institution, platform));
	}

	#[benchmark]
	fn revoke_delegation() {
		let (institution, admin) = entity::<T>(EntityKind::Hospital, 1);
		let (platform, _) = entity::<T>(EntityKind::EvidencePlatform, 2);
		Pallet::<T>::do_delegate(institution, platform).expect("a fresh delegation; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), institution, platform);

		assert!(!Pallet::<T>::is_delegated(institution, platform));
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
