use super::*;
use crate::AgreementReferences;
use sp_core::{ecdsa, ed25519, sr25519, Pair};

const REFERENCE: [u8; 32] = [0x5e; 32];

fn agree(
	items: Vec<SealItem>,
	key: PatientKey,
	signature: MultiSignature,
) -> frame_support::dispatch::DispatchResult {
	Judicial::seal_by_agreement(
		RuntimeOrigin::signed(HOSPITAL_ADMIN),
		REFERENCE,
		PATIENT,
		items,
		key,
		signature,
	)
}

fn agree_signed(items: Vec<SealItem>) -> frame_support::dispatch::DispatchResult {
	let pair = patient_pair();
	let signature = sign_agreement(&pair, REFERENCE, &items);
	agree(items, patient_key(&pair), signature)
}

#[test]
fn seal_by_agreement_with_valid_signature() {
	ExtBuilder.build_and_execute(|| {
		let first = anchor_hospital_record(1, 1);
		let second = anchor_hospital_record(2, 2);
		let items = vec![SealItem::Record(first), SealItem::Record(second)];
		let pair = patient_pair();
		let signature = sign_agreement(&pair, REFERENCE, &items);
		assert_ok!(agree(items.clone(), patient_key(&pair), signature.clone()));
		assert_eq!(
			last_event(),
			Event::SealedByAgreement {
				seal: 0,
				institution: HOSPITAL,
				patient: PATIENT,
				reference: REFERENCE,
				items,
				lapses_at: START + LAPSE,
			}
		);
		let info = Seals::<Test>::get(0).unwrap();
		assert_eq!(info.encounters.to_vec(), vec![ENCOUNTER]);
		assert!(matches!(
			info.basis,
			SealBasis::Agreement { institution: HOSPITAL, adopted_by: None, additions: 0, .. }
		));
		assert_eq!(AgreementSignatures::<Test>::get(0, 0), Some(signature));
		assert_eq!(AgreementReferences::<Test>::get(REFERENCE), Some(0));
		assert!(Judicial::is_held(&SealItem::Record(first)));
		assert_noop!(amend(first, 0, b"rewritten"), pallet_anchors::Error::<Test>::RecordHeld);
	});
}

#[test]
fn every_key_type_and_wallet_wrapping_is_accepted() {
	ExtBuilder.build_and_execute(|| {
		// One record per seal: the mock lets one agreed seal hold a record at a time.
		let items_of = |reference: [u8; 32]| vec![SealItem::Record(id(reference[0]))];
		for byte in 1..=3 {
			anchor_hospital_record(byte, u32::from(byte));
		}
		let message = |reference: [u8; 32]| {
			crate::seal_agreement_message(
				&Judicial::genesis_hash(),
				&reference,
				HOSPITAL,
				&PATIENT,
				&items_of(reference),
			)
		};
		let ed = ed25519::Pair::from_string("//Ed", None).unwrap();
		let ecdsa_pair = ecdsa::Pair::from_string("//Ecdsa", None).unwrap();
		let sr = sr25519::Pair::from_string("//Wallet", None).unwrap();
		let wrapped = [b"<Bytes>".as_slice(), &message([3; 32]), b"</Bytes>"].concat();
		let cases = [
			(
				[1; 32],
				PatientKey::Ed25519(ed.public().0),
				MultiSignature::Ed25519(ed.sign(&message([1; 32]))),
			),
			(
				[2; 32],
				PatientKey::Ecdsa(ecdsa_pair.public().0),
				MultiSignature::Ecdsa(ecdsa_pair.sign(&message([2; 32]))),
			),
			(
				[3; 32],
				PatientKey::Sr25519(sr.public().0),
				MultiSignature::Sr25519(sr.sign(&wrapped)),
			),
		];
		for (reference, key, signature) in cases {
			assert_ok!(Judicial::seal_by_agreement(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				reference,
				PATIENT,
				items_of(reference),
				key,
				signature
			));
		}
	});
}

#[test]
fn seal_by_agreement_with_invalid_signature_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let other = anchor_hospital_record(2, 2);
		let items = vec![SealItem::Record(record)];
		let pair = patient_pair();
		// Signed by another key.
		let stranger = sr25519::Pair::from_string("//Stranger", None).unwrap();
		assert_noop!(
			agree(items.clone(), patient_key(&pair), sign_agreement(&stranger, REFERENCE, &items)),
			Error::<Test>::BadPatientSignature
		);
		// Signed over another list.
		let signature = sign_agreement(&pair, REFERENCE, &[SealItem::Record(other)]);
		assert_noop!(
			agree(items.clone(), patient_key(&pair), signature),
			Error::<Test>::BadPatientSignature
		);
		// Signed over another reference.
		let signature = sign_agreement(&pair, [1; 32], &items);
		assert_noop!(
			agree(items.clone(), patient_key(&pair), signature),
			Error::<Test>::BadPatientSignature
		);
		// A signature of the right list for another chain.
		let message =
			crate::seal_agreement_message(&[7; 32], &REFERENCE, HOSPITAL, &PATIENT, &items);
		let signature = MultiSignature::Sr25519(pair.sign(&message));
		assert_noop!(
			agree(items.clone(), patient_key(&pair), signature),
			Error::<Test>::BadPatientSignature
		);
		// A key of one type with a signature of another.
		let signature = sign_agreement(&pair, REFERENCE, &items);
		assert_noop!(
			agree(items, PatientKey::Ed25519(pair.public().0), signature),
			Error::<Test>::BadPatientSignature
		);
	});
}

#[test]
fn seal_by_agreement_rejects_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let clinic_record = anchor_clinic_record(2, PATIENT);
		let other_patient = anchor_clinic_record(3, OTHER_PATIENT);
		let (batch, _) = batch_with_members(8, PATIENT, 2);
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(HOSPITAL_DEVICE),
			None,
			batch.clone()
		));
		let pair = patient_pair();
		let as_signer = |who: u64, items: Vec<SealItem>| {
			let signature = sign_agreement(&pair, REFERENCE, &items);
			Judicial::seal_by_agreement(
				RuntimeOrigin::signed(who),
				REFERENCE,
				PATIENT,
				items,
				patient_key(&pair),
				signature,
			)
		};
		assert_noop!(
			as_signer(HOSPITAL_GATEWAY, vec![SealItem::Record(record)]),
			Error::<Test>::NotAnInstitutionAdmin
		);
		assert_noop!(
			as_signer(PLATFORM_ADMIN, vec![SealItem::Record(record)]),
			Error::<Test>::NotAnInstitutionAdmin
		);
		assert_noop!(
			as_signer(STRANGER, vec![SealItem::Record(record)]),
			Error::<Test>::NotAnInstitutionAdmin
		);
		assert_noop!(
			as_signer(CLERK, vec![SealItem::Record(record)]),
			Error::<Test>::NotAnInstitutionAdmin
		);
		assert_noop!(agree_signed(vec![]), Error::<Test>::NoItems);
		assert_noop!(
			agree_signed((10..16).map(|byte| SealItem::Record(id(byte))).collect()),
			Error::<Test>::TooManyItems
		);
		assert_noop!(
			agree_signed(vec![SealItem::Record(record), SealItem::Record(record)]),
			Error::<Test>::DuplicateItem
		);
		assert_noop!(agree_signed(vec![SealItem::Record(id(9))]), Error::<Test>::RecordNotFound);
		assert_noop!(agree_signed(vec![SealItem::Batch(id(9))]), Error::<Test>::BatchNotFound);
		assert_noop!(
			agree_signed(vec![SealItem::Record(clinic_record)]),
			Error::<Test>::NotSealInstitution
		);
		// The clinic's admin sealing a record of the other patient under this patient's seal.
		let items = vec![SealItem::Record(other_patient)];
		let message = crate::seal_agreement_message(
			&Judicial::genesis_hash(),
			&REFERENCE,
			CLINIC,
			&PATIENT,
			&items,
		);
		assert_noop!(
			Judicial::seal_by_agreement(
				RuntimeOrigin::signed(CLINIC_ADMIN),
				REFERENCE,
				PATIENT,
				items,
				patient_key(&pair),
				MultiSignature::Sr25519(pair.sign(&message))
			),
			Error::<Test>::NotSealPatient
		);
		// Records of three encounters exceed the mock's two.
		anchor(record_of(id(4), PATIENT, OTHER_ENCOUNTER, 1)).unwrap();
		anchor(record_of(id(5), PATIENT, [0x33; 32], 1)).unwrap();
		assert_noop!(
			agree_signed(vec![
				SealItem::Record(record),
				SealItem::Record(id(4)),
				SealItem::Record(id(5))
			]),
			Error::<Test>::TooManyEncounters
		);
		assert_ok!(agree_signed(vec![SealItem::Record(record), SealItem::Batch(batch.id)]));
		assert_noop!(agree_signed(vec![SealItem::Record(id(4))]), Error::<Test>::ReferenceInUse);

		// A suspended institution's admin gets `InstitutionNotActive`.
		assert_ok!(Institutions::suspend_entity(
			RuntimeOrigin::root(),
			HOSPITAL,
			b"audit".to_vec()
		));
		assert_noop!(
			as_signer(HOSPITAL_ADMIN, vec![SealItem::Record(id(4))]),
			Error::<Test>::InstitutionNotActive
		);
	});
}

#[test]
fn records_completed_later_are_added_to_the_seal() {
	ExtBuilder.build_and_execute(|| {
		let first = anchor_hospital_record(1, 1);
		assert_ok!(agree_signed(vec![SealItem::Record(first)]));
		let pair = patient_pair();
		jump_to(START + 3_600_000);
		let later = anchor_hospital_record(2, 2);
		let items = vec![SealItem::Record(later)];
		assert_ok!(Judicial::add_to_agreed_seal(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			0,
			items.clone(),
			sign_addition(&pair, REFERENCE, 0, &items)
		));
		assert_eq!(
			last_event(),
			Event::AddedToAgreedSeal { seal: 0, addition: 1, items: items.clone() }
		);
		assert!(Judicial::is_held(&SealItem::Record(later)));
		assert_eq!(Seals::<Test>::get(0).unwrap().items, 2);
		assert!(AgreementSignatures::<Test>::get(0, 1).is_some());

		// The signature of the first addition cannot be replayed for the second.
		let third = anchor_hospital_record(3, 3);
		let items = vec![SealItem::Record(third)];
		assert_noop!(
			Judicial::add_to_agreed_seal(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				0,
				items.clone(),
				sign_addition(&pair, REFERENCE, 0, &items)
			),
			Error::<Test>::BadPatientSignature
		);
		assert_ok!(Judicial::add_to_agreed_seal(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			0,
			items.clone(),
			sign_addition(&pair, REFERENCE, 1, &items)
		));
	});
}

#[test]
fn additions_reject_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let first = anchor_hospital_record(1, 1);
		assert_ok!(agree_signed(vec![SealItem::Record(first)]));
		let other_encounter = id(4);
		anchor(record_of(other_encounter, PATIENT, OTHER_ENCOUNTER, 1)).unwrap();
		let pair = patient_pair();
		let add = |who: u64, seal: u32, items: Vec<SealItem>| {
			let signature = sign_addition(&pair, REFERENCE, 0, &items);
			Judicial::add_to_agreed_seal(RuntimeOrigin::signed(who), seal, items, signature)
		};
		assert_noop!(
			add(HOSPITAL_ADMIN, 0, vec![SealItem::Record(other_encounter)]),
			Error::<Test>::EncounterNotInSeal
		);
		assert_noop!(
			add(HOSPITAL_ADMIN, 0, vec![SealItem::Record(first)]),
			Error::<Test>::AlreadyInSeal
		);
		assert_noop!(add(HOSPITAL_ADMIN, 0, vec![]), Error::<Test>::NoItems);
		assert_noop!(
			add(HOSPITAL_ADMIN, 5, vec![SealItem::Record(first)]),
			Error::<Test>::SealNotFound
		);
		assert_noop!(
			add(CLINIC_ADMIN, 0, vec![SealItem::Record(first)]),
			Error::<Test>::NotSealInstitution
		);
		assert_noop!(
			add(HOSPITAL_GATEWAY, 0, vec![SealItem::Record(first)]),
			Error::<Test>::NotAnInstitutionAdmin
		);

		// A court's seal is not an agreed one.
		let case = open_default_case();
		assert_ok!(Judicial::seal_items(
			RuntimeOrigin::signed(CLERK),
			case,
			vec![SealItem::Record(other_encounter)]
		));
		assert_noop!(
			add(HOSPITAL_ADMIN, 1, vec![SealItem::Record(first)]),
			Error::<Test>::NotAnAgreedSeal
		);

		// After the lapse nothing is added.
		jump_to(START + LAPSE);
		let later = anchor_hospital_record(2, 2);
		assert_noop!(
			add(HOSPITAL_ADMIN, 0, vec![SealItem::Record(later)]),
			Error::<Test>::SealNotActive
		);
	});
}

#[test]
fn agreed_seal_lapses_after_the_period() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		assert_ok!(agree_signed(vec![SealItem::Record(record)]));
		jump_to(START + LAPSE - 1);
		assert!(Judicial::is_held(&SealItem::Record(record)));
		assert_noop!(amend(record, 0, b"rewritten"), pallet_anchors::Error::<Test>::RecordHeld);
		jump_to(START + LAPSE);
		assert!(!Judicial::is_held(&SealItem::Record(record)));
		assert_eq!(Judicial::seal_state(&Seals::<Test>::get(0).unwrap()), SealState::Lapsed);
		assert_ok!(amend(record, 0, b"rewritten"));
	});
}

#[test]
fn a_case_adopts_an_agreed_seal_which_then_holds_until_it_closes() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		assert_ok!(agree_signed(vec![SealItem::Record(record)]));
		let case = open_default_case();
		assert_ok!(Judicial::adopt_seal(RuntimeOrigin::signed(CLERK), case, 0));
		assert_eq!(last_event(), Event::SealAdopted { case, seal: 0 });
		assert_eq!(Cases::<Test>::get(case).unwrap().adopted.to_vec(), vec![0]);
		// Past the lapse time the adopted seal still holds, and counts as the case's own.
		jump_to(START + LAPSE + 1);
		assert!(Judicial::is_held(&SealItem::Record(record)));
		assert_noop!(
			Judicial::seal_items(
				RuntimeOrigin::signed(CLERK),
				case,
				vec![SealItem::Record(record)]
			),
			Error::<Test>::AlreadySealedByCase
		);
		assert_ok!(Judicial::close_case(RuntimeOrigin::signed(CLERK), case));
		assert_eq!(
			last_event(),
			Event::CaseClosed { case, court: CHAOYANG, seals_lifted: vec![0] }
		);
		assert!(!Judicial::is_held(&SealItem::Record(record)));
		assert_eq!(Judicial::seal_state(&Seals::<Test>::get(0).unwrap()), SealState::Lifted);
	});
}

#[test]
fn adoption_rejects_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		assert_ok!(agree_signed(vec![SealItem::Record(record)]));
		let case = open_default_case();
		let clerk = RuntimeOrigin::signed(CLERK);
		assert_noop!(Judicial::adopt_seal(clerk.clone(), case, 7), Error::<Test>::SealNotFound);
		// A case on the clinic, or on another patient, cannot adopt it.
		assert_ok!(Judicial::open_case(
			clerk.clone(),
			"（2026）京0105民初2号".into(),
			vec![CLINIC],
			PATIENT
		));
		assert_noop!(Judicial::adopt_seal(clerk.clone(), 1, 0), Error::<Test>::NotCaseInstitution);
		assert_ok!(Judicial::open_case(
			clerk.clone(),
			"（2026）京0105民初3号".into(),
			vec![HOSPITAL],
			OTHER_PATIENT
		));
		assert_noop!(Judicial::adopt_seal(clerk.clone(), 2, 0), Error::<Test>::NotCasePatient);

		assert_ok!(Judicial::adopt_seal(clerk.clone(), case, 0));
		assert_noop!(
			Judicial::adopt_seal(clerk.clone(), case, 0),
			Error::<Test>::SealAlreadyAdopted
		);
		// The case's own court seal cannot be adopted.
		let second = anchor_hospital_record(2, 2);
		assert_ok!(Judicial::seal_items(clerk.clone(), case, vec![SealItem::Record(second)]));
		assert_noop!(Judicial::adopt_seal(clerk.clone(), case, 1), Error::<Test>::NotAnAgreedSeal);

		// A lapsed seal is not adopted.
		let reference = [9; 32];
		let third = anchor_hospital_record(3, 3);
		let items = vec![SealItem::Record(third)];
		let pair = patient_pair();
		assert_ok!(Judicial::seal_by_agreement(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			reference,
			PATIENT,
			items.clone(),
			patient_key(&pair),
			sign_agreement(&pair, reference, &items)
		));
		jump_to(START + LAPSE);
		assert_noop!(Judicial::adopt_seal(clerk, case, 2), Error::<Test>::SealNotActive);
	});
}

#[test]
fn adopted_seal_bound_is_enforced() {
	ExtBuilder.build_and_execute(|| {
		let pair = patient_pair();
		for byte in 1..=3u8 {
			let record = anchor_hospital_record(byte, byte as u32);
			let items = vec![SealItem::Record(record)];
			assert_ok!(Judicial::seal_by_agreement(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				[byte; 32],
				PATIENT,
				items.clone(),
				patient_key(&pair),
				sign_agreement(&pair, [byte; 32], &items)
			));
		}
		let case = open_default_case();
		assert_ok!(Judicial::adopt_seal(RuntimeOrigin::signed(CLERK), case, 0));
		assert_ok!(Judicial::adopt_seal(RuntimeOrigin::signed(CLERK), case, 1));
		assert_noop!(
			Judicial::adopt_seal(RuntimeOrigin::signed(CLERK), case, 2),
			Error::<Test>::TooManyAdoptedSeals
		);
	});
}

#[test]
fn degenerate_patient_keys_are_rejected() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		let items = vec![SealItem::Record(record)];
		let mut small_order = [0xffu8; 32];
		small_order[0] = 0xec;
		let cases = [
			(
				PatientKey::Ed25519([0; 32]),
				MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw([0; 64])),
			),
			(
				PatientKey::Ed25519({
					let mut identity = [0u8; 32];
					identity[0] = 1;
					identity
				}),
				MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw([0; 64])),
			),
			// The order-2 point with its sign bit set.
			(
				PatientKey::Ed25519(small_order),
				MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw([0; 64])),
			),
			(
				PatientKey::Sr25519([0; 32]),
				MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw({
					let mut signature = [0u8; 64];
					signature[63] = 0x80;
					signature
				})),
			),
		];
		for (key, signature) in cases {
			assert_noop!(agree(items.clone(), key, signature), Error::<Test>::WeakPatientKey);
		}
		// A sound key of the same scheme still works.
		assert_ok!(agree_signed(items));
	});
}

#[test]
fn agreed_seals_leave_places_for_courts() {
	ExtBuilder.build_and_execute(|| {
		let record = anchor_hospital_record(1, 1);
		assert_ok!(agree_signed(vec![SealItem::Record(record)]));
		// The mock allows one active agreed seal per record.
		let pair = patient_pair();
		let items = vec![SealItem::Record(record)];
		assert_noop!(
			Judicial::seal_by_agreement(
				RuntimeOrigin::signed(HOSPITAL_ADMIN),
				[2; 32],
				PATIENT,
				items.clone(),
				patient_key(&pair),
				sign_agreement(&pair, [2; 32], &items)
			),
			Error::<Test>::TooManyAgreedSeals
		);
		// Courts still seal it.
		let case = open_default_case();
		assert_ok!(Judicial::seal_items(RuntimeOrigin::signed(CLERK), case, items.clone()));
		// After the agreed seal lapses, its place is free again.
		jump_to(START + LAPSE);
		assert_ok!(Judicial::seal_by_agreement(
			RuntimeOrigin::signed(HOSPITAL_ADMIN),
			[2; 32],
			PATIENT,
			items.clone(),
			patient_key(&pair),
			sign_agreement(&pair, [2; 32], &items)
		));
	});
}
