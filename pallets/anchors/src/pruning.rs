//! Retention: the queue of anchors waiting for their retention period to end, and the
//! pruning that `on_idle` runs within the weight left in a block.
//!
//! Each encounter class has a queue of days. An encounter is queued under the day of its
//! latest anchor, and again under a later day whenever it gets a newer anchor, so its older
//! entry is then skipped as stale. A batch is queued under the day it was anchored. The queue of day `d` is
//! worked through once `d` plus the class's retention period has fully passed, so an anchor
//! leaves state at most one day after its retention period ends. A record under a legal hold
//! is taken out of its encounter and queued again for the next day, until no hold keeps it.

use super::*;

impl<T: Config> Pallet<T> {
	/// Queues `item` under `day` of `class`'s queue, or under the day pruning has reached if
	/// that is later; returns the day used.
	pub(crate) fn enqueue(class: EncounterClass, day: u32, item: PruneItem) -> u32 {
		let day = match PruneCursors::<T>::get(class) {
			Some(cursor) => day.max(cursor.day),
			None => {
				PruneCursors::<T>::insert(class, PruneCursor { day, index: 0 });
				day
			},
		};
		let index = PruneQueueLength::<T>::get((class, day));
		PruneQueue::<T>::insert((class, day, index), item);
		PruneQueueLength::<T>::insert((class, day), index.saturating_add(1));
		day
	}

	/// Prunes expired anchors within `limit`; returns the weight used.
	pub(crate) fn prune_expired(limit: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(limit);
		if meter.try_consume(T::WeightInfo::prune_base()).is_err() {
			return meter.consumed();
		}
		let today = day_of(Self::now_millis());
		let retention = RetentionPeriods::<T>::get();
		let worst_step = T::WeightInfo::prune_record(T::MaxVersions::get())
			.max(T::WeightInfo::prune_batch())
			.saturating_add(T::HoldCheckWeight::get())
			.max(T::WeightInfo::prune_skip());

		for class in EncounterClass::ALL {
			let Some(mut cursor) = PruneCursors::<T>::get(class) else { continue };
			let period = retention.get(class);
			let start = cursor;
			// The queue of a day expires once that whole day plus the period has passed.
			while cursor.day.saturating_add(period).saturating_add(1) <= today {
				if !meter.can_consume(worst_step) {
					break;
				}
				let used = Self::prune_step(class, &mut cursor, today, period);
				meter.consume(used);
			}
			if cursor != start {
				PruneCursors::<T>::insert(class, cursor);
			}
			if !meter.can_consume(worst_step) {
				break;
			}
		}
		meter.consumed()
	}

	/// Handles the item under `cursor`: prunes one record or batch, or moves past an item that
	/// is finished or stale. Returns the weight used.
	pub(crate) fn prune_step(
		class: EncounterClass,
		cursor: &mut PruneCursor,
		today: u32,
		period: u32,
	) -> Weight {
		// A held anchor is queued under this day, whose queue is worked through tomorrow.
		let retry_day = today.saturating_sub(period);
		let length = PruneQueueLength::<T>::get((class, cursor.day));
		if cursor.index >= length {
			PruneQueueLength::<T>::remove((class, cursor.day));
			cursor.day = cursor.day.saturating_add(1);
			cursor.index = 0;
			return T::WeightInfo::prune_skip();
		}

		let key = (class, cursor.day, cursor.index);
		let mut finished = true;
		let used = match PruneQueue::<T>::get(key) {
			Some(PruneItem::Encounter(institution, reference)) => {
				match Encounters::<T>::get(institution, reference) {
					Some(mut encounter) if encounter.queued_day == cursor.day => {
						let next = match encounter.first_page.first() {
							Some(id) => Some((0, *id)),
							None => EncounterRecords::<T>::iter_prefix((institution, reference))
								.find_map(|(page, ids)| Some((page, *ids.first()?))),
						};
						match next {
							Some((page, id)) => {
								finished = false;
								let held = T::Holds::is_record_held(&id);
								let versions = if held { 0 } else { Self::prune_record(&id) };
								// A held record leaves its encounter so that the encounter can
								// be pruned. A listed id without a record entry leaves it too,
								// or the queue would stop here.
								if held || versions == 0 {
									Self::unlist_from_encounter(
										institution,
										reference,
										&mut encounter,
										page,
										&id,
									);
								}
								if held {
									// The record keeps the patient and the class itself. An
									// entry that does not decode is left as it is.
									if let Some(mut record) = Records::<T>::get(id) {
										record.unlisted = Some(encounter.facts());
										Records::<T>::insert(id, record);
									}
									Self::enqueue(class, retry_day, PruneItem::Record(id));
									Self::held_record_weight()
								} else {
									Self::pruned_record_weight(versions)
								}
							},
							None => {
								Encounters::<T>::remove(institution, reference);
								T::WeightInfo::prune_skip()
							},
						}
					},
					// The encounter is gone or waits under a later day.
					_ => T::WeightInfo::prune_skip(),
				}
			},
			Some(PruneItem::Record(id)) => {
				if !Records::<T>::contains_key(id) {
					Self::pruned_record_weight(0)
				} else if T::Holds::is_record_held(&id) {
					Self::enqueue(class, retry_day, PruneItem::Record(id));
					Self::held_record_weight()
				} else {
					Self::pruned_record_weight(Self::prune_record(&id))
				}
			},
			Some(PruneItem::Batch(id)) => {
				if Batches::<T>::contains_key(id) {
					if T::Holds::is_batch_held(&id) {
						Self::enqueue(class, retry_day, PruneItem::Batch(id));
					} else {
						Self::prune_batch(&id);
					}
				}
				T::WeightInfo::prune_batch().saturating_add(T::HoldCheckWeight::get())
			},
			None => T::WeightInfo::prune_skip(),
		};
		if finished {
			PruneQueue::<T>::remove(key);
			cursor.index = cursor.index.saturating_add(1);
		}
		used
	}

	/// Takes record `id` off page `page` of `encounter`'s list and lowers its record count, if
	/// the list contains the record there, and then stores `encounter`. A later page that
	/// empties is removed.
	fn unlist_from_encounter(
		institution: EntityId,
		reference: EncounterRef,
		encounter: &mut EncounterOf<T>,
		page: u32,
		id: &RecordId,
	) {
		let removed = if page == 0 {
			let before = encounter.first_page.len();
			encounter.first_page.retain(|listed| listed != id);
			encounter.first_page.len() != before
		} else {
			EncounterRecords::<T>::mutate_exists((institution, reference, page), |entries| {
				let Some(ids) = entries else { return false };
				let before = ids.len();
				ids.retain(|listed| listed != id);
				let removed = ids.len() != before;
				if ids.is_empty() {
					*entries = None;
				}
				removed
			})
		};
		if removed {
			encounter.records = encounter.records.saturating_sub(1);
			Encounters::<T>::insert(institution, reference, &*encounter);
		}
	}

	/// Returns the weight of a step that checked a record's hold and removed its `versions`
	/// versions, counting at least one: a record that was already gone costs what a record
	/// of one version does.
	fn pruned_record_weight(versions: u32) -> Weight {
		T::WeightInfo::prune_record(versions.max(1)).saturating_add(T::HoldCheckWeight::get())
	}

	/// Returns the weight of a step that found a record held and queued it again. That path
	/// is not benchmarked on its own, so it is charged as pruning a record of the most
	/// versions.
	fn held_record_weight() -> Weight {
		Self::pruned_record_weight(T::MaxVersions::get())
	}

	/// Removes a record, every version of it and its index entries from state. Returns the
	/// number of versions removed, zero when the record was not in state.
	pub(crate) fn prune_record(id: &RecordId) -> u32 {
		let Some(record) = Records::<T>::take(id) else { return 0 };
		for version in &record.versions {
			Self::unlist_from_institution(
				record.institution,
				version.block,
				version.index_in_block,
			);
		}
		let patient = match record.unlisted {
			Some(facts) => Some(facts.patient),
			None => {
				Encounters::<T>::get(record.institution, record.encounter).map(|mut encounter| {
					let (page, _) = page_of(record.sequence);
					Self::unlist_from_encounter(
						record.institution,
						record.encounter,
						&mut encounter,
						page,
						id,
					);
					encounter.patient
				})
			},
		};
		if let Some(patient) = patient {
			Self::unlist_from_patient(patient, record.patient_index);
		}
		Self::deposit_event(Event::RecordPruned { institution: record.institution, record: *id });
		record.versions.len().saturated_into()
	}

	/// Empties `position` of the patient's index, in its open page or in a full page. A full
	/// page is removed when no record is left on it.
	fn unlist_from_patient(patient: PatientRef, position: u32) {
		if let Some(mut head) = PatientIndexHeads::<T>::get(patient) {
			if let Some(slot) = head.open_slot(position) {
				if let Some(place) = head.open.get_mut(slot) {
					*place = None;
					PatientIndexHeads::<T>::insert(patient, head);
				}
				return;
			}
		}
		let (page, slot) = page_of(position);
		PatientRecords::<T>::mutate_exists(patient, page, |stored| clear_stored_slot(stored, slot));
	}

	/// Removes a batch and its index entry from state.
	pub(crate) fn prune_batch(id: &BatchId) {
		let Some(batch) = Batches::<T>::take(id) else { return };
		Self::unlist_from_institution(batch.institution, batch.block, batch.index_in_block);
		Self::deposit_event(Event::BatchPruned { institution: batch.institution, batch: *id });
	}

	/// Empties `position` among the institution's anchors in `block`, removing the page when
	/// no anchor is left on it.
	fn unlist_from_institution(institution: EntityId, block: BlockNumberFor<T>, position: u32) {
		let (page, slot) = page_of(position);
		InstitutionAnchors::<T>::mutate_exists((institution, block, page), |stored| {
			clear_stored_slot(stored, slot)
		});
	}
}
