//! Tests of the record primitives against the published test vectors and the standards.

use crate::records::*;
use codec::Encode;
use serde_json::Value;

const HASH_VECTORS: &str = include_str!("../test-vectors/hashes.json");
const MERKLE_VECTORS: &str = include_str!("../test-vectors/merkle.json");

fn bytes32(value: &Value) -> [u8; 32] {
	let text = value.as_str().expect("hex string");
	hex::decode(text).expect("valid hex").try_into().expect("32 bytes")
}

fn algorithm(name: &Value) -> HashAlgorithm {
	match name.as_str().expect("algorithm name") {
		"Blake2b256" => HashAlgorithm::Blake2b256,
		"Sha256" => HashAlgorithm::Sha256,
		"Sm3" => HashAlgorithm::Sm3,
		other => panic!("unknown algorithm {other}"),
	}
}

fn kind(index: u64) -> RecordKind {
	codec::Decode::decode(&mut &[index as u8][..]).expect("a record kind index")
}

#[test]
fn sm3_matches_gb_t_32905_examples() {
	// GB/T 32905-2016, appendix A: examples 1 ("abc") and 2 ("abcd" repeated 16 times).
	assert_eq!(
		hex::encode(HashAlgorithm::Sm3.hash(&[b"abc"])),
		"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
	);
	assert_eq!(
		hex::encode(HashAlgorithm::Sm3.hash(&[b"abcd".repeat(16).as_slice()])),
		"debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
	);
}

#[test]
fn sha256_matches_fips_180_examples() {
	// FIPS 180-4 examples: "abc" and the 448-bit message.
	assert_eq!(
		hex::encode(HashAlgorithm::Sha256.hash(&[b"abc"])),
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	);
	assert_eq!(
		hex::encode(
			HashAlgorithm::Sha256
				.hash(&[b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"])
		),
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
	);
}

#[test]
fn blake2b_256_matches_known_value() {
	// BLAKE2b with a 32-byte output of "abc", as computed by reference implementations.
	assert_eq!(
		hex::encode(HashAlgorithm::Blake2b256.hash(&[b"abc"])),
		"bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
	);
}

#[test]
fn hash_of_parts_equals_hash_of_concatenation() {
	for algorithm in [HashAlgorithm::Blake2b256, HashAlgorithm::Sha256, HashAlgorithm::Sm3] {
		assert_eq!(algorithm.hash(&[b"ab", b"", b"c"]), algorithm.hash(&[b"abc"]));
	}
}

#[test]
fn content_hashes_match_test_vectors() {
	let vectors: Value = serde_json::from_str(HASH_VECTORS).unwrap();
	for case in vectors["cases"].as_array().unwrap() {
		let input = hex::decode(case["input"].as_str().unwrap()).unwrap();
		for name in ["Blake2b256", "Sha256", "Sm3"] {
			let algorithm = algorithm(&Value::from(name));
			assert_eq!(
				ContentHash::of(algorithm, &input).digest,
				bytes32(&case[name]),
				"{name} of {}",
				case["input"]
			);
		}
	}
}

#[test]
fn merkle_trees_match_test_vectors() {
	let vectors: Value = serde_json::from_str(MERKLE_VECTORS).unwrap();
	let cases = vectors["cases"].as_array().unwrap();
	assert!(!cases.is_empty());
	for case in cases {
		let tree = algorithm(&case["treeAlgorithm"]);
		let size = case["size"].as_u64().unwrap();
		let root = bytes32(&case["root"]);
		let members = case["members"].as_array().unwrap();
		assert_eq!(members.len() as u64, size);

		let leaves: Vec<BatchLeaf> = members
			.iter()
			.map(|m| BatchLeaf {
				record_id: bytes32(&m["recordId"]),
				kind: kind(m["kind"].as_u64().unwrap()),
				content_hash: ContentHash {
					algorithm: algorithm(&m["contentAlgorithm"]),
					digest: bytes32(&m["contentDigest"]),
				},
				generated_at: m["generatedAt"].as_u64().unwrap(),
				salt: bytes32(&m["salt"]),
			})
			.collect();
		let leaf_hashes: Vec<Hash32> = leaves.iter().map(|leaf| leaf.leaf_hash(tree)).collect();

		assert_eq!(batch_root(tree, &leaves), Ok(root), "{tree:?} root of {size}");
		for (index, (leaf, member)) in leaves.iter().zip(members).enumerate() {
			let encoded = leaf.encode();
			assert_eq!(encoded.len(), BATCH_LEAF_LENGTH);
			assert_eq!(hex::encode(&encoded), member["leaf"].as_str().unwrap());
			assert_eq!(leaf_hashes[index], bytes32(&member["leafHash"]));

			let expected: Vec<Hash32> =
				member["proof"].as_array().unwrap().iter().map(bytes32).collect();
			let proof = inclusion_proof(tree, &leaf_hashes, index).unwrap();
			assert_eq!(proof, expected, "{tree:?} proof of leaf {index} of {size}");
			assert_eq!(
				verify_inclusion(tree, &root, &leaf_hashes[index], index as u64, size, &proof),
				Ok(true),
				"{tree:?} leaf {index} of {size}"
			);
		}
	}
}

fn sample_leaves(count: usize) -> Vec<Hash32> {
	(0..count).map(|i| leaf_hash(HashAlgorithm::Blake2b256, &(i as u64).to_le_bytes())).collect()
}

#[test]
fn every_proof_verifies_for_sizes_around_powers_of_two() {
	let tree = HashAlgorithm::Blake2b256;
	for size in [1usize, 2, 3, 4, 5, 8, 9, 31, 32, 33, 64, 65] {
		let leaves = sample_leaves(size);
		let root = root_of_leaf_hashes(tree, &leaves).unwrap();
		for index in 0..size {
			let proof = inclusion_proof(tree, &leaves, index).unwrap();
			let verified =
				verify_inclusion(tree, &root, &leaves[index], index as u64, size as u64, &proof);
			assert_eq!(verified, Ok(true), "leaf {index} of {size}");
		}
	}
}

#[test]
fn single_leaf_tree_root_is_the_leaf_hash() {
	let leaves = sample_leaves(1);
	assert_eq!(root_of_leaf_hashes(HashAlgorithm::Sm3, &leaves), Ok(leaves[0]));
	assert_eq!(inclusion_proof(HashAlgorithm::Sm3, &leaves, 0), Ok(vec![]));
}

#[test]
fn proof_for_one_leaf_fails_for_another() {
	let tree = HashAlgorithm::Sha256;
	let leaves = sample_leaves(9);
	let root = root_of_leaf_hashes(tree, &leaves).unwrap();
	let proof = inclusion_proof(tree, &leaves, 3).unwrap();
	assert_eq!(verify_inclusion(tree, &root, &leaves[4], 3, 9, &proof), Ok(false));
	assert_eq!(verify_inclusion(tree, &root, &leaves[3], 4, 9, &proof), Ok(false));
}

#[test]
fn proof_against_other_root_or_algorithm_fails() {
	let leaves = sample_leaves(5);
	let root = root_of_leaf_hashes(HashAlgorithm::Blake2b256, &leaves).unwrap();
	let proof = inclusion_proof(HashAlgorithm::Blake2b256, &leaves, 2).unwrap();
	let mut other_root = root;
	other_root[0] ^= 1;
	assert_eq!(
		verify_inclusion(HashAlgorithm::Blake2b256, &other_root, &leaves[2], 2, 5, &proof),
		Ok(false)
	);
	assert_eq!(verify_inclusion(HashAlgorithm::Sm3, &root, &leaves[2], 2, 5, &proof), Ok(false));
}

#[test]
fn inner_node_cannot_pass_as_leaf() {
	// A two-leaf tree's root is H(0x01 ‖ a ‖ b). Presenting `a ‖ b` as the content of a
	// single leaf gives H(0x00 ‖ a ‖ b), a different value, so the root of the two-leaf tree
	// is never the root of a one-leaf tree.
	let tree = HashAlgorithm::Blake2b256;
	let leaves = sample_leaves(2);
	let root = root_of_leaf_hashes(tree, &leaves).unwrap();
	let forged_leaf = leaf_hash(tree, &[leaves[0], leaves[1]].concat());
	assert_ne!(forged_leaf, root);
	assert_eq!(verify_inclusion(tree, &root, &forged_leaf, 0, 1, &[]), Ok(false));

	// Presenting the inner node of leaves 0 and 1 of a four-leaf tree as a leaf hash, with the
	// remaining sibling as its path, needs a tree of two leaves, not four.
	let leaves = sample_leaves(4);
	let root = root_of_leaf_hashes(tree, &leaves).unwrap();
	let inner = node_hash(tree, &leaves[0], &leaves[1]);
	let right = node_hash(tree, &leaves[2], &leaves[3]);
	assert_eq!(
		verify_inclusion(tree, &root, &inner, 0, 4, &[right]),
		Err(MerkleError::WrongProofLength)
	);
}

#[test]
fn proofs_of_wrong_length_are_rejected() {
	let tree = HashAlgorithm::Blake2b256;
	let leaves = sample_leaves(8);
	let root = root_of_leaf_hashes(tree, &leaves).unwrap();
	let mut proof = inclusion_proof(tree, &leaves, 5).unwrap();
	proof.push(leaves[0]);
	assert_eq!(
		verify_inclusion(tree, &root, &leaves[5], 5, 8, &proof),
		Err(MerkleError::WrongProofLength)
	);
	proof.truncate(1);
	assert_eq!(
		verify_inclusion(tree, &root, &leaves[5], 5, 8, &proof),
		Err(MerkleError::WrongProofLength)
	);
}

#[test]
fn empty_trees_and_out_of_range_indices_are_errors() {
	let tree = HashAlgorithm::Blake2b256;
	assert_eq!(root_of_leaf_hashes(tree, &[]), Err(MerkleError::Empty));
	assert_eq!(batch_root(tree, &[]), Err(MerkleError::Empty));
	assert_eq!(inclusion_proof(tree, &[], 0), Err(MerkleError::Empty));
	let leaves = sample_leaves(3);
	assert_eq!(inclusion_proof(tree, &leaves, 3), Err(MerkleError::IndexOutOfRange));
	assert_eq!(
		verify_inclusion(tree, &leaves[0], &leaves[0], 3, 3, &[]),
		Err(MerkleError::IndexOutOfRange)
	);
	assert_eq!(verify_inclusion(tree, &leaves[0], &leaves[0], 0, 0, &[]), Err(MerkleError::Empty));
}

#[test]
fn leaf_encoding_follows_documented_layout() {
	let leaf = BatchLeaf {
		record_id: [1; 32],
		kind: RecordKind::Discharge,
		content_hash: ContentHash { algorithm: HashAlgorithm::Sm3, digest: [2; 32] },
		generated_at: 0x0102_0304_0506_0708,
		salt: [3; 32],
	};
	let encoded = leaf.encode();
	assert_eq!(encoded.len(), BATCH_LEAF_LENGTH);
	assert_eq!(&encoded[..32], &[1; 32]);
	assert_eq!(encoded[32], 12, "Discharge is kind 12");
	assert_eq!(encoded[33], 2, "SM3 is algorithm 2");
	assert_eq!(&encoded[34..66], &[2; 32]);
	assert_eq!(&encoded[66..74], &[8, 7, 6, 5, 4, 3, 2, 1]);
	assert_eq!(&encoded[74..], &[3; 32]);
}

#[test]
fn record_kind_code_is_its_encoding() {
	for kind in RecordKind::ALL {
		assert_eq!(kind.encode(), vec![kind.code()], "{kind:?}");
	}
	let codes: Vec<u8> = RecordKind::ALL.iter().map(|kind| kind.code()).collect();
	assert_eq!(codes, (0..14).collect::<Vec<u8>>());
}

#[test]
fn kind_set_holds_each_kind_once() {
	use crate::anchors::KindSet;
	let mut set = KindSet::default();
	assert!(set.is_empty());
	for kind in RecordKind::ALL {
		assert!(!set.contains(kind));
		set.insert(kind);
		set.insert(kind);
		assert!(set.contains(kind));
	}
	assert_eq!(set.len(), 14);
	assert_eq!(set.kinds(), RecordKind::ALL.to_vec());
	let admission = KindSet::of(RecordKind::Admission);
	assert_eq!(set.without(admission).len(), 13);
	assert!(!set.without(admission).contains(RecordKind::Admission));
	assert_eq!(admission.without(set), KindSet::default());
}

#[test]
fn writing_rules_apply_to_their_kind_and_event_only() {
	use crate::anchors::{ClinicalEvent, WritingRule};
	let mut applying = Vec::new();
	for kind in RecordKind::ALL {
		for event in [
			ClinicalEvent::Admission,
			ClinicalEvent::OperationEnd,
			ClinicalEvent::Rescue,
			ClinicalEvent::Discharge,
		] {
			if let Some(rule) = WritingRule::applying_to(kind, event) {
				applying.push((kind, event, rule));
			}
		}
	}
	assert_eq!(
		applying,
		vec![
			(RecordKind::Admission, ClinicalEvent::Admission, WritingRule::AdmissionRecord),
			(RecordKind::ProgressNote, ClinicalEvent::Admission, WritingRule::FirstProgressNote),
			(RecordKind::ProgressNote, ClinicalEvent::Rescue, WritingRule::RescueRecord),
			(RecordKind::Operation, ClinicalEvent::OperationEnd, WritingRule::OperationRecord),
			(RecordKind::Discharge, ClinicalEvent::Discharge, WritingRule::DischargeRecord),
		]
	);
}
