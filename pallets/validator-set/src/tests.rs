//! Unit tests of the validator set on the mock runtime.

use crate::{mock::*, Error, Event, MinValidators, PendingChange};
use codec::Encode;
use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::{testing::UintAuthorityId, DispatchError, RuntimeAppPublic};

/// Registers session keys for `account` through `session.set_keys`, with the ownership proof
/// the call checks: the key's signature over the encoded account.
fn set_keys(account: u64) {
	let key = UintAuthorityId(account);
	let proof = key.sign(&account.encode()).expect("test keys always sign").encode();
	assert_ok!(Session::set_keys(RuntimeOrigin::signed(account), key.into(), proof));
}

#[test]
fn genesis_copies_session_validators() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3]);
		assert_eq!(MinValidators::<Test>::get(), 2);
		assert!(!PendingChange::<Test>::get());
	});
}

#[test]
#[should_panic(expected = "min_validators must be at least 1")]
fn genesis_with_zero_minimum_panics() {
	ExtBuilder::default().with_min_validators(0).build();
}

#[test]
#[should_panic(expected = "min_validators exceeds MaxValidators")]
fn genesis_with_minimum_above_maximum_panics() {
	ExtBuilder::default().with_min_validators(MaxValidators::get() + 1).build();
}

#[test]
fn add_validator_by_root_queues_it() {
	ExtBuilder::default().with_keyed_candidates(vec![4]).build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));

		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, 4]);
		assert!(PendingChange::<Test>::get());
		assert_eq!(validator_set_events(), vec![Event::ValidatorAdded { validator: 4 }]);
	});
}

#[test]
fn add_validator_by_signed_origin_fails() {
	ExtBuilder::default().with_keyed_candidates(vec![4]).build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_validator_already_in_set_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn add_validator_without_session_keys_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::SessionKeysNotSet
		);
	});
}

#[test]
fn add_validator_beyond_maximum_fails() {
	ExtBuilder::default()
		.with_validators(vec![1, 2, 3, 4])
		.with_keyed_candidates(vec![5])
		.build_and_execute(|| {
			assert_noop!(
				ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
				Error::<Test>::TooManyValidators
			);
		});
}

#[test]
fn remove_validator_by_root_queues_removal() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));

		assert_eq!(ValidatorSet::validators(), vec![1, 3]);
		assert!(PendingChange::<Test>::get());
		assert_eq!(validator_set_events(), vec![Event::ValidatorRemoved { validator: 2 }]);
	});
}

#[test]
fn remove_validator_by_signed_origin_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_validator_not_in_set_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 6),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn remove_validator_below_minimum_fails() {
	ExtBuilder::default().with_min_validators(3).build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::TooFewValidators
		);
	});
}

#[test]
fn remove_validator_down_to_minimum_succeeds_then_stops() {
	ExtBuilder::default().with_min_validators(2).build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(ValidatorSet::validators(), vec![1, 2]);
	});
}

#[test]
fn set_min_validators_by_root_updates_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(ValidatorSet::set_min_validators(RuntimeOrigin::root(), 3));

		assert_eq!(MinValidators::<Test>::get(), 3);
		assert_eq!(validator_set_events(), vec![Event::MinValidatorsSet { min_validators: 3 }]);
	});
}

#[test]
fn set_min_validators_by_signed_origin_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::signed(1), 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn set_min_validators_zero_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidMinValidators
		);
	});
}

#[test]
fn set_min_validators_above_set_size_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::root(), 4),
			Error::<Test>::InvalidMinValidators
		);
	});
}

#[test]
fn new_session_without_change_keeps_set() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(2), None);
		assert!(validator_set_events().is_empty());
	});
}

#[test]
fn new_session_after_change_hands_over_set_once() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));

		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(2), Some(vec![2, 3]));
		assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(3), None);
		assert!(!PendingChange::<Test>::get());
		assert_eq!(
			validator_set_events().last(),
			Some(&Event::ValidatorSetQueued { session_index: 2, validator_count: 2 })
		);
	});
}

#[test]
fn added_validator_authors_two_sessions_after_next_boundary() {
	ExtBuilder::default().build_and_execute(|| {
		set_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(pallet_session::Validators::<Test>::get(), vec![1, 2, 3]);

		// First boundary: session 1 starts with the genesis set, session 2 is planned.
		run_to_block(SESSION_LENGTH);
		assert_eq!(pallet_session::CurrentIndex::<Test>::get(), 1);
		assert_eq!(pallet_session::Validators::<Test>::get(), vec![1, 2, 3]);

		// Second boundary: the planned set becomes the active one.
		run_to_block(2 * SESSION_LENGTH);
		assert_eq!(pallet_session::CurrentIndex::<Test>::get(), 2);
		assert_eq!(pallet_session::Validators::<Test>::get(), vec![1, 2, 3, 4]);
	});
}

#[test]
fn removed_validator_leaves_active_set_at_boundary() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));

		run_to_block(2 * SESSION_LENGTH);
		assert_eq!(pallet_session::Validators::<Test>::get(), vec![1, 2]);
	});
}
