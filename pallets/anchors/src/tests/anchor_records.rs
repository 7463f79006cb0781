//! `anchor_records`: many records in one call, all or none.

use super::*;

fn anchor_many(records: Vec<NewRecord>) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Anchors::anchor_records(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, records)
}

#[test]
fn anchor_records_stores_each_record_in_order() {
	ExtBuilder::default().build_and_execute(|| {
		let records: Vec<_> =
			(1..=5u8).map(|n| record(n, u32::from(n), RecordKind::Nursing)).collect();
		assert_ok!(anchor_many(records));
		for n in 1..=5u8 {
			assert_eq!(Records::<Test>::get(id(n)).unwrap().sequence, u32::from(n));
			assert_eq!(
				Anchors::institution_anchor_at(HOSPITAL, 1, u32::from(n) - 1),
				Some(AnchorRef::Record(id(n)))
			);
		}
		let anchored: Vec<_> = anchor_events()
			.into_iter()
			.filter_map(|event| match event {
				Event::RecordAnchored { record, .. } => Some(record),
				_ => None,
			})
			.collect();
		assert_eq!(anchored, (1..=5u8).map(id).collect::<Vec<_>>());
		assert_eq!(usage(HOSPITAL), Some((1, 5)));
	});
}

#[test]
fn anchor_records_with_one_bad_record_stores_none() {
	ExtBuilder::default().build_and_execute(|| {
		let mut records: Vec<_> =
			(1..=4u8).map(|n| record(n, u32::from(n), RecordKind::Nursing)).collect();
		records[3].generated_at = now() + DRIFT + 1;
		assert_noop!(anchor_many(records), Error::<Test>::GeneratedInFuture);

		// A duplicate inside the call is caught as well.
		let records = vec![record(1, 1, RecordKind::Nursing), record(1, 2, RecordKind::Nursing)];
		assert_noop!(anchor_many(records), Error::<Test>::RecordAlreadyAnchored);
	});
}

#[test]
fn anchor_records_empty_or_too_long_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(anchor_many(vec![]), Error::<Test>::NoRecords);
		let records: Vec<_> =
			(1..=6u8).map(|n| record(n, u32::from(n), RecordKind::Nursing)).collect();
		assert_noop!(anchor_many(records), Error::<Test>::TooManyRecords);
	});
}

#[test]
fn anchor_records_beyond_rate_limit_fails_whole_call() {
	ExtBuilder::default().build_and_execute(|| {
		let first: Vec<_> =
			(1..=5u8).map(|n| record(n, u32::from(n), RecordKind::Nursing)).collect();
		assert_ok!(anchor_many(first));
		assert_ok!(anchor(record(6, 6, RecordKind::Nursing)));
		// Four of these five would fit the limit of ten.
		let second: Vec<_> =
			(7..=11u8).map(|n| record(n, u32::from(n), RecordKind::Nursing)).collect();
		assert_noop!(anchor_many(second), Error::<Test>::RateLimitExceeded);
		assert_eq!(usage(HOSPITAL), Some((1, 6)));
	});
}

#[test]
fn anchor_records_by_stranger_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Anchors::anchor_records(
				RuntimeOrigin::signed(STRANGER),
				None,
				vec![record(1, 1, RecordKind::Nursing)]
			),
			Error::<Test>::NotAnOperator
		);
	});
}
