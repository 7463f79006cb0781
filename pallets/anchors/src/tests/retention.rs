//! Retention: expired anchors leave state in `on_idle`, held ones stay, weight is respected.

use super::*;
use crate::{EncounterFacts, EncounterInfo, RecordInfo, WeightInfo};
use frame_support::weights::Weight;
use medanchor_primitives::anchors::MILLIS_PER_DAY;

const DAY: u64 = MILLIS_PER_DAY;

/// Enough weight to prune everything in these tests.
fn plenty() -> Weight {
	Weight::from_parts(u64::MAX / 2, u64::MAX / 2)
}

fn outpatient(number: u8, sequence: u32) -> NewRecord {
	NewRecord {
		class: EncounterClass::Outpatient,
		..record(number, sequence, RecordKind::Diagnosis)
	}
}

fn pruned_records() -> Vec<[u8; 32]> {
	anchor_events()
		.into_iter()
		.filter_map(|event| match event {
			Event::RecordPruned { record, .. } => Some(record),
			_ => None,
		})
		.collect()
}

/// Sets the outpatient retention period to two days and anchors three records now.
fn three_outpatient_records() {
	assert_ok!(Anchors::set_retention_period(RuntimeOrigin::root(), EncounterClass::Outpatient, 2));
	for number in 1..=3u8 {
		assert_ok!(anchor(outpatient(number, u32::from(number))));
	}
}

#[test]
fn expired_records_are_pruned_with_their_indexes() {
	ExtBuilder::default().build_and_execute(|| {
		three_outpatient_records();
		assert_ok!(amend(2, 0, b"second"));

		// Two days later the period has not fully passed for the whole day.
		jump_to(START + 2 * DAY);
		run_idle(plenty());
		assert!(pruned_records().is_empty());
		assert!(Records::<Test>::contains_key(id(1)));

		jump_to(START + 3 * DAY);
		run_idle(plenty());
		let mut pruned = pruned_records();
		pruned.sort();
		assert_eq!(pruned, vec![id(1), id(2), id(3)]);
		for number in 1..=3u8 {
			assert!(!Records::<Test>::contains_key(id(number)));
		}
		assert!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).is_none());
		assert_eq!(EncounterRecords::<Test>::iter().count(), 0);
		assert_eq!(PatientRecords::<Test>::iter().count(), 0);
		assert_eq!(InstitutionAnchors::<Test>::iter().count(), 0);
		// The patient's index keeps counting, so positions are never reused.
		let head = PatientIndexHeads::<Test>::get(PATIENT).unwrap();
		assert_eq!(head.count, 3);
		assert_eq!(head.open.into_inner(), vec![None, None, None]);
		assert_eq!(crate::PruneQueue::<Test>::iter().count(), 0);
	});
}

#[test]
fn inpatient_records_outlive_outpatient_ones() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Anchors::set_retention_period(
			RuntimeOrigin::root(),
			EncounterClass::Outpatient,
			2
		));
		assert_ok!(Anchors::set_retention_period(
			RuntimeOrigin::root(),
			EncounterClass::Inpatient,
			4
		));
		assert_ok!(anchor(outpatient(1, 1)));
		assert_ok!(anchor(NewRecord {
			encounter: [0x01; 32],
			..record(2, 1, RecordKind::Admission)
		}));
		jump_to(START + 3 * DAY);
		run_idle(plenty());
		assert_eq!(pruned_records(), vec![id(1)]);
		jump_to(START + 5 * DAY);
		run_idle(plenty());
		assert_eq!(pruned_records(), vec![id(1), id(2)]);
	});
}

#[test]
fn new_anchor_postpones_encounter_expiry() {
	ExtBuilder::default().build_and_execute(|| {
		three_outpatient_records();
		jump_to(START + DAY);
		assert_ok!(anchor(outpatient(4, 4)));
		jump_to(START + 3 * DAY);
		run_idle(plenty());
		assert!(pruned_records().is_empty());
		assert_eq!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().records, 4);
		jump_to(START + 4 * DAY);
		run_idle(plenty());
		assert_eq!(pruned_records().len(), 4);
	});
}

#[test]
fn pruning_skips_held_records_until_released() {
	ExtBuilder::default().build_and_execute(|| {
		three_outpatient_records();
		TestHolds::hold_record(id(2));
		jump_to(START + 3 * DAY);
		run_idle(plenty());
		let mut pruned = pruned_records();
		pruned.sort();
		assert_eq!(pruned, vec![id(1), id(3)]);
		assert!(Records::<Test>::contains_key(id(2)));

		// Still held the next day.
		jump_to(START + 4 * DAY);
		run_idle(plenty());
		assert!(Records::<Test>::contains_key(id(2)));

		TestHolds::release_record(id(2));
		// The released record is checked again the day after the last check.
		run_idle(plenty());
		assert!(Records::<Test>::contains_key(id(2)));
		jump_to(START + 5 * DAY);
		run_idle(plenty());
		assert!(!Records::<Test>::contains_key(id(2)));
		assert_eq!(pruned_records().len(), 3);
		assert_eq!(PatientRecords::<Test>::iter().count(), 0);
	});
}

#[test]
fn encounter_over_two_pages_is_pruned_whole() {
	ExtBuilder::default().build_and_execute(|| {
		three_outpatient_records();
		// Numbers 40 and 41 lie on the encounter's second page, an entry of its own.
		assert_ok!(anchor(outpatient(40, 40)));
		assert_ok!(anchor(outpatient(41, 41)));
		assert_eq!(Anchors::encounter_records(HOSPITAL, ENCOUNTER), [1, 2, 3, 40, 41].map(id));
		TestHolds::hold_record(id(40));
		jump_to(START + 3 * DAY);
		run_idle(plenty());
		let mut pruned = pruned_records();
		pruned.sort();
		assert_eq!(pruned, [1, 2, 3, 41].map(id));
		// The held record left its encounter's list, so the encounter went with the others.
		assert!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).is_none());
		assert_eq!(EncounterRecords::<Test>::iter().count(), 0);
		assert!(Records::<Test>::contains_key(id(40)));
		assert_eq!(Anchors::patient_record_at(PATIENT, 3), Some(id(40)));

		TestHolds::release_record(id(40));
		jump_to(START + 4 * DAY);
		run_idle(plenty());
		assert!(!Records::<Test>::contains_key(id(40)));
		assert_eq!(pruned_records().len(), 5);
		Anchors::do_try_state().expect("nothing of the encounter is left");
	});
}

#[test]
fn held_record_keeps_patient_and_class() {
	ExtBuilder::default().build_and_execute(|| {
		three_outpatient_records();
		assert_eq!(Records::<Test>::get(id(2)).unwrap().unlisted, None);
		TestHolds::hold_record(id(2));
		jump_to(START + 3 * DAY);
		run_idle(plenty());
		assert!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).is_none());
		let facts = EncounterFacts { patient: PATIENT, class: EncounterClass::Outpatient };
		assert_eq!(Records::<Test>::get(id(2)).unwrap().unlisted, Some(facts));

		// The hospital reuses the encounter's reference for another patient and class; the
		// held record still names its own.
		let other_patient = [0xbb; 32];
		assert_ok!(anchor(NewRecord {
			patient: other_patient,
			..record(9, 1, RecordKind::Admission)
		}));
		let view = Anchors::record_view(id(2)).unwrap();
		assert_eq!((view.patient, view.class), (PATIENT, EncounterClass::Outpatient));
		assert_eq!(Anchors::record_view(id(9)).unwrap().patient, other_patient);
		end_block();
		Anchors::do_try_state().expect("the held record is apart from the new encounter");

		TestHolds::release_record(id(2));
		// Out of its encounter, the record waits for pruning and takes no amendment; the
		// reused encounter stays as it is.
		assert_noop!(amend(2, 0, b"after release"), Error::<Test>::RecordRetentionEnded);
		jump_to(START + 4 * DAY);
		run_idle(plenty());
		assert!(!Records::<Test>::contains_key(id(2)));
		assert_eq!(Anchors::patient_record_at(PATIENT, 1), None);
		// Pruning the held record left the new encounter and its patient's index alone.
		assert_eq!(Anchors::patient_record_at(other_patient, 0), Some(id(9)));
		assert_eq!(Anchors::encounter_records(HOSPITAL, ENCOUNTER), vec![id(9)]);
		assert_eq!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap().records, 1);
	});
}

#[test]
fn listed_id_without_record_does_not_stop_pruning() {
	ExtBuilder::default().build_and_execute(|| {
		three_outpatient_records();
		// The encounter lists an id that has no record entry.
		let mut encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		encounter.first_page.try_push(id(9)).unwrap();
		encounter.records += 1;
		Encounters::<Test>::insert(HOSPITAL, ENCOUNTER, encounter);

		jump_to(START + 3 * DAY);
		// A second of weight, so that a queue stuck on the id ends the call.
		run_idle(Weight::from_parts(1_000_000_000_000, u64::MAX / 2));
		assert_eq!(pruned_records().len(), 3);
		assert!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).is_none());
		assert_eq!(crate::PruneQueue::<Test>::iter().count(), 0);
	});
}

#[test]
fn held_entry_that_does_not_decode_is_kept() {
	ExtBuilder::default().build_and_execute(|| {
		use frame_support::storage::unhashed;
		three_outpatient_records();
		let key = Records::<Test>::hashed_key_for(id(2));
		unhashed::put_raw(&key, &[0xff]);
		TestHolds::hold_record(id(2));

		jump_to(START + 3 * DAY);
		run_idle(plenty());
		assert_eq!(unhashed::get_raw(&key), Some(vec![0xff]));

		// Clean up what no record entry accounts for, so that the state is consistent again.
		unhashed::kill(&key);
		PatientIndexHeads::<Test>::mutate(PATIENT, |head| {
			if let Some(head) = head {
				head.open[1] = None;
			}
		});
		let page = InstitutionAnchors::<Test>::take((HOSPITAL, 1, 0)).unwrap();
		assert_eq!(page.into_inner(), vec![None, Some(AnchorRef::Record(id(2))), None]);
		TestHolds::release_record(id(2));
	});
}

#[test]
fn try_state_reports_record_out_of_place() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(record(1, 1, RecordKind::Admission)));
		end_block();
		let stored = Records::<Test>::get(id(1)).unwrap();
		let facts = Anchors::facts_of(&stored).unwrap();
		Records::<Test>::insert(id(1), RecordInfo { unlisted: Some(facts), ..stored.clone() });
		assert_eq!(Anchors::do_try_state(), Err("an encounter lists a record that left it".into()));

		// The encounter no longer lists the record, which keeps no facts of its own.
		Records::<Test>::insert(id(1), stored);
		let encounter = Encounters::<Test>::get(HOSPITAL, ENCOUNTER).unwrap();
		let unlisted =
			EncounterInfo { first_page: BoundedVec::new(), records: 0, ..encounter.clone() };
		Encounters::<Test>::insert(HOSPITAL, ENCOUNTER, unlisted);
		assert_eq!(
			Anchors::do_try_state(),
			Err("a record is missing from its encounter's list".into())
		);
		Encounters::<Test>::insert(HOSPITAL, ENCOUNTER, encounter);
		Anchors::do_try_state().expect("the record is back in place");
	});
}

#[test]
fn pruning_stops_within_weight_and_resumes() {
	ExtBuilder::default().build_and_execute(|| {
		three_outpatient_records();
		jump_to(START + 3 * DAY);
		let base = <() as WeightInfo>::prune_base();
		let worst = <() as WeightInfo>::prune_record(4)
			.max(<() as WeightInfo>::prune_batch())
			.max(<() as WeightInfo>::prune_skip());
		let one_version = <() as WeightInfo>::prune_record(1);
		// A step needs room for the worst step but is charged the versions it removed, so
		// after one record of one version the worst step still fits, and after two it does
		// not.
		let limit = base + worst + one_version;
		let used = run_idle(limit);
		assert_eq!(used, base + one_version * 2);
		assert_eq!(pruned_records().len(), 2);

		assert_eq!(run_idle(base), base);
		assert_eq!(pruned_records().len(), 2);
		assert_eq!(run_idle(Weight::zero()), Weight::zero());

		run_idle(plenty());
		assert_eq!(pruned_records().len(), 3);
		assert!(Encounters::<Test>::get(HOSPITAL, ENCOUNTER).is_none());
	});
}

#[test]
fn shortened_retention_applies_to_stored_records() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor(outpatient(1, 1)));
		jump_to(START + 3 * DAY);
		run_idle(plenty());
		assert!(pruned_records().is_empty());
		assert_ok!(Anchors::set_retention_period(
			RuntimeOrigin::root(),
			EncounterClass::Outpatient,
			2
		));
		run_idle(plenty());
		assert_eq!(pruned_records(), vec![id(1)]);
	});
}

#[test]
fn expired_batches_are_pruned_unless_held() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Anchors::set_retention_period(
			RuntimeOrigin::root(),
			EncounterClass::Inpatient,
			1
		));
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch(1, 10)
		));
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch(2, 10)
		));
		TestHolds::hold_batch(id(2));
		jump_to(START + 2 * DAY);
		run_idle(plenty());
		assert!(!Batches::<Test>::contains_key(id(1)));
		assert!(Batches::<Test>::contains_key(id(2)));
		assert!(
			anchor_events().contains(&Event::BatchPruned { institution: HOSPITAL, batch: id(1) })
		);
		assert_eq!(Anchors::institution_anchor_at(HOSPITAL, 1, 0), None);
		assert_eq!(Anchors::institution_anchor_at(HOSPITAL, 1, 1), Some(AnchorRef::Batch(id(2))));
		assert_eq!(InstitutionAnchors::<Test>::iter().count(), 1);
	});
}

#[test]
fn idle_without_queued_anchors_uses_only_base_weight() {
	ExtBuilder::default().build_and_execute(|| {
		let used = run_idle(plenty());
		assert_eq!(used, <() as WeightInfo>::prune_base());
	});
}
