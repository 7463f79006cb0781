//! Read-only queries behind the `JudicialApi` runtime API.

use super::*;
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// Returns a court.
	pub fn court_view(id: CourtId) -> Option<CourtView<T::AccountId>> {
		let court = Courts::<T>::get(id)?;
		Some(CourtView {
			id,
			designator: court.designator.into_inner(),
			name: court.name.into_inner(),
			region: court.region,
			status: court.status,
			clerks: court.clerks.into_inner(),
			open_cases: court.open_cases,
		})
	}

	/// Returns the case opened under `number`, written with any of the accepted brackets.
	pub fn case_by_number(number: Vec<u8>) -> Option<CaseId> {
		let stored = case_number::with_stored_brackets(&number)?;
		CaseNumbers::<T>::get(CaseNumber::try_from(stored).ok()?)
	}

	/// Returns a seal with its items and the patient side's signatures.
	pub fn seal_view(id: SealId) -> Option<SealView<BlockNumberFor<T>>> {
		let seal = Seals::<T>::get(id)?;
		let state = Self::seal_state(&seal);
		let basis = match seal.basis {
			SealBasis::CourtOrder { case } => SealBasisView::CourtOrder { case },
			SealBasis::Agreement {
				institution,
				reference,
				patient_key,
				lapses_at,
				adopted_by,
				..
			} => SealBasisView::Agreement {
				institution,
				reference,
				patient_key,
				lapses_at,
				adopted_by,
				signatures: AgreementSignatures::<T>::iter_prefix(id)
					.collect::<alloc::collections::BTreeMap<_, _>>()
					.into_values()
					.collect(),
			},
		};
		Some(SealView {
			id,
			basis,
			state,
			patient: seal.patient,
			items: SealItems::<T>::iter_key_prefix(id).collect(),
			created_block: seal.created_block,
			created_at: seal.created_at,
		})
	}

	/// Returns a case with its seals and verdicts.
	pub fn case_view(id: CaseId) -> Option<CaseView<T::AccountId, BlockNumberFor<T>>> {
		let case = Cases::<T>::get(id)?;
		let mut verdicts: Vec<(u32, VerdictEntryOf<T>)> = Verdicts::<T>::iter_prefix(id).collect();
		verdicts.sort_by_key(|(index, _)| *index);
		Some(CaseView {
			id,
			court: case.court,
			number: case.number.to_vec(),
			institutions: case.institutions.to_vec(),
			patient: case.patient,
			opened_block: case.opened_block,
			opened_at: case.opened_at,
			closed: case.closed,
			seals: case.seals().filter_map(Self::seal_view).collect(),
			verdicts: verdicts.into_iter().map(|(_, verdict)| verdict).collect(),
			access_entries: case.access_entries,
		})
	}

	/// Returns up to `limit` (at most `MaxReportEntries`) entries of a case's access log from
	/// entry `cursor` on, with their numbers.
	pub fn access_log(case: CaseId, cursor: u32, limit: u32) -> Vec<(u32, AccessEntryOf<T>)> {
		let limit = limit.min(T::MaxReportEntries::get());
		let end = cursor.saturating_add(limit);
		(cursor..end)
			.map_while(|entry| AccessLog::<T>::get(case, entry).map(|found| (entry, found)))
			.collect()
	}

	/// Returns the evidence report on a record of a case.
	pub fn evidence_report(
		case: CaseId,
		record: RecordId,
	) -> Result<EvidenceReportOf<T>, ReportError> {
		let case_info = Cases::<T>::get(case).ok_or(ReportError::CaseNotFound)?;
		let view = T::Anchors::record(&record).ok_or(ReportError::RecordNotFound)?;
		if !case_info.institutions.contains(&view.institution) {
			return Err(ReportError::NotCaseInstitution);
		}
		if view.patient != case_info.patient {
			return Err(ReportError::NotCasePatient);
		}
		let court = Courts::<T>::get(case_info.court);
		let limit = T::MaxReportEntries::get() as usize;
		let item = SealItem::Record(record);

		let blocks = view
			.versions
			.iter()
			.map(|version| {
				let hash = frame_system::Pallet::<T>::block_hash(version.block);
				BlockRef {
					number: version.block,
					block_hash: (hash != T::Hash::default()).then_some(hash),
				}
			})
			.collect();

		let seal_ids: Vec<SealId> = ItemSeals::<T>::iter_key_prefix(item).collect();
		let seals: Vec<SealView<BlockNumberFor<T>>> =
			seal_ids.iter().copied().filter_map(Self::seal_view).collect();
		let held = seals.iter().any(|seal| seal.state == SealState::Active);

		let mut verdict_keys: Vec<(CaseId, u32)> =
			RecordVerdicts::<T>::iter_key_prefix(record).take(limit.saturating_add(1)).collect();
		let mut access_keys: Vec<(CaseId, u32)> =
			ItemAccess::<T>::iter_key_prefix(item).take(limit.saturating_add(1)).collect();
		let truncated = verdict_keys.len() > limit || access_keys.len() > limit;
		verdict_keys.truncate(limit);
		access_keys.truncate(limit);
		verdict_keys.sort();
		access_keys.sort();
		let verdicts = verdict_keys
			.into_iter()
			.filter_map(|(case, index)| {
				Verdicts::<T>::get(case, index).map(|verdict| (case, verdict))
			})
			.collect();
		let access = access_keys
			.into_iter()
			.filter_map(|(case, entry)| AccessLog::<T>::get(case, entry).map(|found| (case, found)))
			.collect();

		Ok(EvidenceReport {
			case,
			case_number: case_info.number.to_vec(),
			court: case_info.court,
			court_name: court.map(|court| court.name.to_vec()).unwrap_or_default(),
			case_open: case_info.is_open(),
			institution_region: T::Registry::region(view.institution),
			record: view,
			blocks,
			held,
			seals,
			verdicts,
			access,
			truncated,
		})
	}
}
