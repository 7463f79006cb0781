//! Canonical forms of medical records, so that a record hashes the same however it was
//! re-serialised and differently as soon as its content changes.
//!
//! JSON documents (FHIR, openEHR) get canonical JSON, XML documents (HL7 CDA, FHIR XML)
//! W3C Canonical XML 1.0 without comments, NDJSON one canonical JSON record per line, and
//! everything else (DICOM, PDF, images) is hashed as its raw bytes. `docs/canonical-hashing.md`
//! specifies each form so that it can be recomputed with other tools.

pub mod json;
pub mod xml;

use std::{fmt, path::Path};

/// Canonical form of a file's content.
#[derive(Clone, Copy, Debug, Eq, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
	Json,
	Ndjson,
	Xml,
	/// DICOM, hashed as its raw bytes.
	Dicom,
	Raw,
}

impl Format {
	/// The format's name as the command line and receipts write it.
	pub fn name(self) -> &'static str {
		match self {
			Format::Json => "json",
			Format::Ndjson => "ndjson",
			Format::Xml => "xml",
			Format::Dicom => "dicom",
			Format::Raw => "raw",
		}
	}

	/// Parses a `--format` value.
	pub fn from_name(name: &str) -> Option<Format> {
		match name {
			"json" => Some(Format::Json),
			"ndjson" | "jsonl" => Some(Format::Ndjson),
			"xml" => Some(Format::Xml),
			"dicom" => Some(Format::Dicom),
			"raw" => Some(Format::Raw),
			_ => None,
		}
	}
}

/// A file that its format's rules reject, with the position of the fault where known.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct CanonError {
	/// 1-based line.
	pub line: Option<usize>,
	/// 1-based column, in characters.
	pub column: Option<usize>,
	pub message: String,
}

impl CanonError {
	/// An error at byte offset `pos` of `text`.
	pub fn at(text: &str, pos: usize, message: &str) -> CanonError {
		let mut pos = pos.min(text.len());
		while !text.is_char_boundary(pos) {
			pos -= 1;
		}
		let before = &text[..pos];
		let line = before.matches('\n').count() + 1;
		let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
		CanonError { line: Some(line), column: Some(column), message: message.to_string() }
	}

	/// An error without a position.
	pub fn plain(message: &str) -> CanonError {
		CanonError { line: None, column: None, message: message.to_string() }
	}

	fn on_line(mut self, line: usize) -> CanonError {
		self.line = Some(line);
		self
	}
}

impl fmt::Display for CanonError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match (self.line, self.column) {
			(Some(line), Some(column)) => {
				write!(f, "line {line}, column {column}: {}", self.message)
			},
			(Some(line), None) => write!(f, "line {line}: {}", self.message),
			_ => write!(f, "{}", self.message),
		}
	}
}

impl std::error::Error for CanonError {}

/// The parsed content a record's kind and identifiers are read from.
#[derive(Clone, Debug)]
pub enum Parsed {
	Json(json::Value),
	/// The decoded XML text; parse it again with [`xml::parse`] to inspect it.
	Xml(String),
	Raw,
}

/// One record of a file: the whole file, or one line of an NDJSON file.
#[derive(Clone, Debug)]
pub struct Canonical {
	/// 1-based line of an NDJSON record; `None` for a whole file.
	pub line: Option<usize>,
	/// The canonical bytes that are hashed.
	pub bytes: Vec<u8>,
	pub parsed: Parsed,
}

/// Returns the format of a file from its name, or else from its first bytes.
pub fn detect(path: &Path, content: &[u8]) -> Format {
	let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
	match extension.as_deref() {
		Some("json") => return Format::Json,
		Some("ndjson" | "jsonl") => return Format::Ndjson,
		Some("xml" | "cda") => return Format::Xml,
		Some("dcm") => return Format::Dicom,
		_ => {},
	}
	if content.get(128..132) == Some(b"DICM") {
		return Format::Dicom;
	}
	let body = content.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(content);
	match body.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
		Some(b'{' | b'[') => Format::Json,
		Some(b'<') => Format::Xml,
		_ => Format::Raw,
	}
}

/// Returns the canonical records of `content` in `format`.
pub fn canonicalize(format: Format, content: &[u8]) -> Result<Vec<Canonical>, CanonError> {
	match format {
		Format::Json => {
			let text = json_text(content)?;
			let value = json::parse(text)?;
			let mut bytes = Vec::with_capacity(content.len());
			json::write_canonical(&value, &mut bytes);
			Ok(vec![Canonical { line: None, bytes, parsed: Parsed::Json(value) }])
		},
		Format::Ndjson => ndjson(content),
		Format::Xml => {
			let text = xml::decode(content)?;
			let bytes = xml::canonicalize(&text)?;
			Ok(vec![Canonical { line: None, bytes, parsed: Parsed::Xml(text) }])
		},
		Format::Dicom | Format::Raw => {
			Ok(vec![Canonical { line: None, bytes: content.to_vec(), parsed: Parsed::Raw }])
		},
	}
}

fn json_text(content: &[u8]) -> Result<&str, CanonError> {
	let body = content.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(content);
	std::str::from_utf8(body).map_err(|e| {
		let valid = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default();
		CanonError::at(valid, valid.len(), "invalid UTF-8")
	})
}

fn ndjson(content: &[u8]) -> Result<Vec<Canonical>, CanonError> {
	let text = json_text(content)?;
	let mut records = Vec::new();
	for (index, line) in text.split('\n').enumerate() {
		let number = index + 1;
		let line = line.strip_suffix('\r').unwrap_or(line);
		if line.trim_matches([' ', '\t', '\r']).is_empty() {
			continue;
		}
		let value = json::parse(line).map_err(|e| e.on_line(number))?;
		let mut bytes = Vec::with_capacity(line.len());
		json::write_canonical(&value, &mut bytes);
		records.push(Canonical { line: Some(number), bytes, parsed: Parsed::Json(value) });
	}
	if records.is_empty() {
		return Err(CanonError::plain("no record: the NDJSON file has no non-empty line"));
	}
	Ok(records)
}

#[cfg(test)]
mod tests;
