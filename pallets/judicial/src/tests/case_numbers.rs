use crate::case_number::{
	canonical_case_number, is_valid_designator, with_stored_brackets, CaseNumberError,
};

fn check(number: &str, designator: &str) -> Result<String, CaseNumberError> {
	canonical_case_number(number.as_bytes(), designator.as_bytes())
		.map(|stored| String::from_utf8(stored).unwrap())
}

#[test]
fn designators_are_ideographs_then_digits() {
	for good in ["京", "京01", "京0105", "最高法", "沪74", "新2301"] {
		assert!(is_valid_designator(good.as_bytes()), "{good}");
	}
	for bad in ["", "0105", "京-01", "京01a", "JING01", "京0105京", "京1234567", "京 01"] {
		assert!(!is_valid_designator(bad.as_bytes()), "{bad}");
	}
	assert!(!is_valid_designator(&[0xff, 0xfe]));
}

#[test]
fn accepted_brackets_store_full_width() {
	let stored = "（2026）京0105民初12345号";
	assert_eq!(check("（2026）京0105民初12345号", "京0105"), Ok(stored.into()));
	assert_eq!(check("(2026)京0105民初12345号", "京0105"), Ok(stored.into()));
	assert_eq!(check("〔2026〕京0105民初12345号", "京0105"), Ok(stored.into()));
	assert_eq!(check("（2025）最高法民申1号", "最高法"), Ok("（2025）最高法民申1号".into()));
	assert_eq!(check("（2026）京01民终7号", "京01"), Ok("（2026）京01民终7号".into()));
	assert_eq!(
		with_stored_brackets("(2026)京0105民初1号".as_bytes()).unwrap(),
		"（2026）京0105民初1号".as_bytes()
	);
}

#[test]
fn malformed_numbers_are_refused() {
	for bad in [
		"",
		"2026京0105民初12345号",
		"（2026京0105民初12345号",
		"（2026)京0105民初12345号",
		"（26）京0105民初12345号",
		"（1999）京0105民初12345号",
		"（2100）京0105民初12345号",
		"（2026）京0105民初012345号",
		"（2026）京0105民初号",
		"（2026）京0105民初12345",
		"（2026）京0105民初12345号之一",
		"（2026）京0105民初123456789号",
		"（2026）京0105民初一二三四五六号",
		"（2026）京0105 民初12345号",
		"（2026）京0105民初12345号 ",
		"（2026）京0105123号",
	] {
		assert_eq!(check(bad, "京0105"), Err(CaseNumberError::Malformed), "{bad}");
	}
	assert_eq!(
		canonical_case_number(&[0x28, 0xff, 0xfe], "京0105".as_bytes()),
		Err(CaseNumberError::Malformed)
	);
}

#[test]
fn other_courts_numbers_are_told_apart() {
	// Well formed, but another court's designator, or a prefix or extension of this one.
	for number in [
		"（2026）沪0115民初12345号",
		"（2026）京01民终12345号",
		"（2026）京010501民初12345号",
		"（2026）最高法民申1号",
	] {
		assert_eq!(check(number, "京0105"), Err(CaseNumberError::OtherCourt), "{number}");
	}
	assert_eq!(check("（2026）京0105民初1号", "京01"), Err(CaseNumberError::OtherCourt));
}
