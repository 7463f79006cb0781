//! `anchor_batch`: roots of streams, who may anchor them, and membership proofs.

use super::*;
use medanchor_primitives::{
	anchors::ProofStatus,
	records::{inclusion_proof, root_of_leaf_hashes, BatchLeaf},
};

fn anchor_batch_as(
	account: u64,
	batch: NewBatch,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Anchors::anchor_batch(RuntimeOrigin::signed(account), None, batch)
}

/// `count` vital-sign readings generated one second apart, ending now.
fn readings(count: u32) -> Vec<BatchLeaf> {
	(0..count)
		.map(|index| BatchLeaf {
			record_id: [index as u8; 32],
			kind: RecordKind::VitalSigns,
			content_hash: hash_of(&index.to_le_bytes()),
			generated_at: now() - u64::from(count - 1 - index) * 1_000,
			salt: [index as u8 ^ 0x5a; 32],
		})
		.collect()
}

#[test]
fn anchor_batch_by_device_stores_root() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor_batch_as(HOSPITAL_DEVICE, batch(1, 600)));
		let stored = Batches::<Test>::get(id(1)).unwrap();
		assert_eq!(
			stored,
			BatchInfo {
				institution: HOSPITAL,
				kind: RecordKind::VitalSigns,
				class: EncounterClass::Inpatient,
				patient: Some(PATIENT),
				root: hash_of(&[1, 0xba]),
				leaf_count: 600,
				first_generated_at: START - 60_000,
				last_generated_at: START,
				anchored_at: START,
				block: 1,
				index_in_block: 0,
				timeliness: Timeliness::AtGeneration,
				via_platform: None,
			}
		);
		assert_eq!(Anchors::institution_anchor_at(HOSPITAL, 1, 0), Some(AnchorRef::Batch(id(1))));
		assert_eq!(
			anchor_events(),
			vec![Event::BatchAnchored {
				institution: HOSPITAL,
				batch: id(1),
				root: hash_of(&[1, 0xba]),
				leaf_count: 600,
				delay: 0,
				timeliness: Timeliness::AtGeneration,
				submitter: HOSPITAL_DEVICE,
				via_platform: None,
			}]
		);
		assert_eq!(tally(HOSPITAL), AnchorTally { at_generation: 1, ..Default::default() });
	});
}

#[test]
fn anchor_batch_timeliness_follows_last_member() {
	ExtBuilder::default().build_and_execute(|| {
		let late = NewBatch {
			first_generated_at: now() - 10 * WINDOW,
			last_generated_at: now() - WINDOW - 1,
			..batch(1, 10)
		};
		assert_ok!(anchor_batch_as(HOSPITAL_GATEWAY, late));
		assert_eq!(Batches::<Test>::get(id(1)).unwrap().timeliness, Timeliness::Late);
		let on_time = NewBatch {
			first_generated_at: now() - 10 * WINDOW,
			last_generated_at: now() - WINDOW,
			..batch(2, 10)
		};
		assert_ok!(anchor_batch_as(HOSPITAL_GATEWAY, on_time));
		assert_eq!(Batches::<Test>::get(id(2)).unwrap().timeliness, Timeliness::AtGeneration);
	});
}

#[test]
fn anchor_batch_by_delegated_platform_device_succeeds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Anchors::anchor_batch(
			RuntimeOrigin::signed(PLATFORM_DEVICE),
			Some(HOSPITAL),
			batch(1, 5)
		));
		assert_eq!(Batches::<Test>::get(id(1)).unwrap().via_platform, Some(PLATFORM));
	});
}

#[test]
fn anchor_batch_with_bad_shape_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(anchor_batch_as(HOSPITAL_DEVICE, batch(1, 0)), Error::<Test>::EmptyBatch);
		assert_noop!(
			anchor_batch_as(HOSPITAL_DEVICE, batch(1, 1001)),
			Error::<Test>::TooManyLeaves
		);
		assert_ok!(anchor_batch_as(HOSPITAL_DEVICE, batch(1, 1000)));
		let reversed =
			NewBatch { first_generated_at: now(), last_generated_at: now() - 1, ..batch(2, 10) };
		assert_noop!(anchor_batch_as(HOSPITAL_DEVICE, reversed), Error::<Test>::InvalidBatchTimes);
		let future = NewBatch { last_generated_at: now() + DRIFT + 1, ..batch(2, 10) };
		assert_noop!(anchor_batch_as(HOSPITAL_DEVICE, future), Error::<Test>::GeneratedInFuture);
		let short_root = NewBatch {
			root: SubmittedHash { algorithm: HashAlgorithm::Sm3, digest: vec![1; 31] },
			..batch(2, 10)
		};
		assert_noop!(
			anchor_batch_as(HOSPITAL_DEVICE, short_root),
			Error::<Test>::UnsupportedDigestLength
		);
	});
}

#[test]
fn anchor_batch_twice_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(anchor_batch_as(HOSPITAL_DEVICE, batch(1, 10)));
		assert_noop!(
			anchor_batch_as(HOSPITAL_GATEWAY, batch(1, 10)),
			Error::<Test>::BatchAlreadyAnchored
		);
	});
}

#[test]
fn anchor_batch_by_admin_or_stranger_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(anchor_batch_as(HOSPITAL_ADMIN, batch(1, 10)), Error::<Test>::WrongRole);
		assert_noop!(anchor_batch_as(STRANGER, batch(1, 10)), Error::<Test>::NotAnOperator);
		assert_noop!(
			anchor_batch_as(PLATFORM_DEVICE, batch(1, 10)),
			Error::<Test>::InstitutionRequired
		);
	});
}

#[test]
fn anchor_batch_counts_against_rate_limit() {
	ExtBuilder::default().build_and_execute(|| {
		for number in 1..=BASE_LIMIT as u8 {
			assert_ok!(anchor_batch_as(HOSPITAL_DEVICE, batch(number, 10)));
		}
		assert_noop!(
			anchor_batch_as(HOSPITAL_DEVICE, batch(100, 10)),
			Error::<Test>::RateLimitExceeded
		);
	});
}

#[test]
fn batch_member_proofs_verify_against_anchored_root() {
	ExtBuilder::default().build_and_execute(|| {
		let mut number = 0u8;
		for algorithm in [HashAlgorithm::Blake2b256, HashAlgorithm::Sha256, HashAlgorithm::Sm3] {
			for count in [1u32, 2, 3, 4, 5, 8, 9, 16, 17] {
				number += 1;
				next_block(3_000);
				let members = readings(count);
				let leaves: Vec<_> =
					members.iter().map(|member| member.leaf_hash(algorithm)).collect();
				let root = root_of_leaf_hashes(algorithm, &leaves).unwrap();
				let new = NewBatch {
					root: ContentHash { algorithm, digest: root }.into(),
					first_generated_at: members[0].generated_at,
					last_generated_at: members[count as usize - 1].generated_at,
					..batch(number, count)
				};
				assert_ok!(anchor_batch_as(HOSPITAL_DEVICE, new));

				for (index, member) in members.iter().enumerate() {
					let proof = inclusion_proof(algorithm, &leaves, index).unwrap();
					assert_eq!(
						Anchors::verify_batch_member(
							id(number),
							*member,
							index as u64,
							proof.clone()
						),
						ProofStatus::Valid,
						"{algorithm:?}, {count} leaves, member {index}"
					);
					// The same proof does not prove another member at that place.
					let other = members[(index + 1) % members.len()];
					if count > 1 {
						assert_eq!(
							Anchors::verify_batch_member(id(number), other, index as u64, proof),
							ProofStatus::Invalid
						);
					}
				}
			}
		}
	});
}

#[test]
fn batch_member_check_reports_bad_index_length_and_unknown_batch() {
	ExtBuilder::default().build_and_execute(|| {
		let algorithm = HashAlgorithm::Blake2b256;
		let members = readings(5);
		let leaves: Vec<_> = members.iter().map(|member| member.leaf_hash(algorithm)).collect();
		let root = root_of_leaf_hashes(algorithm, &leaves).unwrap();
		let new = NewBatch { root: ContentHash { algorithm, digest: root }.into(), ..batch(1, 5) };
		assert_ok!(anchor_batch_as(HOSPITAL_DEVICE, new));

		let proof = inclusion_proof(algorithm, &leaves, 2).unwrap();
		assert_eq!(
			Anchors::verify_batch_member(id(1), members[2], 5, proof.clone()),
			ProofStatus::IndexOutOfRange
		);
		let mut longer = proof.clone();
		longer.push([0; 32]);
		assert_eq!(
			Anchors::verify_batch_member(id(1), members[2], 2, longer),
			ProofStatus::WrongProofLength
		);
		assert_eq!(
			Anchors::verify_batch_member(id(1), members[2], 2, proof[..1].to_vec()),
			ProofStatus::WrongProofLength
		);
		assert_eq!(
			Anchors::verify_batch_member(id(2), members[2], 2, proof),
			ProofStatus::BatchNotFound
		);
	});
}

#[test]
fn proof_built_with_other_algorithm_is_invalid() {
	ExtBuilder::default().build_and_execute(|| {
		let members = readings(4);
		let sha: Vec<_> =
			members.iter().map(|member| member.leaf_hash(HashAlgorithm::Sha256)).collect();
		let root = root_of_leaf_hashes(HashAlgorithm::Sha256, &sha).unwrap();
		let algorithm = HashAlgorithm::Sha256;
		let new = NewBatch { root: ContentHash { algorithm, digest: root }.into(), ..batch(1, 4) };
		assert_ok!(anchor_batch_as(HOSPITAL_DEVICE, new));

		let sm3: Vec<_> =
			members.iter().map(|member| member.leaf_hash(HashAlgorithm::Sm3)).collect();
		let proof = inclusion_proof(HashAlgorithm::Sm3, &sm3, 1).unwrap();
		assert_eq!(Anchors::verify_batch_member(id(1), members[1], 1, proof), ProofStatus::Invalid);
	});
}
