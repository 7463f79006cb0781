//! Benchmarks of the anchoring calls, of reporting a block's anchors and of pruning, each at
//! its worst case. Submissions come from a delegated platform, the longest authorization path.
//! Encounters are one gap short of their limit, records have the most versions, and anchors
//! open a new retention-queue day. Each call is measured as its institution's first anchor in
//! the block, which fixes the rate limit and lists the institution for reporting. A record's
//! anchor is also measured after another anchor of the institution in the same block.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use medanchor_primitives::anchors::MILLIS_PER_DAY;
use sp_runtime::traits::{One, Saturating};

/// Block time the benchmarks start from: 2026-06-01 00:00:00 UTC.
const START: Millis = 1_780_272_000_000;

fn hash(seed: u32) -> SubmittedHash {
	ContentHash::of(HashAlgorithm::Sm3, &seed.to_le_bytes()).into()
}

fn id_of(seed: u32, salt: u8) -> [u8; 32] {
	let mut id = [salt; 32];
	id[..4].copy_from_slice(&seed.to_le_bytes());
	id
}

/// Returns an inpatient record of the benchmark encounter, generated now.
fn new_record(seed: u32, sequence: u32, kind: RecordKind, now: Millis) -> NewRecord {
	NewRecord {
		id: id_of(seed, 0x11),
		patient: [0xaa; 32],
		encounter: [0xee; 32],
		class: EncounterClass::Inpatient,
		sequence,
		kind,
		content_hash: hash(seed),
		generated_at: now,
		event: Some(EventTime { event: ClinicalEvent::Discharge, at: now.saturating_sub(1_000) }),
	}
}

/// Fills the first page of the benchmark encounter's list, kept in the encounter's entry,
/// and gives the encounter gaps up to one below the limit. The anchors are made a day
/// before `now`, so that the next anchor queues the encounter under a new day. Returns the
/// next free sequence number, which lies beyond the first page.
fn encounter_with_gaps<T: Config>(institution: EntityId, now: Millis) -> u32 {
	let yesterday = now.saturating_sub(MILLIS_PER_DAY);
	T::BenchmarkHelper::set_time(yesterday);
	let acting = Acting { institution, via_platform: None };
	let mut sequence = INDEX_PAGE_SIZE.saturating_sub(1);
	for seed in 1..=sequence {
		let record = new_record(3_000_000 + seed, seed, RecordKind::ProgressNote, yesterday);
		Pallet::<T>::do_anchor_record(&acting, record).expect("the encounter has room; qed");
	}
	for seed in 0..T::MaxGapsPerEncounter::get().saturating_sub(1) {
		// Skipping one number per record opens one gap per record.
		sequence = sequence.saturating_add(2);
		let record = new_record(1_000_000 + seed, sequence, RecordKind::ProgressNote, yesterday);
		Pallet::<T>::do_anchor_record(&acting, record).expect("the encounter has room; qed");
	}
	T::BenchmarkHelper::set_time(now);
	// Skipping one more number opens the last gap the encounter may hold.
	sequence.saturating_add(2)
}

/// Stores a record with `versions` versions, anchored at `at`, each version in a block of
/// its own and listed in the institution's index there.
fn record_with_versions<T: Config>(institution: EntityId, versions: u32, at: Millis) -> RecordId {
	T::BenchmarkHelper::set_time(at);
	// Beyond the first page, so that pruning also removes a page of the encounter's list.
	let record = new_record(7, INDEX_PAGE_SIZE, RecordKind::Operation, at);
	let id = record.id;
	// The record fills its patient's open page, so pruning it clears a slot of a full page.
	fill_patient_head::<T>(record.patient);
	let acting = Acting { institution, via_platform: None };
	Pallet::<T>::do_anchor_record(&acting, record).expect("a fresh record; qed");
	let mut stored = Records::<T>::get(id).expect("just anchored; qed");
	let first = stored.versions.first().cloned().expect("one version; qed");
	for index in 1..versions {
		next_block::<T>();
		let block = frame_system::Pallet::<T>::block_number();
		let mut version = first.clone();
		version.content_hash = ContentHash::of(HashAlgorithm::Sm3, &index.to_le_bytes());
		version.amendment = Some(AmendmentReason::Correction);
		version.block = block;
		version.index_in_block = 0;
		stored.versions.try_push(version).expect("below MaxVersions; qed");
		let number = VersionIndex::try_from(index).expect("MaxVersions fits a version index; qed");
		Pallet::<T>::list_for_institution(institution, block, 0, AnchorRef::Amendment(id, number))
			.expect("the block's first anchor; qed");
	}
	Records::<T>::insert(id, stored);
	id
}

/// Fills the open page of `patient`'s index up to its last slot, so that the patient's next
/// record fills the page and moves it to an entry of its own.
fn fill_patient_head<T: Config>(patient: PatientRef) {
	let mut head = PatientIndexHeads::<T>::get(patient).unwrap_or_default();
	let last = INDEX_PAGE_SIZE.saturating_sub(1) as usize;
	let mut seed = 0u32;
	while head.open.len() < last {
		seed = seed.saturating_add(1);
		head.open.try_push(Some(id_of(seed, 0x5a))).expect("below the page size; qed");
		head.count = head.count.saturating_add(1);
	}
	PatientIndexHeads::<T>::insert(patient, head);
}

/// Ends the current block, reporting its anchors, and starts the next one.
fn next_block<T: Config>() {
	let number = frame_system::Pallet::<T>::block_number();
	<Pallet<T> as Hooks<BlockNumberFor<T>>>::on_finalize(number);
	frame_system::Pallet::<T>::set_block_number(number.saturating_add(One::one()));
}

/// Findings that move a score across a tier boundary and still add subsidy weight: the most
/// storage a report of one institution writes.
fn costly_tally() -> AnchorTally {
	AnchorTally {
		at_generation: 1,
		late: 1,
		written_on_time: 1,
		written_late: 1,
		new_gaps: 50,
		missing_kinds: 1,
	}
}

fn parameter_origin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ParameterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn anchor_record() {
		let (institution, gateway, _) = T::BenchmarkHelper::delegated_platform(0);
		let sequence = encounter_with_gaps::<T>(institution, START);
		fill_patient_head::<T>([0xaa; 32]);
		next_block::<T>();
		let record = new_record(1, sequence, RecordKind::Discharge, START);
		let id = record.id;

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), Some(institution), record);

		let stored = Records::<T>::get(id).expect("anchored; qed");
		assert_eq!(stored.versions.len(), 1);
		let encounter = Encounters::<T>::get(institution, [0xee; 32]).expect("exists; qed");
		assert_eq!(encounter.gaps.len() as u32, T::MaxGapsPerEncounter::get());
		// Sequence numbers start from 1, so the first page has room for 31 records.
		assert_eq!(encounter.first_page.len() as u32, INDEX_PAGE_SIZE - 1);
		assert_eq!(Unreported::<T>::get().into_inner(), alloc::vec![institution]);
	}

	/// As `anchor_record`, after 31 other anchors of the institution in the same block, so
	/// that the anchor takes the last slot of a page of the institution's index.
	#[benchmark]
	fn anchor_record_same_block() {
		let (institution, gateway, _) = T::BenchmarkHelper::delegated_platform(0);
		let sequence = encounter_with_gaps::<T>(institution, START);
		fill_patient_head::<T>([0xaa; 32]);
		next_block::<T>();
		let acting = Acting { institution, via_platform: None };
		let earlier = INDEX_PAGE_SIZE.saturating_sub(1);
		for seed in 0..earlier {
			let other = NewRecord {
				patient: [0xab; 32],
				encounter: [0xef; 32],
				..new_record(2_000_000 + seed, seed.saturating_add(1), RecordKind::Nursing, START)
			};
			Pallet::<T>::do_anchor_record(&acting, other).expect("a fresh record; qed");
		}
		let record = new_record(1, sequence, RecordKind::Discharge, START);
		let id = record.id;

		#[extrinsic_call]
		anchor_record(RawOrigin::Signed(gateway), Some(institution), record);

		assert!(Records::<T>::contains_key(id));
		let usage = BlockUsage::<T>::get(institution).expect("anchored; qed");
		assert_eq!(usage.anchors, INDEX_PAGE_SIZE);
	}

	#[benchmark]
	fn anchor_records(n: Linear<1, { T::MaxRecordsPerCall::get() }>) {
		let (institution, gateway, _) = T::BenchmarkHelper::delegated_platform(0);
		T::BenchmarkHelper::set_time(START);
		// Each record opens an encounter of its own for a patient of its own, so that every
		// record writes a new encounter and queue entry, fills its patient's open page, and
		// starts a later page of its encounter's list.
		for index in 0..n {
			fill_patient_head::<T>(id_of(index, 0xa0));
		}
		let records: Vec<NewRecord> = (0..n)
			.map(|index| NewRecord {
				patient: id_of(index, 0xa0),
				encounter: id_of(index, 0xe0),
				..new_record(index.saturating_add(1), INDEX_PAGE_SIZE, RecordKind::Nursing, START)
			})
			.collect();
		let last = records.last().map(|record| record.id).expect("n >= 1; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), Some(institution), records);

		assert!(Records::<T>::contains_key(last));
	}

	#[benchmark]
	fn amend_record() {
		let (institution, gateway, _) = T::BenchmarkHelper::delegated_platform(0);
		let versions = T::MaxVersions::get().saturating_sub(1);
		let id =
			record_with_versions::<T>(institution, versions, START.saturating_sub(MILLIS_PER_DAY));
		next_block::<T>();
		T::BenchmarkHelper::set_time(START);
		let previous = VersionIndex::try_from(versions.saturating_sub(1)).unwrap_or_default();
		let event =
			Some(EventTime { event: ClinicalEvent::OperationEnd, at: START.saturating_sub(1_000) });

		#[extrinsic_call]
		_(
			RawOrigin::Signed(gateway),
			id,
			previous,
			hash(99),
			START,
			AmendmentReason::SeniorReview,
			event,
		);

		let stored = Records::<T>::get(id).expect("exists; qed");
		assert_eq!(stored.versions.len() as u32, T::MaxVersions::get());
	}

	#[benchmark]
	fn anchor_batch() {
		let (institution, _, device) = T::BenchmarkHelper::delegated_platform(0);
		T::BenchmarkHelper::set_time(START);
		let batch = NewBatch {
			id: id_of(1, 0xba),
			kind: RecordKind::VitalSigns,
			class: EncounterClass::Inpatient,
			patient: Some([0xaa; 32]),
			root: hash(1),
			leaf_count: T::MaxBatchLeaves::get(),
			first_generated_at: START.saturating_sub(60_000),
			last_generated_at: START,
		};
		let id = batch.id;

		#[extrinsic_call]
		_(RawOrigin::Signed(device), Some(institution), batch);

		assert!(Batches::<T>::contains_key(id));
	}

	/// Queues an item for pruning under a new day of a class that already has a queue.
	#[benchmark]
	fn enqueue() {
		T::BenchmarkHelper::set_time(START);
		let day = day_of(START);
		Pallet::<T>::enqueue(EncounterClass::Inpatient, day, PruneItem::Record([0; 32]));
		let next_day = day.saturating_add(1);
		let queued;

		#[block]
		{
			queued = Pallet::<T>::enqueue(
				EncounterClass::Inpatient,
				next_day,
				PruneItem::Record([1; 32]),
			);
		}

		assert_eq!(queued, next_day);
		assert_eq!(PruneQueueLength::<T>::get((EncounterClass::Inpatient, next_day)), 1);
	}

	/// Reports the anchors of `n` institutions when the block ends.
	#[benchmark]
	fn report_anchors(n: Linear<0, { T::MaxInstitutionsPerBlock::get().min(100) }>) {
		// The benchmark runs in block 1 at the earliest; the tallies must be of that block.
		let block = frame_system::Pallet::<T>::block_number().max(One::one());
		frame_system::Pallet::<T>::set_block_number(block);
		for institution in 0..n {
			let institution = institution.saturating_add(1_000_000);
			let usage = BlockUsageInfo { block, anchors: 5, limit: 10, tally: costly_tally() };
			BlockUsage::<T>::insert(institution, usage);
			Unreported::<T>::try_append(institution).expect("n is within the bound; qed");
		}

		let reported;

		#[block]
		{
			reported = Pallet::<T>::report_anchors();
		}

		assert_eq!(reported, n, "every tally was of this block and reported");
		assert!(Unreported::<T>::get().is_empty());
	}

	#[benchmark]
	fn set_writing_deadline() -> Result<(), BenchmarkError> {
		let origin = parameter_origin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, WritingRule::RescueRecord, 3_600_000);

		assert_eq!(WritingDeadlines::<T>::get().rescue_record, 3_600_000);
		Ok(())
	}

	#[benchmark]
	fn set_retention_period() -> Result<(), BenchmarkError> {
		let origin = parameter_origin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, EncounterClass::Emergency, 7_000);

		assert_eq!(RetentionPeriods::<T>::get().emergency, 7_000);
		Ok(())
	}

	/// `on_idle` with every class queued but nothing due yet.
	#[benchmark]
	fn prune_base() {
		T::BenchmarkHelper::set_time(START);
		for class in EncounterClass::ALL {
			Pallet::<T>::enqueue(class, day_of(START), PruneItem::Record([0; 32]));
		}
		let used;

		#[block]
		{
			used = Pallet::<T>::prune_expired(Weight::MAX);
		}

		assert_eq!(used, T::WeightInfo::prune_base());
	}

	/// Passes a queue entry whose encounter no longer waits under that day.
	#[benchmark]
	fn prune_skip() {
		T::BenchmarkHelper::set_time(START);
		let day = day_of(START);
		Pallet::<T>::enqueue(EncounterClass::Inpatient, day, PruneItem::Encounter(0, [0xee; 32]));
		let mut cursor = PruneCursor { day, index: 0 };

		#[block]
		{
			Pallet::<T>::prune_step(
				EncounterClass::Inpatient,
				&mut cursor,
				day.saturating_add(10),
				1,
			);
		}

		assert_eq!(cursor.index, 1);
	}

	/// Prunes a record with `v` versions from an expired encounter, in one step.
	#[benchmark]
	fn prune_record(v: Linear<1, { T::MaxVersions::get() }>) {
		let (institution, _, _) = T::BenchmarkHelper::delegated_platform(0);
		let id = record_with_versions::<T>(institution, v, START);
		let day = day_of(START);
		let mut cursor = PruneCursors::<T>::get(EncounterClass::Inpatient).expect("queued; qed");
		assert_eq!(cursor.day, day);

		#[block]
		{
			Pallet::<T>::prune_step(
				EncounterClass::Inpatient,
				&mut cursor,
				day.saturating_add(10),
				1,
			);
		}

		assert!(!Records::<T>::contains_key(id));
	}

	/// Prunes an expired batch, in one step.
	#[benchmark]
	fn prune_batch() {
		let (institution, gateway, _) = T::BenchmarkHelper::delegated_platform(0);
		T::BenchmarkHelper::set_time(START);
		let batch = NewBatch {
			id: id_of(1, 0xba),
			kind: RecordKind::VitalSigns,
			class: EncounterClass::Inpatient,
			patient: None,
			root: hash(1),
			leaf_count: 1,
			first_generated_at: START,
			last_generated_at: START,
		};
		let acting = Pallet::<T>::acting_for(&gateway, Some(institution), Submitter::Gateway)
			.expect("delegated; qed");
		Pallet::<T>::do_anchor_batch(&gateway, &acting, batch).expect("a fresh batch; qed");
		let day = day_of(START);
		let mut cursor = PruneCursors::<T>::get(EncounterClass::Inpatient).expect("queued; qed");

		#[block]
		{
			Pallet::<T>::prune_step(
				EncounterClass::Inpatient,
				&mut cursor,
				day.saturating_add(10),
				1,
			);
		}

		assert!(!Batches::<T>::contains_key(id_of(1, 0xba)));
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
