use super::{canonicalize, detect, Format};
use std::path::Path;

fn json(text: &str) -> String {
	let records = canonicalize(Format::Json, text.as_bytes()).expect("valid JSON");
	String::from_utf8(records[0].bytes.clone()).unwrap()
}

fn json_error(text: &str) -> String {
	canonicalize(Format::Json, text.as_bytes()).expect_err("invalid JSON").to_string()
}

fn xml(bytes: &[u8]) -> String {
	let records = canonicalize(Format::Xml, bytes).expect("valid XML");
	String::from_utf8(records[0].bytes.clone()).unwrap()
}

fn xml_error(text: &str) -> String {
	canonicalize(Format::Xml, text.as_bytes()).expect_err("invalid XML").to_string()
}

#[test]
fn json_sorts_keys_and_drops_whitespace() {
	assert_eq!(
		json("{ \"b\" : [1, 2 ],\n\t\"a\": {\"d\": null, \"c\": true} }"),
		r#"{"a":{"c":true,"d":null},"b":[1,2]}"#
	);
}

#[test]
fn json_reserialisations_hash_alike() {
	let original = "{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":6.0,\"unit\":\"10*9/L\"},\"note\":\"体温 37.2 °C\"}";
	let variants = [
		// Keys reordered and re-indented.
		"{\n  \"valueQuantity\": {\n    \"unit\": \"10*9/L\",\n    \"value\": 6.0\n  },\n  \"note\": \"体温 37.2 °C\",\n  \"resourceType\": \"Observation\"\n}\n",
		// Non-ASCII written as escapes, and an escaped solidus.
		"{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":6.0,\"unit\":\"10*9\\/L\"},\"note\":\"\\u4f53\\u6e29 37.2 \\u00b0C\"}",
		// Byte-order mark and CRLF line endings.
		"\u{feff}{\r\n\"note\": \"体温 37.2 °C\",\r\n\"resourceType\": \"Observation\",\r\n\"valueQuantity\": {\"unit\": \"10*9/L\", \"value\": 6.0}\r\n}\r\n",
	];
	let expected = json(original);
	for variant in variants {
		assert_eq!(json(variant), expected, "variant {variant:?}");
	}
}

#[test]
fn json_keeps_numbers_as_written() {
	assert_eq!(json("[6.0, 6, 0.001530, 1E5, -0, 1.5e-3]"), "[6.0,6,0.001530,1E5,-0,1.5e-3]");
	assert_ne!(json(r#"{"value":6.0}"#), json(r#"{"value":6}"#));
}

#[test]
fn json_does_not_normalise_unicode() {
	// U+00B2 (superscript two) is rewritten to "2" by NFKC, and "é" has a decomposed form.
	assert_ne!(json(r#"{"unit":"m²"}"#), json(r#"{"unit":"m2"}"#));
	assert_ne!(json("{\"name\":\"Bénédicte\"}"), json("{\"name\":\"Be\u{301}ne\u{301}dicte\"}"));
	// A zero-width space survives.
	assert_eq!(json("[\"a\\u200bb\"]"), "[\"a\u{200b}b\"]");
}

#[test]
fn json_escapes_minimally() {
	assert_eq!(
		json(r#"["\"\\\/\b\f\n\r\t\u0007\u001f\u007f\u2028"]"#),
		"[\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0007\\u001f\u{7f}\u{2028}\"]"
	);
	assert_eq!(json(r#"["\ud83d\ude00"]"#), "[\"😀\"]");
}

#[test]
fn json_sorts_keys_by_code_point() {
	assert_eq!(json(r#"{"b":1,"B":2,"é":3,"a":4,"_a":5}"#), r#"{"B":2,"_a":5,"a":4,"b":1,"é":3}"#);
}

#[test]
fn json_rejects_invalid_input_with_position() {
	let cases = [
		("{\"a\":1,}", "line 1, column 8"),
		("{\"a\":1,\n\"a\":2}", "duplicate member name \"a\""),
		("[NaN]", "expected a value"),
		("[01]", "leading zero"),
		("[1.]", "digit after '.'"),
		("[\"\\ud800\"]", "unpaired surrogate"),
		("[\"\\udc00\\ud800\"]", "unpaired surrogate"),
		("[\"a\tb\"]", "control character"),
		("[\"\\x\"]", "invalid escape"),
		("{\"a\":1} {}", "after the JSON value"),
		("// comment\n{}", "expected a value"),
		("", "unexpected end of input"),
		("[1,\n2,\n", "line 3"),
	];
	for (text, expected) in cases {
		let error = json_error(text);
		assert!(error.contains(expected), "{text:?}: {error}");
	}
	assert!(canonicalize(Format::Json, b"[\"\xff\"]").unwrap_err().message.contains("UTF-8"));
}

#[test]
fn json_rejects_excessive_nesting() {
	let deep = format!("{}{}", "[".repeat(600), "]".repeat(600));
	assert!(json_error(&deep).contains("nesting"));
	let fine = format!("{}{}", "[".repeat(500), "]".repeat(500));
	assert_eq!(json(&fine).len(), 1000);
}

#[test]
fn ndjson_hashes_each_line() {
	let text = "\u{feff}{\"b\":1, \"a\":2}\r\n\n   \n[3]\n";
	let records = canonicalize(Format::Ndjson, text.as_bytes()).unwrap();
	assert_eq!(records.len(), 2);
	assert_eq!(records[0].line, Some(1));
	assert_eq!(records[0].bytes, br#"{"a":2,"b":1}"#);
	assert_eq!(records[1].line, Some(4));
	assert_eq!(records[1].bytes, b"[3]");
}

#[test]
fn ndjson_errors_name_the_line() {
	let error = canonicalize(Format::Ndjson, b"{}\n{\"a\":}\n").unwrap_err();
	assert_eq!(error.line, Some(2));
	assert!(error.to_string().starts_with("line 2, column 6"), "{error}");
	let empty = canonicalize(Format::Ndjson, b"\n \n").unwrap_err();
	assert!(empty.message.contains("no record"));
}

#[test]
fn xml_matches_canonical_xml() {
	let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet href='cda.xsl'?>\n<!-- header -->\n<doc xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" b='2' a=\"1\">\n  <e/>\n  <t><![CDATA[x < y & z]]> &#39;q&#39; &gt;</t>\n  <v xsi:type=\"PQ\" value=\"6.0\" attr=\"tab&#9;nl&#10;\"/>\n</doc>\n<!-- trailer -->\n";
	assert_eq!(
		xml(document.as_bytes()),
		"<?xml-stylesheet href='cda.xsl'?>\n<doc xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" a=\"1\" b=\"2\">\n  <e></e>\n  <t>x &lt; y &amp; z 'q' &gt;</t>\n  <v attr=\"tab&#x9;nl&#xA;\" value=\"6.0\" xsi:type=\"PQ\"></v>\n</doc>"
	);
}

#[test]
fn xml_reserialisations_hash_alike() {
	let original = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:sdtc=\"urn:hl7-org:sdtc\"><title>手术记录</title><value unit=\"kg/m²\" value=\"6.0\"/><content>体温</content></ClinicalDocument>";
	let variants: Vec<Vec<u8>> = vec![
		// Declaration, byte-order mark, CRLF inside the prolog.
		format!("\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n{original}\r\n").into_bytes(),
		// Attribute order and quotes, an explicit end tag, a comment.
		"<ClinicalDocument xmlns:sdtc='urn:hl7-org:sdtc' xmlns='urn:hl7-org:v3'><title>手术记录</title><!-- note --><value value='6.0' unit='kg/m²'></value><content>体温</content></ClinicalDocument>".as_bytes().to_vec(),
		// Redundant namespace declarations and character references.
		"<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:sdtc=\"urn:hl7-org:sdtc\"><title xmlns=\"urn:hl7-org:v3\">&#25163;&#26415;记录</title><value xmlns:sdtc=\"urn:hl7-org:sdtc\" unit=\"kg/m&#178;\" value=\"6.0\"/><content xmlns=\"urn:hl7-org:v3\">体温</content></ClinicalDocument>".as_bytes().to_vec(),
		// The same text in GB18030, as many Chinese hospital systems write it.
		{
			let text = format!("<?xml version=\"1.0\" encoding=\"GB18030\"?>{original}");
			encoding_rs::GB18030.encode(&text).0.into_owned()
		},
		// UTF-16 with a byte-order mark.
		{
			let mut bytes = vec![0xFF, 0xFE];
			for unit in original.encode_utf16() {
				bytes.extend_from_slice(&unit.to_le_bytes());
			}
			bytes
		},
	];
	let expected = xml(original.as_bytes());
	for variant in variants {
		assert_eq!(xml(&variant), expected, "variant {:?}", String::from_utf8_lossy(&variant));
	}
}

#[test]
fn xml_changes_change_the_form() {
	let base = xml(b"<a v=\"6.0\">m\xc2\xb2</a>");
	assert_ne!(xml(b"<a v=\"6\">m\xc2\xb2</a>"), base);
	assert_ne!(xml(b"<a v=\"6.0\">m2</a>"), base);
	assert_ne!(xml(b"<a v=\"6.0\"> m\xc2\xb2</a>"), base);
}

#[test]
fn xml_drops_a_doctype_without_internal_subset() {
	assert_eq!(xml(b"<!DOCTYPE a SYSTEM \"x.dtd\"><a/>"), "<a></a>");
	assert_eq!(xml(b"<!DOCTYPE a PUBLIC \"-//X//[y]//EN\" 'a>b.dtd'><a/>"), "<a></a>");
	assert_eq!(xml(b"<!DOCTYPE a><a/>"), "<a></a>");
	// The text of an element may mention a DOCTYPE with a bracket.
	assert_eq!(xml(b"<r><![CDATA[<!DOCTYPE x [ ]]></r>"), "<r>&lt;!DOCTYPE x [ </r>");
}

#[test]
fn xml_undeclares_default_namespace() {
	assert_eq!(
		xml(b"<a xmlns=\"urn:x\"><b xmlns=\"\"><c/></b></a>"),
		"<a xmlns=\"urn:x\"><b xmlns=\"\"><c></c></b></a>"
	);
	assert_eq!(xml(b"<a><b xmlns=\"\"/></a>"), "<a><b></b></a>");
}

#[test]
fn xml_rejects_what_c14n_cannot_define() {
	assert!(xml_error("<a><b xsi:type=\"x\"/></a>").contains("\"xsi\" is not declared"));
	assert!(xml_error("<a><b xsi:type=\"x\"/></a>").starts_with("line 1"));
	assert!(xml_error("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>").contains("internal DTD"));
	assert!(xml_error("<!DOCTYPE a []><a/>").contains("internal DTD"));
	assert!(xml_error("<a><b></a>").starts_with("line 1"));
	assert!(xml_error("<?xml version=\"1.0\" encoding=\"ISO-8859-5\"?><a/>")
		.contains("unsupported encoding"));
	assert!(canonicalize(Format::Xml, b"<a>\xff</a>").unwrap_err().message.contains("UTF-8"));
	assert!(xml_error("<a xmlns=\"v3\"/>").contains("relative URI"));
	assert!(xml_error("<?xml version=\"1.1\"?><a/>").contains("XML 1.0"));
	assert!(xml_error("<?xml version = '1.1' ?><a/>").contains("XML 1.0"));
	assert!(xml_error("<a xmlns:p=\"\"/>").contains("empty namespace name"));
	// A DOCTYPE hidden behind a comment is still the prolog's DOCTYPE.
	assert!(xml_error("<!-- <!DOCTYPE a> --><!DOCTYPE r [<!ENTITY e \"6.0\">]><r>&e;</r>")
		.contains("internal DTD"));
	assert!(xml_error("<a>&nbsp;</a>").starts_with("line 1"));
	let contradiction =
		canonicalize(Format::Xml, b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"GBK\"?><a/>");
	assert!(contradiction.unwrap_err().message.contains("byte-order mark"));
}

#[test]
fn raw_and_dicom_keep_bytes() {
	let bytes = b"\x00\x01binary\xff".to_vec();
	assert_eq!(canonicalize(Format::Raw, &bytes).unwrap()[0].bytes, bytes);
	assert_eq!(canonicalize(Format::Dicom, &bytes).unwrap()[0].bytes, bytes);
}

#[test]
fn detect_uses_extension_then_content() {
	assert_eq!(detect(Path::new("a.JSON"), b"<x/>"), Format::Json);
	assert_eq!(detect(Path::new("a.ndjson"), b"{}"), Format::Ndjson);
	assert_eq!(detect(Path::new("a.jsonl"), b"{}"), Format::Ndjson);
	assert_eq!(detect(Path::new("a.cda"), b""), Format::Xml);
	assert_eq!(detect(Path::new("a.dcm"), b""), Format::Dicom);
	let mut dicom = vec![0u8; 128];
	dicom.extend_from_slice(b"DICM");
	assert_eq!(detect(Path::new("image"), &dicom), Format::Dicom);
	assert_eq!(detect(Path::new("note.txt"), b"\xef\xbb\xbf \r\n{\"a\":1}"), Format::Json);
	assert_eq!(detect(Path::new("note"), b"  <a/>"), Format::Xml);
	assert_eq!(detect(Path::new("report.pdf"), b"%PDF-1.7"), Format::Raw);
	assert_eq!(detect(Path::new("empty"), b""), Format::Raw);
}
