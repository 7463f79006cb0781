use crate::{is_valid_credit_code, is_valid_region_code, is_valid_text};

/// Codes published with their organizations: the example of GB 32100-2015 itself and the
/// codes printed on the business licences of large listed companies.
const PUBLISHED: [&[u8; 18]; 6] = [
	b"91350100M000100Y43",
	b"9144030071526726XG",
	b"91330100716105852F",
	b"914403001922038216",
	b"91110000802100433B",
	b"91310000607216596U",
];

#[test]
fn credit_code_accepts_published_examples() {
	for code in PUBLISHED {
		assert!(is_valid_credit_code(code), "{}", String::from_utf8_lossy(code));
	}
}

#[test]
fn credit_code_rejects_changed_check_character() {
	for code in PUBLISHED {
		let mut changed = *code;
		changed[17] = if changed[17] == b'0' { b'1' } else { b'0' };
		assert!(!is_valid_credit_code(&changed), "{}", String::from_utf8_lossy(&changed));
	}
}

#[test]
fn credit_code_rejects_each_single_digit_change() {
	let code = *PUBLISHED[0];
	for position in 0..17 {
		let mut changed = code;
		changed[position] = if code[position] == b'1' { b'2' } else { b'1' };
		assert!(!is_valid_credit_code(&changed), "position {position}");
	}
}

#[test]
fn credit_code_rejects_forbidden_letters_and_lowercase() {
	for forbidden in [b'I', b'O', b'S', b'V', b'Z', b'a', b' ', b'-'] {
		let mut changed = *PUBLISHED[1];
		changed[10] = forbidden;
		assert!(!is_valid_credit_code(&changed), "character {}", forbidden as char);
	}
}

#[test]
fn credit_code_rejects_bad_organization_code() {
	// Character 17 (the organization-code check) is changed and character 18 recomputed,
	// so only the GB 11714 check fails.
	assert!(!is_valid_credit_code(b"12110105MA0000016P"));
	assert!(!is_valid_credit_code(b"91350100M000100Y56"));
}

#[test]
fn credit_code_rejects_published_orderings_with_swapped_halves() {
	let code = PUBLISHED[2];
	let mut swapped = [0u8; 18];
	swapped[..9].copy_from_slice(&code[9..]);
	swapped[9..].copy_from_slice(&code[..9]);
	assert!(!is_valid_credit_code(&swapped));
}

#[test]
fn credit_code_with_serial_is_valid_and_distinct() {
	let codes: Vec<_> = (0..200).map(crate::types::credit_code_with_serial).collect();
	for code in &codes {
		assert!(is_valid_credit_code(code), "{}", String::from_utf8_lossy(code));
	}
	let mut unique = codes.clone();
	unique.sort();
	unique.dedup();
	assert_eq!(unique.len(), codes.len());
	assert_eq!(&crate::types::credit_code_with_serial(1), b"12110105MA0000015L");
}

#[test]
fn region_code_accepts_divisions() {
	for code in [b"110000", b"110105", b"440305", b"650100", b"820000", b"710000"] {
		assert!(is_valid_region_code(code), "{}", String::from_utf8_lossy(code));
	}
}

#[test]
fn region_code_rejects_bad_shapes() {
	for code in [b"000000", b"990000", b"19A105", b"110001", b"11010 ", b"160100"] {
		assert!(!is_valid_region_code(code), "{}", String::from_utf8_lossy(code));
	}
}

#[test]
fn text_rejects_empty_control_and_invalid_utf8() {
	assert!(is_valid_text("北京协和医院".as_bytes()));
	assert!(!is_valid_text(b""));
	assert!(!is_valid_text(b"   "));
	assert!(!is_valid_text(b"line\nbreak"));
	assert!(!is_valid_text(&[0xe5, 0x8c]));
}

#[test]
fn credit_code_rejects_codes_whose_checks_pass_by_accident() {
	// Both check characters of an all-zero code work out to `0`.
	assert!(!is_valid_credit_code(b"000000000000000000"));
}

#[test]
fn credit_code_rejects_bad_authority_category_region_or_body() {
	// Each code below carries correct check characters for its first 17 characters, so only
	// the named part fails.
	for (code, part) in [
		(b"02110105MA0000015M", "authority 0"),
		(b"10110105MA0000015T", "category 0"),
		(b"12990000MA0000015X", "region 990000"),
		(b"121101050000000001", "organization body of zeros"),
	] {
		assert!(!is_valid_credit_code(code), "{part}");
	}
}

#[test]
fn credit_code_accepts_national_region() {
	assert!(is_valid_credit_code(b"12100000400000077R"));
}

#[test]
fn text_rejects_invisible_formatting_characters() {
	for text in [
		"\u{200B}",
		"a\u{200B}b",
		"\u{202E}evil\u{202C} clinic",
		"\u{FEFF}医院",
		"x\u{2066}y",
		"\u{3164}",
		"\u{2800}",
		"\u{FE0F}",
		"\u{115F}\u{1160}",
		"\u{034F}",
		"医院\u{2028}分院",
	] {
		assert!(!is_valid_text(text.as_bytes()), "{text:?}");
	}
	assert!(is_valid_text("示例市第一人民医院 (东院)".as_bytes()));
}
