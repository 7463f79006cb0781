//! The accounts that act for registered entities, as `pallet-institutions` reports them to the
//! anchoring, reputation and judicial pallets.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Identifier of a registered entity (medical institution or evidence storage platform),
/// assigned in registration order from 0.
pub type EntityId = u32;

/// Kind of a registered entity.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum EntityKind {
	/// A hospital (医院); it carries a hospital grade.
	Hospital,
	/// A clinic, community health centre or similar outpatient institution (诊所、社区卫生服务中心).
	Clinic,
	/// Any other medical institution (其他医疗机构), such as a maternal and child health centre.
	OtherInstitution,
	/// An evidence storage platform (第三方存证平台): keeps encrypted documents off chain and may
	/// anchor on an institution's behalf when delegated.
	EvidencePlatform,
}

impl EntityKind {
	/// Returns whether the entity is a medical institution (医疗机构), as opposed to a platform.
	pub fn is_institution(self) -> bool {
		!matches!(self, EntityKind::EvidencePlatform)
	}
}

/// The role an account plays for its entity.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum AccountRole {
	/// Manages the entity's gateway and device accounts and its delegations.
	Admin,
	/// An EMR system or other gateway that submits anchors.
	Gateway,
	/// A device (bedside monitor, surgical device) that signs its own data streams.
	Device,
}

/// An account acting for an active entity.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct Actor {
	/// The entity the account acts for.
	pub entity: EntityId,
	/// Kind of the entity.
	pub kind: EntityKind,
	/// The account's role.
	pub role: AccountRole,
}

/// Read access to the registry of entities and their accounts, for other pallets.
///
/// Every answer reflects the entity's current status: an account of a suspended or revoked
/// entity acts for no entity.
pub trait InstitutionRegistry<AccountId> {
	/// Returns the entity `who` acts for and its role, if the entity is active.
	fn actor(who: &AccountId) -> Option<Actor>;

	/// Returns the entity `who` is bound to and its role, whatever the entity's status, so
	/// that a caller can tell a suspended entity's account from an unknown one.
	fn binding(who: &AccountId) -> Option<(EntityId, AccountRole)>;

	/// Returns whether `entity` is registered and active.
	fn is_active(entity: EntityId) -> bool;

	/// Returns the kind of a registered entity, whatever its status.
	fn kind(entity: EntityId) -> Option<EntityKind>;

	/// Returns whether the active institution `institution` has delegated anchoring to the
	/// active platform `platform`.
	fn is_delegated(institution: EntityId, platform: EntityId) -> bool;

	/// Returns the account that receives an active entity's subsidies.
	fn payout_account(entity: EntityId) -> Option<AccountId>;

	/// Returns the GB/T 2260 administrative region code of a registered entity.
	fn region(entity: EntityId) -> Option<[u8; 6]>;
}
