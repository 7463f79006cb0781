//! The patient, encounter and institution indexes keep their entries in pages of 32. A
//! patient's page stays in the index's head until it fills; an encounter's first page stays
//! in the encounter's entry.

use super::*;
use crate::{page_of, put_in_slot, IndexPageSize, PatientIndexHead, INDEX_PAGE_SIZE};

/// Anchors records `1..=count` of the default patient and encounter in the current block,
/// numbered by their ids, with the hospital's limit raised to fit them.
fn anchor_numbered(count: u8) {
	TestTiers::set(HOSPITAL, 100 * u32::from(count));
	for n in 1..=count {
		assert_ok!(anchor(record(n, u32::from(n), RecordKind::ProgressNote)));
	}
}

#[test]
fn positions_fill_one_page_before_the_next() {
	ExtBuilder::default().build_and_execute(|| {
		anchor_numbered(40);

		// Positions 0 to 31 filled a page, which left the head; 32 to 39 are in the head.
		let first = PatientRecords::<Test>::get(PATIENT, 0).unwrap();
		assert_eq!(first.len(), 32);
		assert_eq!(first[31], Some(id(32)));
		assert_eq!(PatientRecords::<Test>::iter().count(), 1);
		let head = PatientIndexHeads::<Test>::get(PATIENT).unwrap();
		assert_eq!(head.count, 40);
		assert_eq!(head.open_from(), 32);
		assert_eq!(head.open_slot(31), None);
		assert_eq!(head.open_slot(32), Some(0));
		assert_eq!(head.open_slot(39), Some(7));
		assert_eq!(head.open_slot(40), None);
		assert_eq!(head.open.len(), 8);
		assert_eq!(head.open[0], Some(id(33)));

		// Sequence numbers 1 to 31 share page 0, in the encounter's entry; 32 to 40 are on
		// page 1.
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(encounter.first_page.into_inner(), (1..=31).map(id).collect::<Vec<_>>());
		assert!(EncounterRecords::<Test>::get((HOSPITAL, ENCOUNTER, 0)).is_none());
		assert_eq!(EncounterRecords::<Test>::iter().count(), 1);
		let upper = EncounterRecords::<Test>::get((HOSPITAL, ENCOUNTER, 1)).unwrap();
		assert_eq!(upper.into_inner(), (32..=40).map(id).collect::<Vec<_>>());

		assert_eq!(InstitutionAnchors::<Test>::iter().count(), 2);
		for n in 1..=40u8 {
			assert_eq!(
				Anchors::institution_anchor_at(HOSPITAL, 1, u32::from(n) - 1),
				Some(AnchorRef::Record(id(n)))
			);
			assert_eq!(Anchors::patient_record_at(PATIENT, u32::from(n) - 1), Some(id(n)));
		}
		assert_eq!(Anchors::institution_anchor_at(HOSPITAL, 1, 40), None);
		assert_eq!(
			Anchors::encounter_records(HOSPITAL, ENCOUNTER),
			(1..=40).map(id).collect::<Vec<_>>()
		);
	});
}

#[test]
fn queries_read_across_page_boundaries() {
	ExtBuilder::default().build_and_execute(|| {
		anchor_numbered(40);

		let page = Anchors::patient_records(PATIENT, 28, 10);
		assert_eq!(page.records, (29..=38).map(id).collect::<Vec<_>>());
		assert_eq!(page.next, Some(38));
		let last = Anchors::patient_records(PATIENT, 38, 10);
		assert_eq!(last.records, vec![id(39), id(40)]);
		assert_eq!(last.next, None);

		// The mock's queries return at most 10 entries per page.
		let anchors = Anchors::institution_anchors(HOSPITAL, 1, 1, 10);
		let listed: Vec<_> = anchors.anchors.iter().map(|(_, anchor)| *anchor).collect();
		assert_eq!(listed, (1..=40).map(|n| AnchorRef::Record(id(n))).collect::<Vec<_>>());
		assert_eq!(anchors.next_block, None);
	});
}

#[test]
fn pruning_leaves_holes_and_removes_emptied_pages() {
	ExtBuilder::default().build_and_execute(|| {
		anchor_numbered(40);
		end_block();

		// Record 5 goes alone: its pages keep the other entries, with a hole at its place.
		Anchors::prune_record(&id(5));
		let first = PatientRecords::<Test>::get(PATIENT, 0).unwrap();
		assert_eq!(first.len(), 32);
		assert_eq!(first[4], None);
		assert_eq!(Anchors::institution_anchor_at(HOSPITAL, 1, 4), None);
		assert_eq!(Anchors::institution_anchor_at(HOSPITAL, 1, 5), Some(AnchorRef::Record(id(6))));
		let page = Anchors::patient_records(PATIENT, 0, 6);
		assert_eq!(page.records, vec![id(1), id(2), id(3), id(4), id(6)]);
		assert_eq!(page.next, Some(6));
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(encounter.records, 39);
		assert_eq!(encounter.first_page.len(), 30);
		assert!(!encounter.first_page.contains(&id(5)));

		// A record in the head leaves a hole there.
		Anchors::prune_record(&id(34));
		let head = PatientIndexHeads::<Test>::get(PATIENT).unwrap();
		assert_eq!(head.count, 40);
		assert_eq!(head.open[1], None);
		assert_eq!(head.open[2], Some(id(35)));
		let page = Anchors::patient_records(PATIENT, 32, 3);
		assert_eq!(page.records, vec![id(33), id(35)]);
		assert_eq!(page.next, Some(35));

		// Pruning the rest of the first 32 positions removes those pages.
		for n in (1..=32u8).filter(|n| *n != 5) {
			Anchors::prune_record(&id(n));
		}
		assert!(PatientRecords::<Test>::get(PATIENT, 0).is_none());
		assert_eq!(PatientIndexHeads::<Test>::get(PATIENT).unwrap().open.len(), 8);
		assert!(InstitutionAnchors::<Test>::get((HOSPITAL, 1, 0)).is_none());
		assert_eq!(
			EncounterRecords::<Test>::get((HOSPITAL, ENCOUNTER, 1)).unwrap().into_inner(),
			[33, 35, 36, 37, 38, 39, 40].map(id).to_vec()
		);
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		assert_eq!(encounter.records, 7);
		assert!(encounter.first_page.is_empty());
		assert_eq!(
			Anchors::encounter_records(HOSPITAL, ENCOUNTER),
			[33, 35, 36, 37, 38, 39, 40].map(id).to_vec()
		);

		// The last records of page 1 remove that page.
		for n in [33, 35, 36, 37, 38, 39, 40] {
			Anchors::prune_record(&id(n));
		}
		assert_eq!(EncounterRecords::<Test>::iter().count(), 0);
		assert_eq!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().records, 0);
		let page = Anchors::patient_records(PATIENT, 0, 10);
		assert!(page.records.is_empty());
		assert_eq!(page.next, Some(10));
		Anchors::do_try_state().expect("pruned pages are consistent");
	});
}

#[test]
fn index_position_taken_refuses_anchor_unchanged() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		// The patient's count no longer matches its open page.
		let head = PatientIndexHeads::<Test>::get(PATIENT).unwrap();
		PatientIndexHeads::<Test>::insert(PATIENT, PatientIndexHead { count: 0, ..head.clone() });
		assert!(Anchors::do_try_state().is_err());

		assert_noop!(
			anchor(record(2, 2, RecordKind::ProgressNote)),
			Error::<Test>::IndexPositionTaken
		);

		PatientIndexHeads::<Test>::insert(PATIENT, head);
		assert_ok!(anchor(record(2, 2, RecordKind::ProgressNote)));
		assert_eq!(Anchors::patient_record_at(PATIENT, 1), Some(id(2)));
	});
}

#[test]
fn try_state_reports_empty_index_page() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		let empty: BoundedVec<Option<AnchorRef>, IndexPageSize> =
			BoundedVec::truncate_from(vec![None]);
		InstitutionAnchors::<Test>::insert((HOSPITAL, 1, 1), empty);
		assert_eq!(
			Anchors::do_try_state(),
			Err("an institution's index keeps an empty page".into())
		);
		InstitutionAnchors::<Test>::remove((HOSPITAL, 1, 1));
	});
}

#[test]
fn slots_are_placed_and_bounded() {
	assert_eq!(page_of(0), (0, 0));
	assert_eq!(page_of(31), (0, 31));
	assert_eq!(page_of(32), (1, 0));
	assert_eq!(page_of(u32::MAX), (u32::MAX / INDEX_PAGE_SIZE, 31));

	let mut page: BoundedVec<Option<u8>, IndexPageSize> = BoundedVec::new();
	assert!(put_in_slot(&mut page, 2, 7));
	assert_eq!(page.clone().into_inner(), vec![None, None, Some(7)]);
	// A taken slot and a slot outside the page leave the page as it was.
	assert!(!put_in_slot(&mut page, 2, 8));
	assert!(!put_in_slot(&mut page, 32, 8));
	assert_eq!(page.clone().into_inner(), vec![None, None, Some(7)]);
	assert!(put_in_slot(&mut page, 0, 1));
	assert!(put_in_slot(&mut page, 31, 9));
	assert_eq!(page.len(), 32);
	assert!(crate::clear_slot(&mut page, 0));
	assert!(crate::clear_slot(&mut page, 2));
	assert!(!crate::clear_slot(&mut page, 31));
}
