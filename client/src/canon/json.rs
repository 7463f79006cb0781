//! Canonical JSON: keys sorted, insignificant whitespace removed, numbers kept exactly as
//! written and strings re-escaped minimally. `docs/canonical-hashing.md` gives the rules.

use super::CanonError;

/// A parsed JSON value that keeps each number's literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
	Null,
	Bool(bool),
	/// The number's characters exactly as written.
	Number(String),
	String(String),
	Array(Vec<Value>),
	/// Members in document order; names are unique.
	Object(Vec<(String, Value)>),
}

impl Value {
	/// Returns the member `name` of an object.
	pub fn get(&self, name: &str) -> Option<&Value> {
		match self {
			Value::Object(members) => members.iter().find(|(key, _)| key == name).map(|(_, v)| v),
			_ => None,
		}
	}

	/// Returns the string, if this is one.
	pub fn as_str(&self) -> Option<&str> {
		match self {
			Value::String(text) => Some(text),
			_ => None,
		}
	}

	/// Returns the elements, if this is an array.
	pub fn as_array(&self) -> Option<&[Value]> {
		match self {
			Value::Array(items) => Some(items),
			_ => None,
		}
	}

	/// Follows a path of member names.
	pub fn path(&self, names: &[&str]) -> Option<&Value> {
		names.iter().try_fold(self, |value, name| value.get(name))
	}

	/// Follows a path of member names to a string.
	pub fn str_at(&self, names: &[&str]) -> Option<&str> {
		self.path(names).and_then(Value::as_str)
	}
}

/// Parses `text` (UTF-8, without a byte-order mark) as one JSON value.
pub fn parse(text: &str) -> Result<Value, CanonError> {
	let mut parser = Parser { text, bytes: text.as_bytes(), pos: 0, depth: 0 };
	parser.skip_whitespace();
	let value = parser.value()?;
	parser.skip_whitespace();
	if parser.pos != parser.bytes.len() {
		return Err(parser.error("unexpected content after the JSON value"));
	}
	Ok(value)
}

/// Writes the canonical form of `value`.
pub fn write_canonical(value: &Value, out: &mut Vec<u8>) {
	match value {
		Value::Null => out.extend_from_slice(b"null"),
		Value::Bool(true) => out.extend_from_slice(b"true"),
		Value::Bool(false) => out.extend_from_slice(b"false"),
		Value::Number(literal) => out.extend_from_slice(literal.as_bytes()),
		Value::String(text) => write_string(text, out),
		Value::Array(items) => {
			out.push(b'[');
			for (i, item) in items.iter().enumerate() {
				if i > 0 {
					out.push(b',');
				}
				write_canonical(item, out);
			}
			out.push(b']');
		},
		Value::Object(members) => {
			// `str` orders by bytes, which for UTF-8 is the order of code points.
			let mut sorted: Vec<&(String, Value)> = members.iter().collect();
			sorted.sort_by(|a, b| a.0.cmp(&b.0));
			out.push(b'{');
			for (i, (name, item)) in sorted.into_iter().enumerate() {
				if i > 0 {
					out.push(b',');
				}
				write_string(name, out);
				out.push(b':');
				write_canonical(item, out);
			}
			out.push(b'}');
		},
	}
}

fn write_string(text: &str, out: &mut Vec<u8>) {
	out.push(b'"');
	for c in text.chars() {
		match c {
			'"' => out.extend_from_slice(b"\\\""),
			'\\' => out.extend_from_slice(b"\\\\"),
			'\u{8}' => out.extend_from_slice(b"\\b"),
			'\t' => out.extend_from_slice(b"\\t"),
			'\n' => out.extend_from_slice(b"\\n"),
			'\u{c}' => out.extend_from_slice(b"\\f"),
			'\r' => out.extend_from_slice(b"\\r"),
			c if (c as u32) < 0x20 => {
				out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes());
			},
			c => {
				let mut buffer = [0u8; 4];
				out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
			},
		}
	}
	out.push(b'"');
}

/// Nesting deeper than this is rejected instead of exhausting the stack.
const MAX_DEPTH: usize = 512;

struct Parser<'a> {
	text: &'a str,
	bytes: &'a [u8],
	pos: usize,
	depth: usize,
}

impl Parser<'_> {
	fn error(&self, message: &str) -> CanonError {
		CanonError::at(self.text, self.pos, message)
	}

	fn skip_whitespace(&mut self) {
		while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
			self.pos += 1;
		}
	}

	fn value(&mut self) -> Result<Value, CanonError> {
		match self.bytes.get(self.pos) {
			None => Err(self.error("unexpected end of input, expected a value")),
			Some(b'{') => self.nested(Self::object),
			Some(b'[') => self.nested(Self::array),
			Some(b'"') => Ok(Value::String(self.string()?)),
			Some(b't') => self.literal("true", Value::Bool(true)),
			Some(b'f') => self.literal("false", Value::Bool(false)),
			Some(b'n') => self.literal("null", Value::Null),
			Some(b'-' | b'0'..=b'9') => self.number(),
			Some(_) => Err(self.error("expected a value")),
		}
	}

	fn nested(
		&mut self,
		parse: fn(&mut Self) -> Result<Value, CanonError>,
	) -> Result<Value, CanonError> {
		self.depth += 1;
		if self.depth > MAX_DEPTH {
			return Err(self.error("nesting deeper than 512 levels"));
		}
		let value = parse(self);
		self.depth -= 1;
		value
	}

	fn literal(&mut self, word: &str, value: Value) -> Result<Value, CanonError> {
		if self.bytes[self.pos..].starts_with(word.as_bytes()) {
			self.pos += word.len();
			Ok(value)
		} else {
			Err(self.error("invalid literal, expected true, false or null"))
		}
	}

	fn object(&mut self) -> Result<Value, CanonError> {
		self.pos += 1;
		let mut members: Vec<(String, Value)> = Vec::new();
		let mut names = std::collections::HashSet::new();
		self.skip_whitespace();
		if self.bytes.get(self.pos) == Some(&b'}') {
			self.pos += 1;
			return Ok(Value::Object(members));
		}
		loop {
			self.skip_whitespace();
			if self.bytes.get(self.pos) != Some(&b'"') {
				return Err(self.error("expected a member name in double quotes"));
			}
			let name_at = self.pos;
			let name = self.string()?;
			if !names.insert(name.clone()) {
				return Err(CanonError::at(
					self.text,
					name_at,
					&format!("duplicate member name \"{name}\""),
				));
			}
			self.skip_whitespace();
			if self.bytes.get(self.pos) != Some(&b':') {
				return Err(self.error("expected ':' after the member name"));
			}
			self.pos += 1;
			self.skip_whitespace();
			let value = self.value()?;
			members.push((name, value));
			self.skip_whitespace();
			match self.bytes.get(self.pos) {
				Some(b',') => self.pos += 1,
				Some(b'}') => {
					self.pos += 1;
					return Ok(Value::Object(members));
				},
				_ => return Err(self.error("expected ',' or '}' in an object")),
			}
		}
	}

	fn array(&mut self) -> Result<Value, CanonError> {
		self.pos += 1;
		let mut items = Vec::new();
		self.skip_whitespace();
		if self.bytes.get(self.pos) == Some(&b']') {
			self.pos += 1;
			return Ok(Value::Array(items));
		}
		loop {
			self.skip_whitespace();
			items.push(self.value()?);
			self.skip_whitespace();
			match self.bytes.get(self.pos) {
				Some(b',') => self.pos += 1,
				Some(b']') => {
					self.pos += 1;
					return Ok(Value::Array(items));
				},
				_ => return Err(self.error("expected ',' or ']' in an array")),
			}
		}
	}

	fn number(&mut self) -> Result<Value, CanonError> {
		let start = self.pos;
		let digits = |p: &mut Self| {
			let from = p.pos;
			while let Some(b'0'..=b'9') = p.bytes.get(p.pos) {
				p.pos += 1;
			}
			p.pos - from
		};
		if self.bytes.get(self.pos) == Some(&b'-') {
			self.pos += 1;
		}
		match self.bytes.get(self.pos) {
			Some(b'0') => {
				self.pos += 1;
				if let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
					return Err(self.error("invalid number: leading zero"));
				}
			},
			Some(b'1'..=b'9') => {
				digits(self);
			},
			_ => return Err(self.error("invalid number: expected a digit")),
		}
		if self.bytes.get(self.pos) == Some(&b'.') {
			self.pos += 1;
			if digits(self) == 0 {
				return Err(self.error("invalid number: expected a digit after '.'"));
			}
		}
		if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
			self.pos += 1;
			if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
				self.pos += 1;
			}
			if digits(self) == 0 {
				return Err(self.error("invalid number: expected a digit in the exponent"));
			}
		}
		Ok(Value::Number(self.text[start..self.pos].to_string()))
	}

	fn string(&mut self) -> Result<String, CanonError> {
		self.pos += 1;
		let mut out = String::new();
		loop {
			let run_start = self.pos;
			while let Some(&b) = self.bytes.get(self.pos) {
				if b == b'"' || b == b'\\' || b < 0x20 {
					break;
				}
				self.pos += 1;
			}
			out.push_str(&self.text[run_start..self.pos]);
			match self.bytes.get(self.pos) {
				None => return Err(self.error("unterminated string")),
				Some(b'"') => {
					self.pos += 1;
					return Ok(out);
				},
				Some(b'\\') => {
					self.pos += 1;
					self.escape(&mut out)?;
				},
				Some(_) => {
					return Err(self.error("control character in a string; it must be escaped"))
				},
			}
		}
	}

	fn escape(&mut self, out: &mut String) -> Result<(), CanonError> {
		let Some(&b) = self.bytes.get(self.pos) else {
			return Err(self.error("unterminated escape sequence"));
		};
		self.pos += 1;
		let c = match b {
			b'"' => '"',
			b'\\' => '\\',
			b'/' => '/',
			b'b' => '\u{8}',
			b'f' => '\u{c}',
			b'n' => '\n',
			b'r' => '\r',
			b't' => '\t',
			b'u' => {
				let at = self.pos - 2;
				let first = self.hex4()?;
				let code = match first {
					0xD800..=0xDBFF => {
						if !self.bytes[self.pos..].starts_with(b"\\u") {
							return Err(CanonError::at(self.text, at, "unpaired surrogate escape"));
						}
						self.pos += 2;
						let second = self.hex4()?;
						if !(0xDC00..=0xDFFF).contains(&second) {
							return Err(CanonError::at(self.text, at, "unpaired surrogate escape"));
						}
						0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
					},
					0xDC00..=0xDFFF => {
						return Err(CanonError::at(self.text, at, "unpaired surrogate escape"))
					},
					code => code,
				};
				char::from_u32(code)
					.ok_or_else(|| CanonError::at(self.text, at, "invalid \\u escape"))?
			},
			_ => {
				self.pos -= 1;
				return Err(self.error("invalid escape sequence"));
			},
		};
		out.push(c);
		Ok(())
	}

	fn hex4(&mut self) -> Result<u32, CanonError> {
		let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
			return Err(self.error("expected four hex digits after \\u"));
		};
		let mut code = 0u32;
		for &d in digits {
			let value = (d as char)
				.to_digit(16)
				.ok_or_else(|| self.error("expected four hex digits after \\u"))?;
			code = code * 16 + value;
		}
		self.pos += 4;
		Ok(code)
	}
}
