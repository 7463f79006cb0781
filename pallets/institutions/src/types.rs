//! Domain types of the registry: entities, their identifiers and statuses, and the checks of
//! the Chinese national codes they carry.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
pub use medanchor_primitives::institutions::{
	is_valid_region_code, is_valid_text, AccountRole, EntityId, EntityKind, RegionCode,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 ASCII characters.
pub type CreditCode = [u8; 18];

/// The characters a Unified Social Credit Code may contain, in the order of their numeric
/// values 0 to 30: digits, then capital letters without I, O, S, V and Z.
const CREDIT_CODE_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1 to 17 in the GB 32100 check character: 3^(i-1) mod 31.
const CREDIT_CODE_WEIGHTS: [u32; 17] =
	[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Weights of the eight body characters of the organization code (组织机构代码, GB 11714)
/// that occupies positions 9 to 17 of the credit code.
const ORGANIZATION_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Returns the numeric value of a credit-code character, or `None` outside the alphabet.
fn credit_code_value(character: u8) -> Option<u32> {
	CREDIT_CODE_ALPHABET.iter().position(|c| *c == character).map(|index| index as u32)
}

/// Characters that may open a credit code: the registration authority (登记管理部门码), a
/// digit 1 to 9 or one of `A`, `N`, `Y`.
const REGISTRATION_AUTHORITIES: &[u8] = b"123456789ANY";

/// Region part of the credit codes of organizations registered at national level.
const NATIONAL_REGION: &[u8; 6] = b"100000";

/// Checks a Unified Social Credit Code.
///
/// The code is valid when:
/// - every character is in the GB 32100 alphabet;
/// - character 1 (the registration authority) is a digit 1 to 9, `A`, `N` or `Y`, and
///   character 2 (the organization category) a digit 1 to 9;
/// - characters 3 to 8 are an administrative region code (see [`is_valid_region_code`]), or
///   `100000` for organizations registered at national level;
/// - characters 9 to 17 form a GB 11714 organization code whose body is not all zeros and
///   whose check character is `11 - (Σ value(cᵢ)·wᵢ mod 11)`, with 10 written as `X` and 11
///   as `0`;
/// - character 18 is the GB 32100 check character of the first 17:
///   `31 - (Σ value(cᵢ)·wᵢ mod 31)`, with 31 written as `0`.
pub fn is_valid_credit_code(code: &CreditCode) -> bool {
	let authority_ok = code.first().is_some_and(|c| REGISTRATION_AUTHORITIES.contains(c));
	let category_ok = code.get(1).is_some_and(|c| (b'1'..=b'9').contains(c));
	let region_ok = code.get(2..8).is_some_and(|region| {
		region == NATIONAL_REGION
			|| region.try_into().is_ok_and(|region: &RegionCode| is_valid_region_code(region))
	});
	let body_ok = code.get(8..16).is_some_and(|body| body.iter().any(|c| *c != b'0'));
	if !(authority_ok && category_ok && region_ok && body_ok) {
		return false;
	}
	let organization_ok = match (code.get(8..16), code.get(16)) {
		(Some(body), Some(check)) => organization_code_check(body) == Some(*check),
		_ => false,
	};
	let credit_ok = match (code.get(..17), code.get(17)) {
		(Some(first), Some(check)) => credit_code_check(first) == Some(*check),
		_ => false,
	};
	organization_ok && credit_ok
}

/// Returns the GB 32100 check character of the first 17 characters of a credit code, or
/// `None` when one of them is outside the alphabet.
fn credit_code_check(first: &[u8]) -> Option<u8> {
	let mut sum: u32 = 0;
	for (character, weight) in first.iter().zip(CREDIT_CODE_WEIGHTS.iter()) {
		sum = sum.saturating_add(credit_code_value(*character)?.saturating_mul(*weight));
	}
	let index = (31u32.saturating_sub(sum % 31)) % 31;
	CREDIT_CODE_ALPHABET.get(index as usize).copied()
}

/// Returns the GB 11714 check character of an eight-character organization-code body, or
/// `None` when a character is not a digit or a capital letter.
fn organization_code_check(body: &[u8]) -> Option<u8> {
	let mut sum: u32 = 0;
	for (character, weight) in body.iter().zip(ORGANIZATION_CODE_WEIGHTS.iter()) {
		let value = match character {
			b'0'..=b'9' => u32::from(character.saturating_sub(b'0')),
			b'A'..=b'Z' => u32::from(character.saturating_sub(b'A')).saturating_add(10),
			_ => return None,
		};
		sum = sum.saturating_add(value.saturating_mul(*weight));
	}
	Some(match 11u32.saturating_sub(sum % 11) {
		10 => b'X',
		11 => b'0',
		digit => b'0'.saturating_add(digit as u8),
	})
}

/// Grade of a hospital under the hospital grading rules (医院分级管理): level 3 to 1, each with
/// grades A to C, plus the special grade of level 3 and hospitals not yet graded.
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
pub enum HospitalGrade {
	/// 三级特等.
	TertiarySpecial,
	/// 三级甲等.
	TertiaryA,
	/// 三级乙等.
	TertiaryB,
	/// 三级丙等.
	TertiaryC,
	/// 二级甲等.
	SecondaryA,
	/// 二级乙等.
	SecondaryB,
	/// 二级丙等.
	SecondaryC,
	/// 一级甲等.
	PrimaryA,
	/// 一级乙等.
	PrimaryB,
	/// 一级丙等.
	PrimaryC,
	/// 未定级: not graded yet.
	Ungraded,
}

/// Whether an entity may act, and since when it may not.
#[derive(
	CloneNoBound, Decode, Encode, EqNoBound, MaxEncodedLen, PartialEqNoBound, DebugNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(ReasonLimit))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub enum EntityStatus<BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug, ReasonLimit: Get<u32>>
{
	/// The entity's accounts may act.
	Active,
	/// The health authority suspended the entity; it may be reinstated.
	Suspended {
		/// Why, as the health authority wrote it (UTF-8).
		reason: BoundedVec<u8, ReasonLimit>,
		/// Block in which the suspension was recorded.
		since: BlockNumber,
	},
	/// The health authority revoked the entity; this is final.
	Revoked {
		/// Block in which the revocation was recorded.
		since: BlockNumber,
	},
}

/// A registered medical institution or evidence storage platform.
#[derive(
	CloneNoBound, Decode, Encode, EqNoBound, MaxEncodedLen, PartialEqNoBound, DebugNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(NameLimit, LicenceLimit, ReasonLimit))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Entity<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	NameLimit: Get<u32>,
	LicenceLimit: Get<u32>,
	ReasonLimit: Get<u32>,
> {
	/// Kind of the entity.
	pub kind: EntityKind,
	/// Registered name (UTF-8), for example 示例市第一人民医院.
	pub name: BoundedVec<u8, NameLimit>,
	/// Unified Social Credit Code; unique among all entities ever registered.
	pub credit_code: CreditCode,
	/// Registration number of the practising licence (医疗机构执业许可证登记号) for
	/// institutions, or of the platform's filing, as issued (UTF-8).
	pub licence: BoundedVec<u8, LicenceLimit>,
	/// GB/T 2260 code of the region the entity is registered in.
	pub region: RegionCode,
	/// Hospital grade; present exactly when `kind` is [`EntityKind::Hospital`].
	pub grade: Option<HospitalGrade>,
	/// Account that receives the entity's subsidies.
	pub payout: AccountId,
	/// Account that manages the entity's gateway and device accounts and its delegations.
	pub admin: AccountId,
	/// Whether the entity may act.
	pub status: EntityStatus<BlockNumber, ReasonLimit>,
	/// Block in which the entity was registered.
	pub registered_at: BlockNumber,
	/// Number of gateway and device accounts (the admin is not counted).
	pub account_count: u32,
	/// Number of platforms this institution has delegated anchoring to.
	pub delegation_count: u32,
}

impl<AccountId, BlockNumber, NameLimit, LicenceLimit, ReasonLimit>
	Entity<AccountId, BlockNumber, NameLimit, LicenceLimit, ReasonLimit>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	NameLimit: Get<u32>,
	LicenceLimit: Get<u32>,
	ReasonLimit: Get<u32>,
{
	/// Returns whether the entity's accounts may act.
	pub fn is_active(&self) -> bool {
		matches!(self.status, EntityStatus::Active)
	}
}

/// Builds a valid credit code of a fictitious public institution in Chaoyang District,
/// Beijing, whose organization code is `MA` followed by `serial` in six digits. Tests and
/// benchmarks of other pallets use it to register entities.
pub fn credit_code_with_serial(serial: u32) -> CreditCode {
	let mut code: CreditCode = *b"12110105MA00000000";
	let mut rest = serial % 1_000_000;
	for position in (10..16).rev() {
		if let Some(slot) = code.get_mut(position) {
			*slot = b'0'.saturating_add((rest % 10) as u8);
		}
		rest /= 10;
	}
	let organization_check = code.get(8..16).and_then(organization_code_check);
	if let (Some(slot), Some(check)) = (code.get_mut(16), organization_check) {
		*slot = check;
	}
	let credit_check = code.get(..17).and_then(credit_code_check);
	if let (Some(slot), Some(check)) = (code.get_mut(17), credit_check) {
		*slot = check;
	}
	code
}
