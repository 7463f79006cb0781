//! Benchmarks of the judicial calls, each at its worst case: the most versions per record, the
//! deepest batch proofs, cases with every adopted seal, items already named by other seals,
//! and patient-side signatures that verify only in their wallet-wrapped form.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use medanchor_primitives::records::{
	inclusion_proof, node_hash, BatchLeaf, HashAlgorithm, RecordKind,
};
use sp_core::crypto::KeyTypeId;

/// Block time the benchmarks start from: 2026-06-01 00:00:00 UTC.
const START: Millis = 1_780_272_000_000;

/// Key type under which the benchmarks keep the patient side's key.
const PATIENT_KEY_TYPE: KeyTypeId = KeyTypeId(*b"mapt");

/// The case patient.
const PATIENT: PatientRef = [0xaa; 32];

fn judicial_origin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::JudicialOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Designator of benchmark court `index`: 京 and six digits.
fn designator(index: u32) -> Vec<u8> {
	let mut designator = "京".as_bytes().to_vec();
	designator.extend_from_slice(alloc::format!("{:06}", index % 1_000_000).as_bytes());
	designator
}

/// Registers court `index` with `clerks` clerks; returns its id and its first clerk.
fn court_with_clerks<T: Config>(index: u32, clerks: u32) -> (CourtId, T::AccountId) {
	let court = NextCourtId::<T>::get();
	let accounts: Vec<T::AccountId> =
		(0..clerks.max(1)).map(|clerk| account("clerk", index, clerk)).collect();
	let first = accounts.first().cloned().expect("at least one clerk; qed");
	let origin = T::JudicialOrigin::try_successful_origin().expect("the origin can be made; qed");
	Pallet::<T>::register_court(
		origin,
		designator(index),
		"北京市基准测试人民法院".as_bytes().to_vec(),
		*b"110105",
		accounts,
	)
	.expect("benchmark courts are valid; qed");
	(court, first)
}

/// Opens case `serial` at `court` on `institutions` and the benchmark patient.
fn open_case_at<T: Config>(
	clerk: &T::AccountId,
	court_index: u32,
	serial: u32,
	institutions: Vec<EntityId>,
) -> CaseId {
	let case = NextCaseId::<T>::get();
	let mut number = "（2026）".as_bytes().to_vec();
	number.extend_from_slice(&designator(court_index));
	number.extend_from_slice("民初".as_bytes());
	number.extend_from_slice(alloc::format!("{}号", serial.saturating_add(1)).as_bytes());
	Pallet::<T>::open_case(RawOrigin::Signed(clerk.clone()).into(), number, institutions, PATIENT)
		.expect("benchmark cases are valid; qed");
	case
}

/// A court, an institution and an open case on both; returns the clerk, the institution, its
/// admin and the case.
fn case_setup<T: Config>() -> (T::AccountId, EntityId, T::AccountId, CaseId) {
	T::BenchmarkHelper::set_time(START);
	let (institution, admin) = T::BenchmarkHelper::institution(0);
	let (_, clerk) = court_with_clerks::<T>(0, 1);
	let case = open_case_at::<T>(&clerk, 0, 0, vec![institution]);
	(clerk, institution, admin, case)
}

/// Gives `case` as many adopted seals as it may hold, each an agreed seal of one record.
fn adopt_max_seals<T: Config>(
	clerk: &T::AccountId,
	institution: EntityId,
	admin: &T::AccountId,
	case: CaseId,
) {
	for index in 0..T::MaxAdoptedSeals::get() {
		let records = T::BenchmarkHelper::anchor_records(
			institution,
			PATIENT,
			1_000u32.saturating_add(index),
			1,
			1,
			1,
		);
		let items: Vec<SealItem> = records.into_iter().map(SealItem::Record).collect();
		let seal = agree::<T>(admin, institution, [index as u8; 32], items);
		Pallet::<T>::adopt_seal(RawOrigin::Signed(clerk.clone()).into(), case, seal)
			.expect("an active agreed seal; qed");
	}
}

/// Has `MaxSealsPerItem - 1` further cases seal `items`, then closes them all, so that each
/// item's index holds that many lifted seals, which the next seal reads and drops.
fn other_cases_seal<T: Config>(clerk: &T::AccountId, institution: EntityId, items: &[SealItem]) {
	let others = T::MaxSealsPerItem::get().saturating_sub(1);
	let cases: Vec<CaseId> = (0..others)
		.map(|serial| {
			let case =
				open_case_at::<T>(clerk, 0, 100u32.saturating_add(serial), vec![institution]);
			for chunk in items.chunks(T::MaxItemsPerCall::get() as usize) {
				Pallet::<T>::seal_items(
					RawOrigin::Signed(clerk.clone()).into(),
					case,
					chunk.to_vec(),
				)
				.expect("items of the case; qed");
			}
			case
		})
		.collect();
	for case in cases {
		Pallet::<T>::close_case(RawOrigin::Signed(clerk.clone()).into(), case)
			.expect("an open case; qed");
	}
}

/// Makes an ECDSA key for the patient side and signs `message` wrapped as wallets sign it, so
/// that verification fails once before it succeeds.
fn patient_signature(message: &[u8]) -> (PatientKey, MultiSignature) {
	let public = sp_io::crypto::ecdsa_generate(PATIENT_KEY_TYPE, None);
	let wrapped = [b"<Bytes>".as_slice(), message, b"</Bytes>"].concat();
	let signature = sp_io::crypto::ecdsa_sign(PATIENT_KEY_TYPE, &public, &wrapped)
		.expect("the key was just generated; qed");
	(PatientKey::Ecdsa(public.0), MultiSignature::Ecdsa(signature))
}

/// Seals `items` by agreement; returns the seal's id.
fn agree<T: Config>(
	admin: &T::AccountId,
	institution: EntityId,
	reference: [u8; 32],
	items: Vec<SealItem>,
) -> SealId {
	let message = seal_agreement_message(
		&Pallet::<T>::genesis_hash(),
		&reference,
		institution,
		&PATIENT,
		&items,
	);
	let (key, signature) = patient_signature(&message);
	let seal = NextSealId::<T>::get();
	Pallet::<T>::seal_by_agreement(
		RawOrigin::Signed(admin.clone()).into(),
		reference,
		PATIENT,
		items,
		key,
		signature,
	)
	.expect("a valid agreement; qed");
	seal
}

/// Leaves of a batch whose first `members` leaves are real and whose proofs have `depth`
/// hashes; returns the root with the members' queries.
fn deep_batch(members: u32, depth: u32) -> (ContentHash, u32, Vec<MemberQuery>) {
	let algorithm = HashAlgorithm::Sm3;
	let small_depth = 32u32.saturating_sub(members.max(2).saturating_sub(1).leading_zeros());
	let small_size = 1u32 << small_depth;
	let leaves: Vec<BatchLeaf> = (0..small_size)
		.map(|index| BatchLeaf {
			record_id: [index as u8; 32],
			kind: RecordKind::VitalSigns,
			content_hash: ContentHash::of(algorithm, &index.to_le_bytes()),
			generated_at: START,
			salt: [0x5a; 32],
		})
		.collect();
	let leaf_hashes: Vec<_> = leaves.iter().map(|leaf| leaf.leaf_hash(algorithm)).collect();
	let mut root = medanchor_primitives::records::root_of_leaf_hashes(algorithm, &leaf_hashes)
		.expect("non-empty; qed");
	// Above the real subtree every sibling is an arbitrary right-hand subtree.
	let upper: Vec<[u8; 32]> = (small_depth..depth).map(|level| [level as u8; 32]).collect();
	for sibling in &upper {
		root = node_hash(algorithm, &root, sibling);
	}
	let queries = (0..members)
		.map(|index| {
			let mut proof = inclusion_proof(algorithm, &leaf_hashes, index as usize)
				.expect("index within the subtree; qed");
			proof.extend(upper.iter().copied());
			let leaf = leaves.get(index as usize).copied().expect("index within the subtree; qed");
			MemberQuery { leaf, index: u64::from(index), proof }
		})
		.collect();
	(ContentHash { algorithm, digest: root }, 1u32 << depth, queries)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_court(c: Linear<1, { T::MaxClerks::get() }>) -> Result<(), BenchmarkError> {
		let origin = judicial_origin::<T>()?;
		let clerks: Vec<T::AccountId> = (0..c).map(|index| account("clerk", 0, index)).collect();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			designator(0),
			"北京市朝阳区人民法院".as_bytes().to_vec(),
			*b"110105",
			clerks,
		);

		assert_eq!(Courts::<T>::get(0).map(|court| court.clerks.len() as u32), Some(c));
		Ok(())
	}

	#[benchmark]
	fn add_clerk() -> Result<(), BenchmarkError> {
		let origin = judicial_origin::<T>()?;
		let (court, _) = court_with_clerks::<T>(0, T::MaxClerks::get().saturating_sub(1));
		let clerk: T::AccountId = account("new-clerk", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, court, clerk.clone());

		assert_eq!(Clerks::<T>::get(clerk), Some(court));
		Ok(())
	}

	#[benchmark]
	fn remove_clerk() -> Result<(), BenchmarkError> {
		let origin = judicial_origin::<T>()?;
		let (court, _) = court_with_clerks::<T>(0, T::MaxClerks::get());
		let last: T::AccountId = account("clerk", 0, T::MaxClerks::get().saturating_sub(1));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last.clone());

		assert_eq!(Clerks::<T>::get(last), None);
		assert!(Courts::<T>::get(court).is_some());
		Ok(())
	}

	#[benchmark]
	fn suspend_court() -> Result<(), BenchmarkError> {
		let origin = judicial_origin::<T>()?;
		let (court, _) = court_with_clerks::<T>(0, 1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, court);

		assert_eq!(Courts::<T>::get(court).map(|c| c.status), Some(CourtStatus::Suspended));
		Ok(())
	}

	#[benchmark]
	fn reinstate_court() -> Result<(), BenchmarkError> {
		let origin = judicial_origin::<T>()?;
		let (court, _) = court_with_clerks::<T>(0, 1);
		Pallet::<T>::suspend_court(judicial_origin::<T>()?, court)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, court);

		assert_eq!(Courts::<T>::get(court).map(|c| c.status), Some(CourtStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn remove_court(c: Linear<1, { T::MaxClerks::get() }>) -> Result<(), BenchmarkError> {
		let origin = judicial_origin::<T>()?;
		let (court, _) = court_with_clerks::<T>(0, c);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, court);

		assert_eq!(Courts::<T>::get(court).map(|c| c.status), Some(CourtStatus::Removed));
		Ok(())
	}

	#[benchmark]
	fn open_case(i: Linear<1, { T::MaxCaseInstitutions::get() }>) {
		T::BenchmarkHelper::set_time(START);
		let institutions: Vec<EntityId> =
			(0..i).map(|seed| T::BenchmarkHelper::institution(seed).0).collect();
		let (_, clerk) = court_with_clerks::<T>(0, 1);
		let number = alloc::format!("(2026){}民初12345号", "京000000").into_bytes();

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), number, institutions, PATIENT);

		assert!(Cases::<T>::contains_key(0));
	}

	#[benchmark]
	fn close_case() {
		let (clerk, institution, admin, case) = case_setup::<T>();
		adopt_max_seals::<T>(&clerk, institution, &admin, case);

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), case);

		assert!(Cases::<T>::get(case).is_some_and(|info| !info.is_open()));
	}

	#[benchmark]
	fn query_patient_records(n: Linear<1, { T::MaxQueryPage::get() }>) {
		let (clerk, institution, _, case) = case_setup::<T>();
		T::BenchmarkHelper::anchor_records(institution, PATIENT, 1, n, 2, n);

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), case, institution, 0, n);

		assert_eq!(Cases::<T>::get(case).map(|info| info.access_entries), Some(1));
	}

	#[benchmark]
	fn query_record() {
		let (clerk, institution, _, case) = case_setup::<T>();
		let records = T::BenchmarkHelper::anchor_records(
			institution,
			PATIENT,
			1,
			1,
			T::BenchmarkHelper::max_versions(),
			1,
		);
		let record = *records.first().expect("one record; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), case, record);

		assert!(ItemAccess::<T>::contains_key(SealItem::Record(record), (case, 0)));
	}

	#[benchmark]
	fn query_batch(m: Linear<1, { T::MaxMembersPerQuery::get() }>) {
		let (clerk, institution, _, case) = case_setup::<T>();
		let depth = T::MaxProofLength::get().min(20);
		let (root, leaf_count, members) = deep_batch(m, depth);
		let batch = T::BenchmarkHelper::anchor_batch(institution, PATIENT, root, leaf_count);

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), case, batch, members);

		assert!(ItemAccess::<T>::contains_key(SealItem::Batch(batch), (case, 0)));
	}

	#[benchmark]
	fn seal_by_agreement(n: Linear<1, { T::MaxItemsPerCall::get() }>) {
		let (clerk, institution, admin, _) = case_setup::<T>();
		// An agreed seal covers at most `MaxSealEncounters` encounters.
		let encounters = T::MaxSealEncounters::get();
		let records = T::BenchmarkHelper::anchor_records(institution, PATIENT, 1, n, 1, encounters);
		let items: Vec<SealItem> = records.into_iter().map(SealItem::Record).collect();
		other_cases_seal::<T>(&clerk, institution, &items);
		let reference = [0x5e; 32];
		let message = seal_agreement_message(
			&Pallet::<T>::genesis_hash(),
			&reference,
			institution,
			&PATIENT,
			&items,
		);
		let (key, signature) = patient_signature(&message);
		let seal = NextSealId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), reference, PATIENT, items, key, signature);

		assert_eq!(Seals::<T>::get(seal).map(|info| info.items), Some(n));
	}

	#[benchmark]
	fn add_to_agreed_seal(n: Linear<1, { T::MaxItemsPerCall::get() }>) {
		let (clerk, institution, admin, _) = case_setup::<T>();
		// The seal starts with one record of each encounter it may cover, and the additions
		// come from all of them.
		let encounters = T::MaxSealEncounters::get();
		let total = n.saturating_add(encounters);
		let records =
			T::BenchmarkHelper::anchor_records(institution, PATIENT, 1, total, 1, encounters);
		let mut items: Vec<SealItem> = records.into_iter().map(SealItem::Record).collect();
		let added = items.split_off(encounters as usize);
		other_cases_seal::<T>(&clerk, institution, &added);
		let reference = [0x5e; 32];
		let seal = agree::<T>(&admin, institution, reference, items);
		let message = seal_addition_message(&Pallet::<T>::genesis_hash(), &reference, 0, &added);
		let (_, signature) = {
			// The addition is signed by the seal's own key.
			let SealBasis::Agreement { patient_key: PatientKey::Ecdsa(raw), .. } =
				Seals::<T>::get(seal).expect("just sealed; qed").basis
			else {
				panic!("an agreed seal with an ECDSA key; qed")
			};
			let public = sp_core::ecdsa::Public::from_raw(raw);
			let wrapped = [b"<Bytes>".as_slice(), &message, b"</Bytes>"].concat();
			let signature = sp_io::crypto::ecdsa_sign(PATIENT_KEY_TYPE, &public, &wrapped)
				.expect("the key is in the keystore; qed");
			((), MultiSignature::Ecdsa(signature))
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), seal, added, signature);

		assert_eq!(Seals::<T>::get(seal).map(|info| info.items), Some(total));
	}

	#[benchmark]
	fn adopt_seal() {
		let (clerk, institution, admin, case) = case_setup::<T>();
		let records = T::BenchmarkHelper::anchor_records(institution, PATIENT, 1, 1, 1, 1);
		let items: Vec<SealItem> = records.into_iter().map(SealItem::Record).collect();
		let seal = agree::<T>(&admin, institution, [0x5e; 32], items);

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), case, seal);

		assert_eq!(Cases::<T>::get(case).map(|info| info.adopted.len()), Some(1));
	}

	#[benchmark]
	fn seal_items(n: Linear<1, { T::MaxItemsPerCall::get() }>) {
		let (clerk, institution, admin, case) = case_setup::<T>();
		adopt_max_seals::<T>(&clerk, institution, &admin, case);
		let records = T::BenchmarkHelper::anchor_records(institution, PATIENT, 1, n, 1, n);
		let items: Vec<SealItem> = records.into_iter().map(SealItem::Record).collect();
		other_cases_seal::<T>(&clerk, institution, &items);

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), case, items);

		let seal = Cases::<T>::get(case).and_then(|info| info.court_seal);
		assert_eq!(seal.and_then(Seals::<T>::get).map(|info| info.items), Some(n));
	}

	#[benchmark]
	fn seal_patient_records(n: Linear<1, { T::MaxItemsPerCall::get() }>) {
		let (clerk, institution, admin, case) = case_setup::<T>();
		adopt_max_seals::<T>(&clerk, institution, &admin, case);
		let records = T::BenchmarkHelper::anchor_records(institution, PATIENT, 1, n, 1, n);
		let items: Vec<SealItem> = records.into_iter().map(SealItem::Record).collect();
		other_cases_seal::<T>(&clerk, institution, &items);
		// The adopted seals' records come first in the patient's index.
		let cursor = T::MaxAdoptedSeals::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(clerk), case, institution, cursor);

		let seal = Cases::<T>::get(case).and_then(|info| info.court_seal);
		assert_eq!(seal.and_then(Seals::<T>::get).map(|info| info.items), Some(n));
	}

	#[benchmark]
	fn record_verdict() {
		let (clerk, institution, _, case) = case_setup::<T>();
		let records = T::BenchmarkHelper::anchor_records(
			institution,
			PATIENT,
			1,
			1,
			T::BenchmarkHelper::max_versions(),
			1,
		);
		// A mismatch compares the hash with every version.
		let presented = ContentHash::of(HashAlgorithm::Sm3, b"presented copy");

		#[extrinsic_call]
		_(
			RawOrigin::Signed(clerk),
			case,
			*records.first().expect("one record; qed"),
			presented,
			Presenter::Institution(institution),
		);

		assert_eq!(Verdicts::<T>::get(case, 0).map(|entry| entry.verdict), Some(Verdict::Mismatch));
	}

	#[benchmark]
	fn check_hold() {
		let (clerk, institution, _, case) = case_setup::<T>();
		let records = T::BenchmarkHelper::anchor_records(institution, PATIENT, 1, 1, 1, 1);
		let item = SealItem::Record(*records.first().expect("one record; qed"));
		// Every seal on the record belongs to a closed case, so the check reads them all.
		Pallet::<T>::close_case(RawOrigin::Signed(clerk.clone()).into(), case)
			.expect("an open case; qed");
		let cases: Vec<CaseId> = (0..T::MaxSealsPerItem::get())
			.map(|serial| {
				let case =
					open_case_at::<T>(&clerk, 0, 200u32.saturating_add(serial), vec![institution]);
				Pallet::<T>::seal_items(RawOrigin::Signed(clerk.clone()).into(), case, vec![item])
					.expect("a record of the case; qed");
				case
			})
			.collect();
		for case in cases {
			Pallet::<T>::close_case(RawOrigin::Signed(clerk.clone()).into(), case)
				.expect("an open case; qed");
		}
		assert_eq!(ItemSeals::<T>::iter_key_prefix(item).count() as u32, T::MaxSealsPerItem::get());
		let held;

		#[block]
		{
			held = Pallet::<T>::is_held(&item);
		}

		assert!(!held);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::build_for_benchmarks(), crate::mock::Test);
}
