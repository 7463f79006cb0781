//! W3C Canonical XML 1.0 without comments
//! (<http://www.w3.org/TR/2001/REC-xml-c14n-20010315>) of a whole document.
//!
//! The parser (roxmltree) already normalises line endings and attribute values, expands
//! character and entity references and merges CDATA sections into text. What remains is the
//! serialisation: declarations and the DOCTYPE dropped, comments dropped, empty elements
//! written as start and end tag, namespace declarations written only where they change the
//! scope, namespaces and attributes sorted, and the C14N escaping.

use super::CanonError;
use roxmltree::{Document, Node, NodeType, ParsingOptions};

/// The namespace bound to the `xml` prefix; C14N never writes its declaration.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Decodes `bytes` to text by its byte-order mark or XML declaration. UTF-8, UTF-16 with a
/// byte-order mark and the GB18030 family (GB18030, GBK, GB2312) are accepted.
pub fn decode(bytes: &[u8]) -> Result<String, CanonError> {
	let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
		Some(encoding_rs::UTF_16LE)
	} else if bytes.starts_with(&[0xFE, 0xFF]) {
		Some(encoding_rs::UTF_16BE)
	} else {
		None
	};
	if let Some(encoding) = utf16 {
		let text = encoding
			.decode_without_bom_handling_and_without_replacement(&bytes[2..])
			.map(|text| text.into_owned())
			.ok_or_else(|| CanonError::plain("invalid UTF-16 text"))?;
		let declared = declared_encoding(text.as_bytes()).map(|l| l.to_ascii_lowercase());
		return match declared.as_deref() {
			None | Some("utf-16") => Ok(text),
			Some(label) => Err(contradiction("a UTF-16 byte-order mark", label)),
		};
	}
	let (body, bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
		Some(rest) => (rest, true),
		None => (bytes, false),
	};
	match declared_encoding(body).map(|label| label.to_ascii_lowercase()) {
		None => utf8(body),
		Some(label) if label == "utf-8" => utf8(body),
		Some(label) if bom => Err(contradiction("a UTF-8 byte-order mark", &label)),
		// NOTE: GB2312 and GBK are decoded as GB18030, their superset, because hospital
		// systems often declare GB2312 for text with GBK characters. libxml2 decodes GB2312
		// strictly and rejects such a file, so an expert must declare GB18030 to recompute it.
		Some(label) if ["gb18030", "gbk", "gb2312"].contains(&label.as_str()) => {
			encoding_rs::GB18030
				.decode_without_bom_handling_and_without_replacement(body)
				.map(|text| text.into_owned())
				.ok_or_else(|| CanonError::plain(&format!("invalid {label} text")))
		},
		Some(label) => Err(CanonError::plain(&format!(
			"unsupported encoding \"{label}\"; UTF-8, UTF-16 and GB18030/GBK/GB2312 are supported"
		))),
	}
}

fn contradiction(mark: &str, label: &str) -> CanonError {
	CanonError::plain(&format!("the document starts with {mark} but declares encoding \"{label}\""))
}

fn utf8(bytes: &[u8]) -> Result<String, CanonError> {
	String::from_utf8(bytes.to_vec()).map_err(|e| {
		let text = String::from_utf8_lossy(&bytes[..e.utf8_error().valid_up_to()]).into_owned();
		CanonError::at(&text, text.len(), "invalid UTF-8")
	})
}

/// Returns the `encoding` pseudo-attribute of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
	pseudo_attribute(bytes, "encoding")
}

/// Returns a pseudo-attribute (`version`, `encoding`) of the XML declaration that starts
/// `bytes`, allowing whitespace around `=` as the XML grammar does.
fn pseudo_attribute(bytes: &[u8], name: &str) -> Option<String> {
	let head = bytes.get(..bytes.len().min(1024))?;
	if !head.starts_with(b"<?xml") {
		return None;
	}
	let end = head.windows(2).position(|w| w == b"?>")?;
	let declaration = String::from_utf8_lossy(&head[..end]).into_owned();
	let at = declaration.find(name)?;
	let rest = declaration[at + name.len()..].trim_start().strip_prefix('=')?.trim_start();
	let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
	let rest = &rest[1..];
	Some(rest[..rest.find(quote)?].to_string())
}

/// Returns the canonical form of the XML document `text`.
pub fn canonicalize(text: &str) -> Result<Vec<u8>, CanonError> {
	let document = parse(text)?;
	let mut out = Vec::with_capacity(text.len());
	let mut seen_root = false;
	for child in document.root().children() {
		match child.node_type() {
			NodeType::Element => {
				write_element(child, None, &mut out);
				seen_root = true;
			},
			NodeType::PI => {
				if seen_root {
					out.push(b'\n');
				}
				write_pi(child, &mut out);
				if !seen_root {
					out.push(b'\n');
				}
			},
			// Comments are excluded; whitespace outside the document element is not content.
			_ => {},
		}
	}
	Ok(out)
}

/// Parses `text`. A DOCTYPE is accepted only without an internal subset, and its external
/// DTD is never loaded, so nothing outside the document changes its canonical form.
pub fn parse(text: &str) -> Result<Document<'_>, CanonError> {
	if let Some(at) = internal_subset(text) {
		return Err(CanonError::at(
			text,
			at,
			"internal DTD subsets are not supported: entities and default attributes declared \
			 there would change the canonical form",
		));
	}
	if pseudo_attribute(text.as_bytes(), "version").is_some_and(|version| version != "1.0") {
		return Err(CanonError::at(
			text,
			0,
			"only XML 1.0 is supported; Canonical XML 1.0 covers XML 1.0 documents",
		));
	}
	let options = ParsingOptions { allow_dtd: true, ..ParsingOptions::default() };
	let document = Document::parse_with_options(text, options).map_err(|e| parse_error(text, e))?;
	for node in document.descendants().filter(|n| n.is_element()) {
		for namespace in node.namespaces() {
			if namespace.name().is_some() && namespace.uri().is_empty() {
				return Err(CanonError::at(
					text,
					node.range().start,
					&format!(
						"prefix \"{}\" is bound to an empty namespace name, which XML \
						 Namespaces 1.0 forbids",
						namespace.name().unwrap_or_default()
					),
				));
			}
			if !is_absolute_uri(namespace.uri()) {
				return Err(CanonError::at(
					text,
					node.range().start,
					&format!(
						"namespace name \"{}\" is a relative URI; Canonical XML 1.0 rejects \
						 relative namespace URIs",
						namespace.uri()
					),
				));
			}
		}
	}
	Ok(document)
}

/// Whether `uri` starts with a scheme (`urn:`, `http:`); the empty name undeclares a default
/// namespace and is allowed too.
fn is_absolute_uri(uri: &str) -> bool {
	if uri.is_empty() {
		return true;
	}
	let Some((scheme, _)) = uri.split_once(':') else { return false };
	let mut chars = scheme.chars();
	chars.next().is_some_and(|c| c.is_ascii_alphabetic())
		&& chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Returns the offset of the `[` that opens the internal subset of the prolog's DOCTYPE, if
/// there is one. Comments and processing instructions before the DOCTYPE are skipped, so a
/// DOCTYPE inside a comment or in content does not count.
fn internal_subset(text: &str) -> Option<usize> {
	let bytes = text.as_bytes();
	let mut pos = 0;
	loop {
		while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
			pos += 1;
		}
		let rest = &text[pos..];
		if rest.starts_with("<?") {
			pos += rest.find("?>")? + 2;
		} else if rest.starts_with("<!--") {
			pos += rest.find("-->")? + 3;
		} else if rest.starts_with("<!DOCTYPE") {
			break;
		} else {
			return None;
		}
	}
	pos += "<!DOCTYPE".len();
	while let Some(&b) = bytes.get(pos) {
		match b {
			b'"' | b'\'' => {
				pos += 1 + bytes.get(pos + 1..)?.iter().position(|c| *c == b)?;
			},
			b'[' => return Some(pos),
			b'>' => return None,
			_ => {},
		}
		pos += 1;
	}
	None
}

fn parse_error(text: &str, error: roxmltree::Error) -> CanonError {
	let position = error.pos();
	let message = match error {
		roxmltree::Error::UnknownNamespace(prefix, _) => {
			format!("namespace prefix \"{prefix}\" is not declared")
		},
		other => other.to_string(),
	};
	let _ = text;
	CanonError { line: Some(position.row as usize), column: Some(position.col as usize), message }
}

/// In-scope namespace bindings of an element as (prefix, URI), the default namespace with
/// an empty prefix, sorted by prefix and without the `xml` binding.
fn scope(node: Node) -> Vec<(String, String)> {
	let mut bindings: Vec<(String, String)> = node
		.namespaces()
		.filter(|ns| ns.uri() != XML_NAMESPACE)
		.map(|ns| (ns.name().unwrap_or("").to_string(), ns.uri().to_string()))
		.filter(|(prefix, uri)| !(prefix.is_empty() && uri.is_empty()))
		.collect();
	bindings.sort();
	bindings.dedup_by(|a, b| a.0 == b.0);
	bindings
}

fn qualified_name<'a>(node: Node<'a, '_>) -> &'a str {
	let source = node.document().input_text();
	let start = node.range().start + 1;
	let rest = &source[start..];
	let end =
		rest.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
	&rest[..end]
}

fn write_element(node: Node, parent_scope: Option<&[(String, String)]>, out: &mut Vec<u8>) {
	let name = qualified_name(node);
	let own_scope = scope(node);
	let parent_scope = parent_scope.unwrap_or(&[]);

	out.push(b'<');
	out.extend_from_slice(name.as_bytes());

	let parent_default = parent_scope.iter().find(|(p, _)| p.is_empty()).map(|(_, u)| u.as_str());
	let own_default = own_scope.iter().find(|(p, _)| p.is_empty()).map(|(_, u)| u.as_str());
	if own_default.is_none() && parent_default.is_some() {
		out.extend_from_slice(b" xmlns=\"\"");
	}
	for (prefix, uri) in &own_scope {
		if parent_scope.iter().any(|(p, u)| p == prefix && u == uri) {
			continue;
		}
		out.extend_from_slice(if prefix.is_empty() { b" xmlns" } else { b" xmlns:" });
		out.extend_from_slice(prefix.as_bytes());
		out.extend_from_slice(b"=\"");
		escape_attribute(uri, out);
		out.push(b'"');
	}

	let source = node.document().input_text();
	let mut attributes: Vec<(&str, &str, &str, &str)> = node
		.attributes()
		.map(|a| (a.namespace().unwrap_or(""), a.name(), &source[a.range_qname()], a.value()))
		.collect();
	attributes.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
	for (_, _, qname, value) in attributes {
		out.push(b' ');
		out.extend_from_slice(qname.as_bytes());
		out.extend_from_slice(b"=\"");
		escape_attribute(value, out);
		out.push(b'"');
	}
	out.push(b'>');

	for child in node.children() {
		match child.node_type() {
			NodeType::Element => write_element(child, Some(&own_scope), out),
			NodeType::Text => escape_text(child.text().unwrap_or(""), out),
			NodeType::PI => write_pi(child, out),
			_ => {},
		}
	}

	out.extend_from_slice(b"</");
	out.extend_from_slice(name.as_bytes());
	out.push(b'>');
}

fn write_pi(node: Node, out: &mut Vec<u8>) {
	let Some(pi) = node.pi() else { return };
	out.extend_from_slice(b"<?");
	out.extend_from_slice(pi.target.as_bytes());
	if let Some(value) = pi.value.filter(|v| !v.is_empty()) {
		out.push(b' ');
		out.extend_from_slice(value.as_bytes());
	}
	out.extend_from_slice(b"?>");
}

fn escape_text(text: &str, out: &mut Vec<u8>) {
	for c in text.chars() {
		match c {
			'&' => out.extend_from_slice(b"&amp;"),
			'<' => out.extend_from_slice(b"&lt;"),
			'>' => out.extend_from_slice(b"&gt;"),
			'\r' => out.extend_from_slice(b"&#xD;"),
			c => push_char(c, out),
		}
	}
}

fn escape_attribute(text: &str, out: &mut Vec<u8>) {
	for c in text.chars() {
		match c {
			'&' => out.extend_from_slice(b"&amp;"),
			'<' => out.extend_from_slice(b"&lt;"),
			'"' => out.extend_from_slice(b"&quot;"),
			'\t' => out.extend_from_slice(b"&#x9;"),
			'\n' => out.extend_from_slice(b"&#xA;"),
			'\r' => out.extend_from_slice(b"&#xD;"),
			c => push_char(c, out),
		}
	}
}

fn push_char(c: char, out: &mut Vec<u8>) {
	let mut buffer = [0u8; 4];
	out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
}
