//! Fees: a successful anchor is refunded in full, a rejected one pays.

use super::*;
use frame_support::dispatch::{DispatchResultWithPostInfo, Pays};

fn pays(result: DispatchResultWithPostInfo) -> Pays {
	match result {
		Ok(info) => info.pays_fee,
		Err(error) => error.post_info.pays_fee,
	}
}

#[test]
fn successful_anchors_pay_no_fee() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(pays(anchor(record(1, 1, RecordKind::Order))), Pays::No);
		let many = vec![record(2, 2, RecordKind::Order), record(3, 3, RecordKind::Order)];
		assert_eq!(
			pays(Anchors::anchor_records(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, many)),
			Pays::No
		);
		assert_eq!(pays(amend(1, 0, b"second")), Pays::No);
		assert_eq!(
			pays(Anchors::anchor_batch(RuntimeOrigin::signed(HOSPITAL_DEVICE), None, batch(1, 5))),
			Pays::No
		);
		assert_eq!(
			pays(Anchors::anchor_record(
				RuntimeOrigin::signed(PLATFORM_GATEWAY),
				Some(HOSPITAL),
				record(4, 4, RecordKind::Order)
			)),
			Pays::No
		);
	});
}

#[test]
fn rejected_anchors_pay_fee() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		// Rejections for every kind of cause: the signer, a cheap check, the encounter's
		// state, a duplicate inside one call, and the rate limit.
		let stranger = Anchors::anchor_record(
			RuntimeOrigin::signed(STRANGER),
			None,
			record(2, 2, RecordKind::Order),
		);
		let duplicate = anchor(record(1, 2, RecordKind::Order));
		let used_sequence = anchor(record(2, 1, RecordKind::Order));
		let duplicate_inside = Anchors::anchor_records(
			RuntimeOrigin::signed(HOSPITAL_GATEWAY),
			None,
			vec![record(5, 5, RecordKind::Order), record(5, 6, RecordKind::Order)],
		);
		let bad_amendment = amend(1, 1, b"x");
		let empty_batch =
			Anchors::anchor_batch(RuntimeOrigin::signed(HOSPITAL_DEVICE), None, batch(1, 0));
		for (name, result) in [
			("stranger", stranger),
			("duplicate", duplicate),
			("used sequence", used_sequence),
			("duplicate inside a call", duplicate_inside),
			("bad amendment", bad_amendment),
			("empty batch", empty_batch),
		] {
			assert!(result.is_err(), "{name} is rejected");
			assert_eq!(pays(result), Pays::Yes, "{name} pays");
		}

		TestTiers::set(HOSPITAL, 0);
		next_block(3_000);
		let over_limit = anchor(record(9, 9, RecordKind::Order));
		assert_eq!(
			over_limit.map_err(|error| error.error),
			Err(Error::<Test>::RateLimitExceeded.into())
		);
		assert_eq!(pays(anchor(record(9, 9, RecordKind::Order))), Pays::Yes);
	});
}

#[test]
fn parameter_calls_pay_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let info = crate::Call::<Test>::set_retention_period {
			class: EncounterClass::Outpatient,
			days: 10,
		};
		use frame_support::dispatch::GetDispatchInfo;
		assert_eq!(info.get_dispatch_info().pays_fee, Pays::Yes);
	});
}
