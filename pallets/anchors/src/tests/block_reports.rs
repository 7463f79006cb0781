//! Reporting each institution's anchors once per block, the bound on institutions per block,
//! and the weight charged to an institution's first and later anchors in a block. The charge
//! leaves out entries an earlier extrinsic of the block wrote, index pages an anchor did not
//! touch and the registry reads of the delegated path when an institution acts itself.

use super::*;
use crate::{weights::WeightInfo, Unreported};
use frame_support::{
	dispatch::DispatchResultWithPostInfo,
	weights::{constants::RocksDbWeight, Weight},
};
use medanchor_primitives::anchors::MILLIS_PER_DAY;

fn charged(result: DispatchResultWithPostInfo) -> Option<Weight> {
	result.expect("the call succeeds").actual_weight
}

#[test]
fn block_end_reports_each_institution_once() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(Anchors::anchor_record(
			RuntimeOrigin::signed(CLINIC_GATEWAY),
			None,
			NewRecord { encounter: [0x01; 32], ..record(2, 1, RecordKind::Order) }
		));
		// A late record that skips two numbers, then a batch.
		let late =
			NewRecord { generated_at: now() - WINDOW - 1, ..record(3, 4, RecordKind::Order) };
		assert_ok!(anchor(late));
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch(9, 5)
		));
		assert_eq!(Unreported::<Test>::get().into_inner(), vec![HOSPITAL, CLINIC]);
		assert!(TestObserver::reports().is_empty());

		end_block();
		let hospital = AnchorTally { at_generation: 2, late: 1, new_gaps: 2, ..Default::default() };
		let clinic = AnchorTally { at_generation: 1, ..Default::default() };
		assert_eq!(TestObserver::reports(), vec![(HOSPITAL, hospital), (CLINIC, clinic)]);
		assert!(Unreported::<Test>::get().is_empty());

		// A block without anchors reports nothing, and a new block starts a new tally.
		next_block(3_000);
		next_block(3_000);
		assert_eq!(TestObserver::reports().len(), 2);
		assert_ok!(anchor(record(4, 5, RecordKind::Order)));
		next_block(3_000);
		let single = AnchorTally { at_generation: 1, ..Default::default() };
		assert_eq!(TestObserver::reports().last(), Some(&(HOSPITAL, single)));
	});
}

#[test]
fn rejected_first_anchor_leaves_no_tally() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		next_block(3_000);
		assert_noop!(anchor(record(1, 2, RecordKind::Order)), Error::<Test>::RecordAlreadyAnchored);
		TestTiers::set(CLINIC, 0);
		assert_noop!(
			Anchors::anchor_record(
				RuntimeOrigin::signed(CLINIC_GATEWAY),
				None,
				NewRecord { encounter: [0x01; 32], ..record(2, 1, RecordKind::Order) }
			),
			Error::<Test>::RateLimitExceeded
		);
		assert!(Unreported::<Test>::get().is_empty());
		end_block();
		assert_eq!(TestObserver::reports().len(), 1, "only the first block had anchors");
	});
}

#[test]
fn institutions_per_block_are_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		MaxInstitutionsPerBlock::set(1);
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		// The hospital's later anchors still fit; another institution's do not.
		assert_ok!(anchor(record(2, 2, RecordKind::Order)));
		let clinic = NewRecord { encounter: [0x01; 32], ..record(3, 1, RecordKind::Order) };
		assert_noop!(
			Anchors::anchor_record(RuntimeOrigin::signed(CLINIC_GATEWAY), None, clinic.clone()),
			Error::<Test>::TooManyInstitutionsInBlock
		);
		next_block(3_000);
		assert_ok!(Anchors::anchor_record(RuntimeOrigin::signed(CLINIC_GATEWAY), None, clinic));
	});
}

#[test]
fn rate_limit_fixed_per_block() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		// A tier change within the block applies from the next block.
		TestTiers::set(HOSPITAL, 10);
		for number in 2..=BASE_LIMIT {
			assert_ok!(anchor(record(number as u8, number, RecordKind::Nursing)));
		}
		assert_eq!(usage(HOSPITAL), Some((1, BASE_LIMIT)));
		next_block(3_000);
		assert_ok!(anchor(record(50, 50, RecordKind::Nursing)));
		assert_noop!(anchor(record(51, 51, RecordKind::Nursing)), Error::<Test>::RateLimitExceeded);
	});
}

/// Returns the weight of reading and writing `entries` entries at the mock's database costs.
fn rewrites(entries: u64) -> Weight {
	RocksDbWeight::get().reads_writes(entries, entries)
}

/// Returns the weight of the reads that the benchmarks count and an anchor does not pay. The
/// block's timestamp is read from the block's overlay. Through an institution's own gateway
/// or device, the institution's registry entry and the delegation are not read either.
fn unpaid_reads(own: bool) -> Weight {
	RocksDbWeight::get().reads(if own { 3 } else { 1 })
}

#[test]
fn first_anchor_pays_for_report() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		let report = Anchors::report_weight();
		assert!(report.any_gt(Weight::zero()), "reporting an institution has a weight");
		let first_extra = <Weights as WeightInfo>::anchor_record()
			.saturating_sub(<Weights as WeightInfo>::anchor_record_same_block());
		assert!(first_extra.any_gt(Weight::zero()), "a first anchor does more than a later one");
		let queueing = <Weights as WeightInfo>::enqueue();
		assert!(queueing.any_gt(Weight::zero()), "queueing for pruning has a weight");
		assert!(rewrites(1).any_gt(Weight::zero()), "the mock charges database access");

		// The first record opens the encounter, which queues it for pruning. It does not fill
		// a page of its patient's index, and its page of the encounter's list is kept in the
		// encounter's entry, so it is not charged for writing either page.
		let first = charged(anchor(record(1, 1, RecordKind::Admission)));
		let expected = <Weights as WeightInfo>::anchor_record()
			.saturating_add(report)
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(first, Some(expected));
		// A later record of a new encounter queues that encounter. The first anchor wrote the
		// block usage and the institution's page of the block.
		let new_encounter = NewRecord { encounter: [0x02; 32], ..record(2, 1, RecordKind::Order) };
		// The first anchor also wrote the patient's index head.
		let later = charged(anchor(new_encounter));
		let expected = <Weights as WeightInfo>::anchor_record_same_block()
			.saturating_sub(rewrites(5))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(later, Some(expected));
		// A later record of an encounter queued today does not queue it; the first anchor
		// wrote that encounter in this block too.
		let later = charged(anchor(record(3, 2, RecordKind::Order)));
		let expected = <Weights as WeightInfo>::anchor_record_same_block()
			.saturating_sub(queueing)
			.saturating_sub(rewrites(6))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(later, Some(expected));

		// Two records of one queued encounter in one call are charged as if both queued. Of
		// the shared entries written before, only the block usage is left out. Each record
		// leaves out its own: the two pages it did not touch, and its encounter and patient's
		// head, which earlier anchors of the block wrote.
		let many = vec![record(4, 3, RecordKind::Order), record(5, 4, RecordKind::Order)];
		let result = Anchors::anchor_records(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, many);
		let expected = <Weights as WeightInfo>::anchor_records(2)
			.saturating_sub(first_extra)
			.saturating_sub(rewrites(9))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(charged(result), Some(expected));
		// A later batch; an amendment of a record anchored in this block, whose encounter
		// waits in today's queue.
		let result =
			Anchors::anchor_batch(RuntimeOrigin::signed(HOSPITAL_DEVICE), None, batch(9, 5));
		let expected = <Weights as WeightInfo>::anchor_batch()
			.saturating_sub(first_extra)
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(charged(result), Some(expected));
		let expected = <Weights as WeightInfo>::amend_record()
			.saturating_sub(first_extra)
			.saturating_sub(queueing)
			.saturating_sub(rewrites(4))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(charged(amend(1, 0, b"second")), Some(expected));

		// The clinic's first anchor of the block pays for its own report, and for every entry
		// it writes: the hospital's entries are not the clinic's, and its patient is another.
		// Its record fills no page of its patient's index and lies on its encounter's first
		// page.
		let many = vec![NewRecord {
			encounter: [0x01; 32],
			patient: [0x0c; 32],
			..record(6, 1, RecordKind::Order)
		}];
		let result = Anchors::anchor_records(RuntimeOrigin::signed(CLINIC_GATEWAY), None, many);
		let expected = <Weights as WeightInfo>::anchor_records(1)
			.saturating_add(report)
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(charged(result), Some(expected));

		// An amendment on a later day queues its encounter under that day. The record and its
		// encounter were written in an earlier block.
		jump_to(START + 2 * MILLIS_PER_DAY);
		assert_ok!(anchor(NewRecord { encounter: [0x03; 32], ..record(7, 1, RecordKind::Order) }));
		let expected = <Weights as WeightInfo>::amend_record()
			.saturating_sub(first_extra)
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(charged(amend(1, 1, b"third")), Some(expected));
	});
}

#[test]
fn earlier_block_entries_pay_in_full() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		let same_block = <Weights as WeightInfo>::anchor_record_same_block();
		let queueing = <Weights as WeightInfo>::enqueue();
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		assert_ok!(anchor(record(2, 2, RecordKind::Order)));

		// In the next block the encounter, the block usage and the page are entries of an
		// earlier block: the first anchor pays for all of them. Only the pages it does not
		// touch are left out: the patient's, which it does not fill, and the encounter's,
		// which the encounter's entry holds.
		next_block(3_000);
		let first = charged(anchor(record(3, 3, RecordKind::Order)));
		let expected = <Weights as WeightInfo>::anchor_record()
			.saturating_sub(queueing)
			.saturating_add(Anchors::report_weight())
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(first, Some(expected));
		// A record of another encounter: the block usage, the page and the patient's index
		// head were written before.
		let other = NewRecord { encounter: [0x02; 32], ..record(4, 1, RecordKind::Order) };
		let expected = same_block.saturating_sub(rewrites(5)).saturating_sub(unpaid_reads(true));
		assert_eq!(charged(anchor(other)), Some(expected));
	});
}

#[test]
fn page_opening_anchor_pays_page_write() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		let same_block = <Weights as WeightInfo>::anchor_record_same_block();
		let queueing = <Weights as WeightInfo>::enqueue();
		let page = crate::types::INDEX_PAGE_SIZE;
		TestTiers::set(HOSPITAL, 1_000);
		for number in 1..page {
			assert_ok!(anchor(record(number as u8, number, RecordKind::Nursing)));
		}
		// The 32nd record fills the first page of its patient's index, which moves to an
		// entry of its own, and pays for that write. Its sequence number is the first of the
		// encounter's second page, an entry of `EncounterRecords`, which it pays for too.
		// Earlier anchors of the block wrote its encounter and the patient's index head.
		let filling = charged(anchor(record(page as u8, page, RecordKind::Nursing)));
		let expected = same_block
			.saturating_sub(queueing)
			.saturating_sub(rewrites(4))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(filling, Some(expected));
		assert!(PatientRecords::<Test>::contains_key(PATIENT, 0));
		assert!(EncounterRecords::<Test>::contains_key((HOSPITAL, ENCOUNTER, 1)));
		// Position 32 opens the block's second page; position 33 finds it written.
		let opening = charged(anchor(record(100, page + 1, RecordKind::Nursing)));
		let expected = same_block
			.saturating_sub(queueing)
			.saturating_sub(rewrites(4))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(opening, Some(expected));
		assert_eq!(
			Anchors::institution_anchor_at(HOSPITAL, System::block_number(), page),
			Some(AnchorRef::Record([100; 32]))
		);
		let next = charged(anchor(record(101, page + 2, RecordKind::Nursing)));
		let expected = same_block
			.saturating_sub(queueing)
			.saturating_sub(rewrites(5))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(next, Some(expected));
	});
}

#[test]
fn declared_weight_covers_a_first_anchor() {
	ExtBuilder::default().build_and_execute(|| {
		use frame_support::dispatch::GetDispatchInfo;
		let page = crate::types::INDEX_PAGE_SIZE;
		let worst = record(1, page, RecordKind::Admission);
		let call = crate::Call::<Test>::anchor_record {
			institution: Some(HOSPITAL),
			record: worst.clone(),
		};
		let declared = call.get_dispatch_info().call_weight;
		// The worst first anchor comes from a delegated platform, fills a page of its
		// patient's index and starts a later page of its encounter's list.
		TestTiers::set(HOSPITAL, 1_000);
		for number in 2..=page {
			let other = NewRecord {
				encounter: [0x02; 32],
				..record(number as u8, number, RecordKind::Order)
			};
			assert_ok!(anchor(other));
		}
		next_block(MILLIS_PER_DAY);
		let result =
			Anchors::anchor_record(RuntimeOrigin::signed(PLATFORM_GATEWAY), Some(HOSPITAL), worst);
		let first = charged(result).unwrap();
		assert!(PatientRecords::<Test>::contains_key(PATIENT, 0));
		assert!(EncounterRecords::<Test>::contains_key((HOSPITAL, ENCOUNTER, 1)));
		// Only the block's timestamp, which the block's overlay holds, is left out.
		assert_eq!(declared, first.saturating_add(unpaid_reads(false)));
	});
}

#[test]
fn record_on_first_page_spares_encounter_page() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		let same_block = <Weights as WeightInfo>::anchor_record_same_block();
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		// Two new encounters, one record each: number 1 lands in its encounter's entry,
		// number 40 on page 1 of the other's list, an entry of its own.
		let on_first = NewRecord { encounter: [0x02; 32], ..record(2, 1, RecordKind::Order) };
		let expected = same_block.saturating_sub(rewrites(5)).saturating_sub(unpaid_reads(true));
		assert_eq!(charged(anchor(on_first)), Some(expected));
		let on_later = NewRecord { encounter: [0x03; 32], ..record(3, 40, RecordKind::Order) };
		let expected = same_block.saturating_sub(rewrites(4)).saturating_sub(unpaid_reads(true));
		assert_eq!(charged(anchor(on_later)), Some(expected));
		assert_eq!(Encounters::<Test>::get(HOSPITAL, [0x02; 32]).unwrap().first_page.len(), 1);
		assert!(Encounters::<Test>::get(HOSPITAL, [0x03; 32]).unwrap().first_page.is_empty());
		assert_eq!(
			EncounterRecords::<Test>::get((HOSPITAL, [0x03; 32], 1)).unwrap().into_inner(),
			vec![id(3)]
		);
	});
}

#[test]
fn platform_pays_registry_reads() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		let same_block = <Weights as WeightInfo>::anchor_record_same_block();
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		// The same path through the hospital's own gateway and through its platform: the
		// platform's anchor also reads the hospital's registry entry and the delegation.
		let own = NewRecord { encounter: [0x02; 32], ..record(2, 1, RecordKind::Order) };
		let own = charged(anchor(own)).unwrap();
		let delegated = NewRecord { encounter: [0x03; 32], ..record(3, 1, RecordKind::Order) };
		let delegated = charged(Anchors::anchor_record(
			RuntimeOrigin::signed(PLATFORM_GATEWAY),
			Some(HOSPITAL),
			delegated,
		))
		.unwrap();
		let expected = same_block.saturating_sub(rewrites(5)).saturating_sub(unpaid_reads(false));
		assert_eq!(delegated, expected);
		assert_eq!(own, delegated.saturating_sub(RocksDbWeight::get().reads(2)));
		let device = charged(Anchors::anchor_batch(
			RuntimeOrigin::signed(PLATFORM_DEVICE),
			Some(HOSPITAL),
			batch(9, 5),
		))
		.unwrap();
		let first_extra = <Weights as WeightInfo>::anchor_record().saturating_sub(same_block);
		let expected = <Weights as WeightInfo>::anchor_batch()
			.saturating_sub(first_extra)
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(false));
		assert_eq!(device, expected);
	});
}

#[test]
fn records_of_one_call_share_their_entries() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		// The call is the hospital's first anchor of the block. Its first record writes the
		// new encounter and the patient's index head; the next two find both written.
		let many = vec![
			record(1, 1, RecordKind::Admission),
			record(2, 2, RecordKind::Order),
			record(3, 3, RecordKind::Order),
		];
		let result = Anchors::anchor_records(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, many);
		// Each record also leaves out its patient's page and the encounter's later page,
		// neither of which it touched: 2 + 4 + 4 entries.
		let expected = <Weights as WeightInfo>::anchor_records(3)
			.saturating_add(Anchors::report_weight())
			.saturating_sub(rewrites(10))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(charged(result), Some(expected));
		let head = PatientIndexHeads::<Test>::get(PATIENT).unwrap();
		assert_eq!(head.listed_at, now());

		// In the next block the head and the encounter come from the block before.
		next_block(3_000);
		let later = charged(anchor(record(4, 4, RecordKind::Order)));
		let expected = <Weights as WeightInfo>::anchor_record()
			.saturating_sub(<Weights as WeightInfo>::enqueue())
			.saturating_add(Anchors::report_weight())
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(later, Some(expected));
	});
}

#[test]
fn new_head_pays_at_any_time() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		// A new head starts with `listed_at` zero; at block time zero it still was not
		// written earlier in the block.
		jump_to(0);
		let first = charged(anchor(record(1, 1, RecordKind::Admission)));
		let expected = <Weights as WeightInfo>::anchor_record()
			.saturating_add(Anchors::report_weight())
			.saturating_sub(rewrites(2))
			.saturating_sub(unpaid_reads(true));
		assert_eq!(first, Some(expected));
	});
}

/// Returns `count` records numbered from `first`, each the first of a new encounter of a new
/// patient, in the classes given in turn. Encounters and patients take the record's number,
/// which keeps them clear of the default encounter and patient below 0xaa.
fn new_encounters(first: u8, count: u8, classes: &[EncounterClass]) -> Vec<NewRecord> {
	(0..count)
		.map(|offset| {
			let number = first + offset;
			let mut patient = [0x55; 32];
			patient[0] = number;
			NewRecord {
				encounter: [number; 32],
				patient,
				class: classes[usize::from(offset) % classes.len()],
				..record(number, 1, RecordKind::Order)
			}
		})
		.collect()
}

#[test]
fn records_call_pays_pages_and_classes_it_adds() {
	ExtBuilder::default().build_and_execute(|| {
		type Weights = ();
		let page = crate::types::INDEX_PAGE_SIZE;
		TestTiers::set(HOSPITAL, 1_000);
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		// Positions 1 to 5, in one class and one page of the institution's index.
		let inpatient = [EncounterClass::Inpatient];
		let calm = new_encounters(40, 5, &inpatient);
		let result = Anchors::anchor_records(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, calm);
		let calm = charged(result).unwrap();
		for number in 6..page - 2 {
			assert_ok!(anchor(record(number as u8, number, RecordKind::Order)));
		}
		// Positions 30 to 34: the record at 32 opens the block's second page, and the records
		// queue encounters of three classes.
		let all = EncounterClass::ALL;
		let crossing = new_encounters(50, 5, &all);
		let result =
			Anchors::anchor_records(RuntimeOrigin::signed(HOSPITAL_GATEWAY), None, crossing);
		let crossing = charged(result).unwrap();
		assert_eq!(
			Anchors::institution_anchor_at(HOSPITAL, System::block_number(), page),
			Some(AnchorRef::Record(id(52)))
		);
		let added =
			rewrites(1).saturating_add(<Weights as WeightInfo>::enqueue().saturating_mul(2));
		assert_eq!(crossing, calm.saturating_add(added));
	});
}

#[test]
fn records_call_declares_worst_pages_and_classes() {
	ExtBuilder::default().build_and_execute(|| {
		use frame_support::dispatch::GetDispatchInfo;
		type Weights = ();
		let call = crate::Call::<Test>::anchor_records {
			institution: None,
			records: new_encounters(10, 5, &EncounterClass::ALL),
		};
		// Five records starting on a page's last slot open one more page.
		let expected = <Weights as WeightInfo>::anchor_records(5)
			.saturating_add(rewrites(1))
			.saturating_add(<Weights as WeightInfo>::enqueue().saturating_mul(2))
			.saturating_add(Anchors::report_weight());
		assert_eq!(call.get_dispatch_info().call_weight, expected);
		assert_eq!(Anchors::anchor_records_weight(1), <Weights as WeightInfo>::anchor_records(1));
		let two = <Weights as WeightInfo>::anchor_records(2)
			.saturating_add(rewrites(1))
			.saturating_add(<Weights as WeightInfo>::enqueue());
		assert_eq!(Anchors::anchor_records_weight(2), two);
	});
}
