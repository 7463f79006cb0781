//! Read-only queries behind the `AnchorsApi` runtime API.

use super::*;
use alloc::vec::Vec;
use medanchor_primitives::{
	anchors::{
		BatchView, EncounterView, InstitutionAnchors as AnchorsPage, ProofStatus, RecordPage,
		RecordView, Verdict, Verification, VersionView,
	},
	records::{verify_inclusion, BatchLeaf, Hash32, MerkleError},
};
use sp_runtime::traits::{One, Saturating};

impl<T: Config> Pallet<T> {
	/// Returns a record with every version and its timing facts.
	pub fn record_view(id: RecordId) -> Option<RecordView<BlockNumberFor<T>>> {
		let record = Records::<T>::get(id)?;
		let facts = Self::facts_of(&record)?;
		let versions = record
			.versions
			.iter()
			.zip(0..=VersionIndex::MAX)
			.map(|(version, index)| VersionView {
				index,
				content_hash: version.content_hash,
				generated_at: version.generated_at,
				anchored_at: version.anchored_at,
				block: version.block,
				delay: version.delay(),
				timeliness: version.timeliness,
				event: version.event,
				writing: version.writing,
				amendment: version.amendment,
				via_platform: version.via_platform,
			})
			.collect();
		Some(RecordView {
			id,
			institution: record.institution,
			patient: facts.patient,
			encounter: record.encounter,
			class: facts.class,
			sequence: record.sequence,
			kind: record.kind,
			versions,
		})
	}

	/// Returns an encounter's numbering gaps, kinds and missing kinds.
	pub fn encounter_view(institution: EntityId, reference: EncounterRef) -> Option<EncounterView> {
		let encounter = Encounters::<T>::get(institution, reference)?;
		Some(EncounterView {
			institution,
			encounter: reference,
			patient: encounter.patient,
			class: encounter.class,
			next_sequence: encounter.next_sequence,
			gaps: encounter.gaps.to_vec(),
			kinds: encounter.kinds.kinds(),
			missing_kinds: encounter.missing_kinds().kinds(),
			missing_at_discharge: encounter.missing_at_discharge.map(KindSet::kinds),
			records: encounter.records,
			last_anchor_at: encounter.last_anchor_at,
		})
	}

	/// Compares a presented document's hash with a record's versions.
	pub fn verify_content(id: RecordId, presented: ContentHash) -> Verification {
		let Some(record) = Records::<T>::get(id) else {
			return Verification {
				verdict: Verdict::NotAnchored,
				version: None,
				timeliness: None,
				writing: None,
				versions: 0,
			};
		};
		let versions = u32::try_from(record.versions.len()).unwrap_or(u32::MAX);
		// The newest matching version decides, so a document equal to the latest version is
		// never reported as an earlier one.
		let matching = record
			.versions
			.iter()
			.zip(0..=VersionIndex::MAX)
			.rev()
			.find(|(version, _)| version.content_hash == presented);
		match matching {
			Some((version, index)) => {
				let latest = usize::from(index).saturating_add(1) == record.versions.len();
				Verification {
					verdict: if latest {
						Verdict::MatchesLatest
					} else {
						Verdict::MatchesEarlierVersion
					},
					version: Some(index),
					timeliness: Some(version.timeliness),
					writing: Some(version.writing),
					versions,
				}
			},
			None => Verification {
				verdict: Verdict::Mismatch,
				version: None,
				timeliness: None,
				writing: None,
				versions,
			},
		}
	}

	/// Returns a batch anchor.
	pub fn batch_view(id: BatchId) -> Option<BatchView<BlockNumberFor<T>>> {
		let batch = Batches::<T>::get(id)?;
		Some(BatchView {
			id,
			institution: batch.institution,
			kind: batch.kind,
			class: batch.class,
			patient: batch.patient,
			root: batch.root,
			leaf_count: batch.leaf_count,
			first_generated_at: batch.first_generated_at,
			last_generated_at: batch.last_generated_at,
			anchored_at: batch.anchored_at,
			block: batch.block,
			timeliness: batch.timeliness,
			via_platform: batch.via_platform,
		})
	}

	/// Checks that `leaf` is member `index` of a batch, with the audit path `proof`.
	pub fn verify_batch_member(
		id: BatchId,
		leaf: BatchLeaf,
		index: u64,
		proof: Vec<Hash32>,
	) -> ProofStatus {
		let Some(batch) = Batches::<T>::get(id) else { return ProofStatus::BatchNotFound };
		let algorithm = batch.root.algorithm;
		let leaf_hash = leaf.leaf_hash(algorithm);
		let size = u64::from(batch.leaf_count);
		match verify_inclusion(algorithm, &batch.root.digest, &leaf_hash, index, size, &proof) {
			Ok(true) => ProofStatus::Valid,
			Ok(false) => ProofStatus::Invalid,
			Err(MerkleError::IndexOutOfRange) | Err(MerkleError::Empty) => {
				ProofStatus::IndexOutOfRange
			},
			Err(MerkleError::WrongProofLength) => ProofStatus::WrongProofLength,
		}
	}

	/// Returns up to `limit` (at most `MaxPageSize`) positions of a patient's index from
	/// `cursor` on. Positions of pruned records are left out but count toward the page.
	pub fn patient_records(patient: PatientRef, cursor: u32, limit: u32) -> RecordPage {
		let head = PatientIndexHeads::<T>::get(patient).unwrap_or_default();
		let limit = limit.clamp(1, T::MaxPageSize::get());
		let end = cursor.saturating_add(limit).min(head.count);
		let mut records = Vec::new();
		let mut loaded: Option<(u32, BoundedVec<Option<RecordId>, IndexPageSize>)> = None;
		for position in cursor..end {
			let (page, slot) = page_of(position);
			let id = if let Some(open_slot) = head.open_slot(position) {
				head.open.get(open_slot).copied().flatten()
			} else {
				if loaded.as_ref().map(|(number, _)| *number) != Some(page) {
					let entries = PatientRecords::<T>::get(patient, page).unwrap_or_default();
					loaded = Some((page, entries));
				}
				loaded.as_ref().and_then(|(_, ids)| ids.get(slot).copied().flatten())
			};
			records.extend(id);
		}
		RecordPage { records, next: (end < head.count).then_some(end) }
	}

	/// Returns the record at `position` of the patient's index, if it is still anchored.
	pub fn patient_record_at(patient: PatientRef, position: u32) -> Option<RecordId> {
		let head = PatientIndexHeads::<T>::get(patient)?;
		if position >= head.count {
			return None;
		}
		if let Some(slot) = head.open_slot(position) {
			return head.open.get(slot).copied().flatten();
		}
		let (page, slot) = page_of(position);
		PatientRecords::<T>::get(patient, page)?.get(slot).copied().flatten()
	}

	/// Returns the anchor at `position` among the institution's anchors in `block`, if it is
	/// still in state.
	pub fn institution_anchor_at(
		institution: EntityId,
		block: BlockNumberFor<T>,
		position: u32,
	) -> Option<AnchorRef> {
		let (page, slot) = page_of(position);
		InstitutionAnchors::<T>::get((institution, block, page))?.get(slot).copied().flatten()
	}

	/// Returns the records listed under an encounter, page by page; pruning follows this list.
	pub fn encounter_records(institution: EntityId, encounter: EncounterRef) -> Vec<RecordId> {
		let Some(info) = Encounters::<T>::get(institution, encounter) else {
			return Vec::new();
		};
		let mut pages: Vec<(u32, BoundedVec<RecordId, IndexPageSize>)> =
			EncounterRecords::<T>::iter_prefix((institution, encounter)).collect();
		pages.sort_by_key(|(page, _)| *page);
		info.first_page
			.into_inner()
			.into_iter()
			.chain(pages.into_iter().flat_map(|(_, ids)| ids.into_inner()))
			.collect()
	}

	/// Returns the anchors of `institution` in blocks `from..=to`, oldest first. A page stops
	/// after the block where it reached `limit` entries (at most `MaxPageSize`), or after
	/// `MaxPageSize` blocks. `next_block` is then the block to continue from.
	pub fn institution_anchors(
		institution: EntityId,
		from: BlockNumberFor<T>,
		to: BlockNumberFor<T>,
		limit: u32,
	) -> AnchorsPage<BlockNumberFor<T>> {
		let limit = limit.clamp(1, T::MaxPageSize::get()) as usize;
		let mut anchors = Vec::new();
		let mut block = from;
		let mut searched = 0u32;
		while block <= to {
			if anchors.len() >= limit || searched >= T::MaxPageSize::get() {
				return AnchorsPage { anchors, next_block: Some(block) };
			}
			let mut pages: Vec<(u32, BoundedVec<Option<AnchorRef>, IndexPageSize>)> =
				InstitutionAnchors::<T>::iter_prefix((institution, block)).collect();
			pages.sort_by_key(|(page, _)| *page);
			anchors.extend(
				pages
					.into_iter()
					.flat_map(|(_, entries)| entries.into_iter().flatten())
					.map(|anchor| (block, anchor)),
			);
			searched = searched.saturating_add(1);
			if block == to {
				break;
			}
			block = block.saturating_add(One::one());
		}
		AnchorsPage { anchors, next_block: None }
	}
}

impl<T: Config> medanchor_primitives::judicial::AnchorLookup<BlockNumberFor<T>> for Pallet<T> {
	fn record(id: &RecordId) -> Option<RecordView<BlockNumberFor<T>>> {
		Self::record_view(*id)
	}

	fn batch(id: &BatchId) -> Option<BatchView<BlockNumberFor<T>>> {
		Self::batch_view(*id)
	}

	fn verify_content(id: &RecordId, presented: ContentHash) -> Verification {
		Self::verify_content(*id, presented)
	}

	fn verify_batch_member(
		id: &BatchId,
		leaf: BatchLeaf,
		index: u64,
		proof: Vec<Hash32>,
	) -> ProofStatus {
		Self::verify_batch_member(*id, leaf, index, proof)
	}

	fn patient_records(patient: &PatientRef, cursor: u32, limit: u32) -> RecordPage {
		Self::patient_records(*patient, cursor, limit)
	}
}
