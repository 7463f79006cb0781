//! Court designators (法院代字) and case numbers (案号).
//!
//! A case number has the form `（年度）法院代字类型代字案件编号号`, for example
//! `（2026）京0105民初12345号`: the year the court accepted the case in brackets, the court's
//! designator, the case-type code, the serial number and the character 号. Courts write the
//! brackets as full-width `（）`, ASCII `()` or tortoise-shell `〔〕`. The stored form always
//! uses full-width brackets, so one case cannot be opened twice under two spellings.

use alloc::vec::Vec;

/// Lowest year a case number may carry.
pub const FIRST_YEAR: u32 = 2000;
/// Highest year a case number may carry.
pub const LAST_YEAR: u32 = 2099;

/// The reason a case number was rejected.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum CaseNumberError {
	/// It does not have the shape of a case number.
	Malformed,
	/// It is well formed but carries another court's designator.
	OtherCourt,
}

/// Returns whether `c` is a CJK unified ideograph of the basic block.
fn is_ideograph(c: char) -> bool {
	('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Checks a court designator: one to six Chinese characters followed by up to six digits,
/// such as `京`, `京01`, `京0105` or `最高法`.
pub fn is_valid_designator(designator: &[u8]) -> bool {
	let Ok(text) = core::str::from_utf8(designator) else { return false };
	let (ideographs, _, digits) = split_while(text, is_ideograph);
	(1..=6).contains(&ideographs) && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Checks `number` as a case number of the court with `designator` and returns its stored form.
pub fn canonical_case_number(number: &[u8], designator: &[u8]) -> Result<Vec<u8>, CaseNumberError> {
	use CaseNumberError::*;
	let text = core::str::from_utf8(number).map_err(|_| Malformed)?;
	let designator = core::str::from_utf8(designator).map_err(|_| Malformed)?;

	let (year_digits, after_year) = split_year(text)?;
	let year: u32 = year_digits.parse().map_err(|_| Malformed)?;
	if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
		return Err(Malformed);
	}
	if !is_well_formed(after_year) {
		return Err(Malformed);
	}
	let ours = after_year.strip_prefix(designator).is_some_and(is_type_and_serial);
	if !ours {
		return Err(OtherCourt);
	}
	with_stored_brackets(number).ok_or(Malformed)
}

/// Returns `number` with full-width brackets around its year, when it opens with a bracketed
/// four-digit year; the rest is left as it is.
pub fn with_stored_brackets(number: &[u8]) -> Option<Vec<u8>> {
	let text = core::str::from_utf8(number).ok()?;
	let (year, rest) = split_year(text).ok()?;
	let mut stored = Vec::with_capacity(number.len().saturating_add(4));
	stored.extend_from_slice("（".as_bytes());
	stored.extend_from_slice(year.as_bytes());
	stored.extend_from_slice("）".as_bytes());
	stored.extend_from_slice(rest.as_bytes());
	Some(stored)
}

/// Splits a case number into its year's digits and the part after the closing bracket.
fn split_year(text: &str) -> Result<(&str, &str), CaseNumberError> {
	let mut chars = text.chars();
	let close = match chars.next() {
		Some('（') => '）',
		Some('(') => ')',
		Some('〔') => '〕',
		_ => return Err(CaseNumberError::Malformed),
	};
	let rest = chars.as_str();
	let year = rest.get(..4).ok_or(CaseNumberError::Malformed)?;
	if !year.bytes().all(|b| b.is_ascii_digit()) {
		return Err(CaseNumberError::Malformed);
	}
	let mut chars = rest.get(4..).ok_or(CaseNumberError::Malformed)?.chars();
	if chars.next() != Some(close) {
		return Err(CaseNumberError::Malformed);
	}
	Ok((year, chars.as_str()))
}

/// Splits `text` after its longest prefix of characters that satisfy `accept`, and returns the
/// prefix's length in characters with both parts.
fn split_while(text: &str, accept: impl Fn(char) -> bool) -> (usize, &str, &str) {
	let end = text.char_indices().find(|(_, c)| !accept(*c)).map_or(text.len(), |(i, _)| i);
	let (head, tail) = text.split_at_checked(end).unwrap_or((text, ""));
	(head.chars().count(), head, tail)
}

/// Checks a serial number: one to eight digits without a leading zero.
fn is_serial(digits: &str) -> bool {
	(1..=8).contains(&digits.len())
		&& digits.bytes().all(|b| b.is_ascii_digit())
		&& !digits.starts_with('0')
}

/// Checks the part after a designator: a case-type code of one to four Chinese characters,
/// the serial number and 号.
fn is_type_and_serial(tail: &str) -> bool {
	let (type_length, _, rest) = split_while(tail, is_ideograph);
	let (_, serial, rest) = split_while(rest, |c| c.is_ascii_digit());
	(1..=4).contains(&type_length) && is_serial(serial) && rest == "号"
}

/// Checks the part after the year for the shape of some court's case number.
fn is_well_formed(after_year: &str) -> bool {
	let (ideographs, _, rest) = split_while(after_year, is_ideograph);
	let (_, digits, rest) = split_while(rest, |c| c.is_ascii_digit());
	if rest == "号" {
		// A designator without digits: the ideographs hold the designator and the type code.
		(2..=10).contains(&ideographs) && is_serial(digits)
	} else {
		(1..=6).contains(&ideographs) && (1..=6).contains(&digits.len()) && is_type_and_serial(rest)
	}
}
