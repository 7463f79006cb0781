//! The accounts that act for registered entities, as `pallet-institutions` reports them to the
//! anchoring, reputation and judicial pallets, and the checks of region codes and display
//! text that the registries of institutions and courts share.

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

/// Administrative region code (行政区划代码, GB/T 2260): six ASCII digits.
pub type RegionCode = [u8; 6];

/// Two-digit province-level prefixes of GB/T 2260 (mainland provinces, autonomous regions and
/// municipalities, Taiwan, Hong Kong and Macao).
const PROVINCE_PREFIXES: [u8; 34] = [
	11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
	53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// Checks a GB/T 2260 administrative region code.
///
/// The code is valid when it is six ASCII digits and its first two digits name a
/// province-level division. A county part (digits 5 and 6) other than `00` also needs a
/// prefecture part (digits 3 and 4) other than `00`. Whether the exact division exists is not checked: the
/// list changes every year.
pub fn is_valid_region_code(code: &RegionCode) -> bool {
	if !code.iter().all(u8::is_ascii_digit) {
		return false;
	}
	let pair = |at: usize| -> u8 {
		let tens = code.get(at).copied().unwrap_or(b'0').saturating_sub(b'0');
		let ones = code.get(at.saturating_add(1)).copied().unwrap_or(b'0').saturating_sub(b'0');
		tens.saturating_mul(10).saturating_add(ones)
	};
	let (province, prefecture, county) = (pair(0), pair(2), pair(4));
	PROVINCE_PREFIXES.contains(&province) && !(prefecture == 0 && county != 0)
}

/// Returns whether `c` is an invisible character: the formatting characters of Unicode category
/// Cf (zero-width spaces, joiners, byte-order marks, text-direction overrides) and other
/// characters that render as nothing. Such characters make a stored name read differently
/// from what it contains.
fn is_format_character(c: char) -> bool {
	matches!(
		c,
		// Characters that render as nothing although they are not in category Cf: combining
		// grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian selectors,
		// line and paragraph separators, blank Braille pattern, variation selectors.
		'\u{034F}' |
			'\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' |
			'\u{17B4}' | '\u{17B5}' |
			'\u{180B}'..='\u{180D}' |
			'\u{2028}' | '\u{2029}' | '\u{2800}' |
			'\u{FE00}'..='\u{FE0F}' |
			'\u{E0100}'..='\u{E01EF}' |
			'\u{1D173}'..='\u{1D17A}' |
			'\u{00AD}' |
			'\u{0600}'..='\u{0605}' |
			'\u{061C}' | '\u{06DD}' | '\u{070F}' | '\u{180E}' |
			'\u{200B}'..='\u{200F}' |
			'\u{202A}'..='\u{202E}' |
			'\u{2060}'..='\u{2064}' |
			'\u{2066}'..='\u{206F}' |
			'\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' |
			'\u{E0001}' | '\u{E0020}'..='\u{E007F}'
	)
}

/// Checks that `text` is UTF-8 with at least one visible character and no control or
/// invisible formatting characters.
pub fn is_valid_text(text: &[u8]) -> bool {
	match core::str::from_utf8(text) {
		Ok(text) => {
			!text.trim().is_empty()
				&& !text.chars().any(|c| c.is_control() || is_format_character(c))
		},
		Err(_) => false,
	}
}
