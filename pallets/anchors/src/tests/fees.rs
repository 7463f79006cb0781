//! Which anchoring calls are feeless: an active operator's, within its rate limit.

use super::*;
use crate::Call;
use frame_support::dispatch::CheckIfFeeless;

fn feeless(account: u64, call: Call<Test>) -> bool {
	call.is_feeless(&RuntimeOrigin::signed(account))
}

fn anchor_call(institution: Option<u32>, number: u8) -> Call<Test> {
	Call::anchor_record {
		institution,
		record: record(number, u32::from(number), RecordKind::Order),
	}
}

#[test]
fn gateway_anchor_within_limit_is_feeless() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(feeless(HOSPITAL_GATEWAY, anchor_call(None, 1)));
		assert!(feeless(PLATFORM_GATEWAY, anchor_call(Some(HOSPITAL), 1)));
		assert!(feeless(
			HOSPITAL_DEVICE,
			Call::anchor_batch { institution: None, batch: batch(1, 5) }
		));
	});
}

#[test]
fn stranger_admin_and_undelegated_platform_pay_fees() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(!feeless(STRANGER, anchor_call(None, 1)));
		assert!(!feeless(HOSPITAL_ADMIN, anchor_call(None, 1)));
		assert!(!feeless(HOSPITAL_DEVICE, anchor_call(None, 1)));
		assert!(!feeless(PLATFORM_GATEWAY, anchor_call(Some(CLINIC), 1)));
		assert!(!feeless(PLATFORM_GATEWAY, anchor_call(None, 1)));
		assert!(!anchor_call(None, 1).is_feeless(&RuntimeOrigin::root()));
	});
}

#[test]
fn anchor_beyond_rate_limit_pays_fee() {
	ExtBuilder::default().build_and_execute(|| {
		for number in 1..BASE_LIMIT {
			assert_ok!(anchor(record(number as u8, number, RecordKind::Order)));
		}
		assert!(feeless(HOSPITAL_GATEWAY, anchor_call(None, 50)));
		let two = vec![record(50, 50, RecordKind::Order), record(51, 51, RecordKind::Order)];
		assert!(!feeless(
			HOSPITAL_GATEWAY,
			Call::anchor_records { institution: None, records: two }
		));
		assert_ok!(anchor(record(50, 50, RecordKind::Order)));
		assert!(!feeless(HOSPITAL_GATEWAY, anchor_call(None, 51)));
		next_block(3_000);
		assert!(feeless(HOSPITAL_GATEWAY, anchor_call(None, 51)));
	});
}

#[test]
fn empty_anchor_list_is_not_feeless() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(!feeless(
			HOSPITAL_GATEWAY,
			Call::anchor_records { institution: None, records: vec![] }
		));
	});
}

#[test]
fn amendment_is_feeless_only_for_owner() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		let amend_call = |number: u8| Call::amend_record {
			record: id(number),
			previous: 0,
			content_hash: hash_of(b"x").into(),
			generated_at: now(),
			reason: AmendmentReason::Correction,
			event: None,
		};
		assert!(feeless(HOSPITAL_GATEWAY, amend_call(1)));
		assert!(feeless(PLATFORM_GATEWAY, amend_call(1)));
		assert!(!feeless(CLINIC_GATEWAY, amend_call(1)));
		assert!(!feeless(HOSPITAL_GATEWAY, amend_call(2)));
	});
}

#[test]
fn parameter_calls_are_never_feeless() {
	ExtBuilder::default().build_and_execute(|| {
		let call =
			Call::<Test>::set_retention_period { class: EncounterClass::Outpatient, days: 10 };
		assert!(!call.is_feeless(&RuntimeOrigin::root()));
		assert!(!feeless(HOSPITAL_GATEWAY, call));
	});
}

#[test]
fn anchors_failing_cheap_checks_pay_fees() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		let with = |change: &dyn Fn(&mut NewRecord)| {
			let mut new = record(2, 2, RecordKind::Order);
			change(&mut new);
			Call::<Test>::anchor_record { institution: None, record: new }
		};
		assert!(feeless(HOSPITAL_GATEWAY, with(&|_| {})));
		assert!(!feeless(HOSPITAL_GATEWAY, with(&|new| new.id = id(1))));
		assert!(!feeless(HOSPITAL_GATEWAY, with(&|new| new.generated_at = now() + DRIFT + 1)));
		assert!(!feeless(HOSPITAL_GATEWAY, with(&|new| new.sequence = 0)));
		assert!(!feeless(
			HOSPITAL_GATEWAY,
			with(&|new| {
				new.content_hash.digest.pop();
			})
		));
		assert!(!feeless(
			HOSPITAL_GATEWAY,
			with(&|new| new.event =
				Some(EventTime { event: ClinicalEvent::Admission, at: now() + 1 }))
		));

		let many = vec![record(3, 3, RecordKind::Order), record(1, 4, RecordKind::Order)];
		assert!(!feeless(
			HOSPITAL_GATEWAY,
			Call::anchor_records { institution: None, records: many }
		));
		let too_many: Vec<_> =
			(10..16u8).map(|n| record(n, u32::from(n), RecordKind::Order)).collect();
		assert!(!feeless(
			HOSPITAL_GATEWAY,
			Call::anchor_records { institution: None, records: too_many }
		));
	});
}

#[test]
fn amendments_and_batches_failing_cheap_checks_pay_fees() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Order)));
		let amend_call = |previous: u16, generated_at: u64| Call::<Test>::amend_record {
			record: id(1),
			previous,
			content_hash: hash_of(b"x").into(),
			generated_at,
			reason: AmendmentReason::Correction,
			event: None,
		};
		assert!(feeless(HOSPITAL_GATEWAY, amend_call(0, now())));
		assert!(!feeless(HOSPITAL_GATEWAY, amend_call(1, now())));
		assert!(!feeless(HOSPITAL_GATEWAY, amend_call(0, now() - 1)));
		assert!(!feeless(HOSPITAL_GATEWAY, amend_call(0, now() + DRIFT + 1)));
		TestHolds::hold_record(id(1));
		assert!(!feeless(HOSPITAL_GATEWAY, amend_call(0, now())));

		let batch_call = |batch: NewBatch| Call::<Test>::anchor_batch { institution: None, batch };
		assert!(feeless(HOSPITAL_DEVICE, batch_call(batch(1, 10))));
		assert!(!feeless(HOSPITAL_DEVICE, batch_call(batch(1, 0))));
		assert!(!feeless(HOSPITAL_DEVICE, batch_call(batch(1, 1001))));
		assert!(!feeless(
			HOSPITAL_DEVICE,
			batch_call(NewBatch { last_generated_at: now() + DRIFT + 1, ..batch(1, 10) })
		));
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch(1, 10)
		));
		assert!(!feeless(HOSPITAL_DEVICE, batch_call(batch(1, 10))));
	});
}
