#!/usr/bin/env python3
"""Computes MedAnchor content hashes of medical records without the MedAnchor client.

This is the reference implementation of docs/canonical-hashing.md, written so that a court
expert can read and run it: Python 3 standard library only, plus the `xmlstarlet` command
(Debian package `xmlstarlet`, libxml2 inside) for XML.

A record's content hash is H(canonical bytes). The canonical bytes depend on the format:
canonical JSON for .json files, one canonical JSON record per line for NDJSON, W3C Canonical
XML 1.0 without comments for XML, and the unchanged bytes for DICOM and everything else.

Examples:
    python3 scripts/canonical_hash.py record.json scan.dcm
    python3 scripts/canonical_hash.py --algorithm sm3 --json notes.ndjson
    python3 scripts/canonical_hash.py --canonical discharge.xml > discharge.c14n
    python3 scripts/canonical_hash.py --record-id 7 ZY2026-000123

Exit status: 0 when every file was hashed. 2 when the command line was invalid or any file
was rejected or unreadable, and the other files are still processed then. 3 when SM3 is
missing from Python's hashlib or xmlstarlet is not installed.
"""

import argparse
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

ALGORITHMS = ("blake2b-256", "sha256", "sm3")
FORMATS = ("json", "ndjson", "xml", "raw")

EXIT_REJECTED = 2
EXIT_MISSING_TOOL = 3

UTF8_BOM = b"\xef\xbb\xbf"

# Domain-separation tags of the identifiers and commitments (ASCII, no terminator).
RECORD_ID_TAG = b"MEDANCHOR/RECORD/1"
PATIENT_REF_TAG = b"MEDANCHOR/PATIENT/1"
ENCOUNTER_REF_TAG = b"MEDANCHOR/ENCOUNTER/1"
BATCH_ID_TAG = b"MEDANCHOR/BATCH/1"


class RejectedInput(Exception):
    """The input is not a valid document of its format, so it has no canonical form."""


class MissingTool(Exception):
    """A hash function or an external program that the request needs is not available."""


# ---------------------------------------------------------------------------------------------
# Hash functions


def new_hasher(algorithm):
    """Return a fresh hashlib object for one of ALGORITHMS."""
    if algorithm == "blake2b-256":
        return hashlib.blake2b(digest_size=32)
    if algorithm == "sha256":
        return hashlib.sha256()
    if algorithm == "sm3":
        try:
            return hashlib.new("sm3")
        except ValueError as error:
            raise MissingTool(
                "SM3 is not available in this Python's hashlib, which takes it from OpenSSL "
                "1.1.1 or later. Compute SM3 of the --canonical output with "
                "`openssl dgst -sm3` or `gmssl sm3` instead."
            ) from error
    raise ValueError(f"unknown algorithm {algorithm!r}")


def digest_hex(algorithm, data):
    hasher = new_hasher(algorithm)
    hasher.update(data)
    return hasher.hexdigest()


# ---------------------------------------------------------------------------------------------
# Positions in error messages


def line_and_column(text, index, first_line=1):
    """Return the 1-based line and column of text[index], counting lines at LF and columns
    in Unicode code points."""
    line = first_line + text.count("\n", 0, index)
    line_start = text.rfind("\n", 0, index) + 1
    return line, index - line_start + 1


def decode_utf8(data):
    """Decode UTF-8 strictly, rejecting invalid bytes with their position."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        valid_prefix = data[: error.start].decode("utf-8")
        line, column = line_and_column(valid_prefix, len(valid_prefix))
        raise RejectedInput(
            f"invalid UTF-8 at byte offset {error.start} (line {line}, column {column})"
        ) from None


# ---------------------------------------------------------------------------------------------
# Canonical JSON


class RawNumber:
    """A JSON number kept as the exact characters of its literal."""

    __slots__ = ("literal",)

    def __init__(self, literal):
        self.literal = literal


JSON_WHITESPACE = " \t\n\r"
NUMBER_PATTERN = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
# The characters a malformed number literal may run on with, so that "01" or "1." is reported
# as an invalid number and not as an unexpected character after a valid one.
NUMBER_RUN_PATTERN = re.compile(r"[-+.0-9eE]+")
PLAIN_STRING_CHARS = re.compile(r'[^"\\\x00-\x1f]*')
HEX4_PATTERN = re.compile(r"[0-9a-fA-F]{4}")
SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


class JsonParser:
    """Strict RFC 8259 parser that keeps number literals and reports errors with positions.

    Objects become dicts (duplicate member names are rejected), arrays lists, numbers
    RawNumber, strings str, and true/false/null the Python constants. Nesting is handled with
    an explicit stack, so depth is limited only by memory.
    """

    def __init__(self, text, first_line=1):
        self.text = text
        self.first_line = first_line

    def fail(self, index, message):
        line, column = line_and_column(self.text, index, self.first_line)
        raise RejectedInput(f"line {line}, column {column}: {message}")

    def skip_whitespace(self, index):
        text = self.text
        while index < len(text) and text[index] in JSON_WHITESPACE:
            index += 1
        return index

    def describe(self, index):
        if index >= len(self.text):
            return "end of input"
        return f"character {self.text[index]!r} (U+{ord(self.text[index]):04X})"

    def parse(self):
        """Parse the whole text as one JSON value and return it."""
        text = self.text
        index = self.skip_whitespace(0)
        # Each frame is [container, pending member name or None].
        stack = []
        while True:
            # Parse one value starting at `index`.
            char = text[index] if index < len(text) else ""
            if char == "{":
                index = self.skip_whitespace(index + 1)
                if text.startswith("}", index):
                    value, index = {}, index + 1
                else:
                    members = {}
                    name, index = self.parse_member_name(index, members)
                    stack.append([members, name])
                    continue
            elif char == "[":
                index = self.skip_whitespace(index + 1)
                if text.startswith("]", index):
                    value, index = [], index + 1
                else:
                    stack.append([[], None])
                    continue
            elif char == '"':
                value, index = self.parse_string(index)
            elif char == "-" or "0" <= char <= "9":
                value, index = self.parse_number(index)
            elif text.startswith("true", index):
                value, index = True, index + 4
            elif text.startswith("false", index):
                value, index = False, index + 5
            elif text.startswith("null", index):
                value, index = None, index + 4
            else:
                self.fail(index, f"expected a JSON value, found {self.describe(index)}")

            # Attach the finished value to its container, closing every container that ends.
            while True:
                index = self.skip_whitespace(index)
                if not stack:
                    if index != len(text):
                        self.fail(
                            index,
                            f"unexpected {self.describe(index)} after the top-level value",
                        )
                    return value
                frame = stack[-1]
                container = frame[0]
                if isinstance(container, list):
                    container.append(value)
                    closing = "]"
                else:
                    container[frame[1]] = value
                    closing = "}"
                if text.startswith(",", index):
                    index = self.skip_whitespace(index + 1)
                    if closing == "}":
                        frame[1], index = self.parse_member_name(index, container)
                    break
                if text.startswith(closing, index):
                    value = container
                    index += 1
                    stack.pop()
                    continue
                self.fail(index, f"expected ',' or '{closing}', found {self.describe(index)}")

    def parse_member_name(self, index, members):
        """Parse `"name" :` and return the name and the index of the member's value."""
        if not self.text.startswith('"', index):
            self.fail(index, f"expected a member name in quotes, found {self.describe(index)}")
        name, after = self.parse_string(index)
        if name in members:
            self.fail(index, f"duplicate member name {json.dumps(name, ensure_ascii=False)}")
        after = self.skip_whitespace(after)
        if not self.text.startswith(":", after):
            self.fail(after, f"expected ':' after a member name, found {self.describe(after)}")
        return name, self.skip_whitespace(after + 1)

    def parse_number(self, index):
        run = NUMBER_RUN_PATTERN.match(self.text, index)
        match = NUMBER_PATTERN.match(self.text, index)
        if match is None or match.end() != run.end():
            self.fail(index, f"invalid number {run.group()!r}")
        return RawNumber(match.group()), match.end()

    def parse_string(self, index):
        """Parse the string literal whose opening quote is at `index`."""
        text = self.text
        parts = []
        position = index + 1
        while True:
            plain = PLAIN_STRING_CHARS.match(text, position)
            parts.append(plain.group())
            position = plain.end()
            if position >= len(text):
                self.fail(index, "unterminated string")
            char = text[position]
            if char == '"':
                return "".join(parts), position + 1
            if char != "\\":
                self.fail(
                    position,
                    f"control character U+{ord(char):04X} must be escaped inside a string",
                )
            escape = text[position + 1 : position + 2]
            if escape in SIMPLE_ESCAPES:
                parts.append(SIMPLE_ESCAPES[escape])
                position += 2
            elif escape == "u":
                code, position = self.parse_unicode_escape(position)
                parts.append(chr(code))
            else:
                self.fail(position, f"invalid escape \\{escape}")

    def parse_unicode_escape(self, position):
        """Parse \\uXXXX at `position`, with its low surrogate if it is a high surrogate."""
        code = self.parse_hex4(position)
        if 0xDC00 <= code <= 0xDFFF:
            self.fail(position, f"unpaired surrogate \\u{code:04x}")
        if 0xD800 <= code <= 0xDBFF:
            following = position + 6
            if not self.text.startswith("\\u", following):
                self.fail(position, f"unpaired surrogate \\u{code:04x}")
            low = self.parse_hex4(following)
            if not 0xDC00 <= low <= 0xDFFF:
                self.fail(position, f"unpaired surrogate \\u{code:04x}")
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            return code, following + 6
        return code, position + 6

    def parse_hex4(self, position):
        match = HEX4_PATTERN.match(self.text, position + 2)
        if match is None:
            self.fail(position, "invalid \\u escape: expected four hexadecimal digits")
        return int(match.group(), 16)


STRING_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
CHARS_TO_ESCAPE = re.compile(r'["\\\x00-\x1f]')


def escape_char(match):
    char = match.group()
    return STRING_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def quote_string(value):
    return '"' + CHARS_TO_ESCAPE.sub(escape_char, value) + '"'


def serialise_canonical(value):
    """Serialise a parsed value in canonical form and return it as str.

    Members are sorted by name in code-point order (Python's str ordering), which equals the
    order of their UTF-8 bytes. Like the parser, this uses an explicit stack instead of
    recursion.
    """
    output = []
    # Work items: ("text", str) is written as is, ("value", v) is serialised.
    work = [("value", value)]
    while work:
        kind, item = work.pop()
        if kind == "text":
            output.append(item)
        elif item is None:
            output.append("null")
        elif item is True:
            output.append("true")
        elif item is False:
            output.append("false")
        elif isinstance(item, RawNumber):
            output.append(item.literal)
        elif isinstance(item, str):
            output.append(quote_string(item))
        elif isinstance(item, list):
            tasks = [("text", "[")]
            for position, element in enumerate(item):
                if position:
                    tasks.append(("text", ","))
                tasks.append(("value", element))
            tasks.append(("text", "]"))
            work.extend(reversed(tasks))
        else:
            tasks = [("text", "{")]
            for position, name in enumerate(sorted(item)):
                if position:
                    tasks.append(("text", ","))
                tasks.append(("text", quote_string(name) + ":"))
                tasks.append(("value", item[name]))
            tasks.append(("text", "}"))
            work.extend(reversed(tasks))
    return "".join(output)


def canonical_json_text(text, first_line=1):
    """Canonicalise one JSON text (already decoded, without BOM) and return UTF-8 bytes."""
    value = JsonParser(text, first_line).parse()
    # The parser rejects unpaired surrogates, so strict encoding cannot fail here.
    return serialise_canonical(value).encode("utf-8")


def canonical_json(data):
    """Return the canonical bytes of a JSON document."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    return canonical_json_text(decode_utf8(data))


def canonical_ndjson(data):
    """Return a list of (1-based physical line number, canonical bytes), one per record."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    text = decode_utf8(data)
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if line.strip(JSON_WHITESPACE) == "":
            continue
        records.append((number, canonical_json_text(line, first_line=number)))
    if not records:
        raise RejectedInput("no record: every line is empty or whitespace")
    return records


# ---------------------------------------------------------------------------------------------
# Canonical XML

XML_WHITESPACE = " \t\r\n"
XML_DECLARATION = re.compile(r"<\?xml[ \t\r\n][^?]*(?:\?(?!>)[^?]*)*\?>")
ENCODING_IN_DECLARATION = re.compile(r"""encoding[ \t\r\n]*=[ \t\r\n]*(["'])([^"']*)\1""")
ASCII_COMPATIBLE_ENCODINGS = ("UTF-8", "GB18030", "GBK", "GB2312")
SUPPORTED_ENCODINGS_TEXT = "UTF-8, UTF-16 with a byte order mark, GB18030, GBK or GB2312"
UTF16_WITHOUT_BOM = "UTF-16 without a byte order mark is not supported"


def decode_xml_prolog(data):
    """Return (text, byte_offset_of, encode) for scanning the document's prolog.

    `text` is the whole document after its byte order mark, decoded with the encoding it
    declares. Bytes that do not decode become lone surrogates (surrogateescape), so that
    `byte_offset_of` can map every character index back to its byte offset, and the XML
    parser reports those bytes later. Also checks that the specification accepts the encoding.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        byte_order_mark_length = 2
        declaration_text = data[2:].decode(codec, "replace")
        check_declared_encoding(declaration_text, ("UTF-16",), "a UTF-16 byte order mark")
    elif data.startswith(UTF8_BOM):
        codec = "utf-8"
        byte_order_mark_length = len(UTF8_BOM)
        declaration_text = data[3:].decode("latin-1")
        check_declared_encoding(declaration_text, ("UTF-8",), "the UTF-8 byte order mark")
    elif data.startswith(b"\x00<") or data.startswith(b"<\x00"):
        raise RejectedInput(UTF16_WITHOUT_BOM)
    else:
        # Latin-1 maps each byte to one character, enough to read the ASCII declaration.
        declaration_text = data.decode("latin-1")
        declared = check_declared_encoding(declaration_text, ASCII_COMPATIBLE_ENCODINGS, None)
        # GB18030 decodes every GBK and GB2312 byte sequence with the same length, which is all
        # the byte offsets need.
        codec = "utf-8" if declared in (None, "UTF-8") else "gb18030"
        byte_order_mark_length = 0

    try:
        text = data[byte_order_mark_length:].decode(codec, "surrogateescape")
    except UnicodeDecodeError as error:
        # Only UTF-16 raises here, because surrogateescape does not cover truncated or unpaired
        # UTF-16 code units.
        offset = byte_order_mark_length + error.start
        raise RejectedInput(f"invalid UTF-16 at byte offset {offset}") from None

    def byte_offset_of(index):
        return byte_order_mark_length + len(text[:index].encode(codec, "surrogateescape"))

    def encode(chunk):
        return chunk.encode(codec)

    return text, byte_offset_of, encode


def check_declared_encoding(text, allowed, byte_order_mark):
    """Return the encoding name declared in the XML declaration, upper-cased, or None."""
    declaration = XML_DECLARATION.match(text)
    if declaration is None:
        return None
    encoding = ENCODING_IN_DECLARATION.search(declaration.group())
    if encoding is None:
        return None
    name = encoding.group(2)
    if name.upper() in allowed:
        return name.upper()
    if byte_order_mark is not None:
        raise RejectedInput(f"encoding declaration {name!r} contradicts {byte_order_mark}")
    if name.upper().startswith("UTF-16"):
        raise RejectedInput(UTF16_WITHOUT_BOM)
    raise RejectedInput(
        f"unsupported encoding {name!r}. The document must be {SUPPORTED_ENCODINGS_TEXT}."
    )


def find_doctype(text):
    """Return the (start, end) character span of the DOCTYPE declaration, or None.

    Scans the prolog (XML declaration, comments, processing instructions, whitespace) and
    rejects a DOCTYPE with an internal subset. Anything the scan does not recognise ends the
    prolog, and the XML parser then reports it if it is malformed.
    """
    declaration = XML_DECLARATION.match(text)
    index = declaration.end() if declaration is not None else 0
    while True:
        while index < len(text) and text[index] in XML_WHITESPACE:
            index += 1
        if text.startswith("<!--", index):
            end = text.find("-->", index + 4)
        elif text.startswith("<?", index):
            end = text.find("?>", index + 2)
        elif text.startswith("<!DOCTYPE", index):
            return index, doctype_end(text, index)
        else:
            return None
        if end < 0:
            return None
        index = end + (3 if text.startswith("-->", end) else 2)


def doctype_end(text, start):
    """Return the index just after the DOCTYPE declaration that begins at `start`."""

    def skip_whitespace(index):
        while index < len(text) and text[index] in XML_WHITESPACE:
            index += 1
        return index

    def malformed(index):
        line, column = line_and_column(text, index)
        return RejectedInput(f"line {line}, column {column}: malformed DOCTYPE declaration")

    def quoted_literal(index):
        if index >= len(text) or text[index] not in "\"'":
            raise malformed(index)
        end = text.find(text[index], index + 1)
        if end < 0:
            raise malformed(index)
        return end + 1

    index = start + len("<!DOCTYPE")
    after_keyword = skip_whitespace(index)
    if after_keyword == index:
        raise malformed(index)
    index = after_keyword
    while index < len(text) and text[index] not in XML_WHITESPACE + "[>":
        index += 1
    index = skip_whitespace(index)
    if text.startswith("SYSTEM", index):
        index = skip_whitespace(quoted_literal(skip_whitespace(index + len("SYSTEM"))))
    elif text.startswith("PUBLIC", index):
        index = skip_whitespace(quoted_literal(skip_whitespace(index + len("PUBLIC"))))
        index = skip_whitespace(quoted_literal(index))
    if text.startswith("[", index):
        line, column = line_and_column(text, index)
        raise RejectedInput(
            f"line {line}, column {column}: internal DTD subsets are not supported "
            "(their entity and default-attribute declarations would change the canonical form)"
        )
    if not text.startswith(">", index):
        raise malformed(index)
    return index + 1


def blank_doctype(data):
    """Return the document bytes with its DOCTYPE declaration overwritten by spaces.

    C14N drops the DOCTYPE anyway, but xmlstarlet (libxml2 with DTD loading switched on) would
    load the external DTD it names when that file can be read, and add the DTD's default
    attributes to the canonical form. Line breaks are kept so that error positions stay right.
    """
    text, byte_offset_of, encode = decode_xml_prolog(data)
    span = find_doctype(text)
    if span is None:
        return data
    start, end = span
    blank = "".join(char if char in "\r\n" else " " for char in text[start:end])
    return data[: byte_offset_of(start)] + encode(blank) + data[byte_offset_of(end) :]


XMLSTARLET_POSITION = re.compile(r"^-:(\d+)\.(\d+): (.*)$")


def canonical_xml(data):
    """Return the W3C Canonical XML 1.0 (without comments) form of an XML document.

    Runs `xmlstarlet c14n --without-comments` on the document with its DOCTYPE blanked, in an
    empty working directory. Any message from libxml2 rejects the document: xmlstarlet exits
    with status 0 after some errors, such as an undeclared prefix on an attribute or XML 1.1.
    """
    document = blank_doctype(data)
    with tempfile.TemporaryDirectory(prefix="canonical-hash-") as empty_directory:
        try:
            result = subprocess.run(
                ["xmlstarlet", "c14n", "--without-comments", "-"],
                input=document,
                capture_output=True,
                cwd=empty_directory,
                check=False,
            )
        except FileNotFoundError:
            raise MissingTool(
                "xmlstarlet, which canonicalises XML, is not installed "
                "(Debian and Ubuntu: apt-get install xmlstarlet)"
            ) from None
    messages = result.stderr.decode("utf-8", "replace").strip()
    if result.returncode == 0 and not messages:
        return result.stdout
    if not messages:
        raise RejectedInput(f"xmlstarlet c14n failed with exit status {result.returncode}")
    first = messages.splitlines()[0]
    position = XMLSTARLET_POSITION.match(first)
    if position:
        line, column, message = position.groups()
        reason = f"line {line}, column {column}: {message}"
    else:
        reason = first
    raise RejectedInput(f"{reason} (libxml2, via xmlstarlet c14n)")


# ---------------------------------------------------------------------------------------------
# Format detection and records


def detect_format(path, data):
    """Return the format of a file under --format auto."""
    name = os.path.basename(path).lower()
    extension = os.path.splitext(name)[1]
    if extension == ".json":
        return "json"
    if extension in (".ndjson", ".jsonl"):
        return "ndjson"
    if extension in (".xml", ".cda"):
        return "xml"
    if extension == ".dcm":
        return "raw"
    if data[128:132] == b"DICM":
        return "raw"
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    content = data[start:].lstrip(b" \t\r\n")
    if content[:1] in (b"{", b"["):
        return "json"
    if content[:1] == b"<":
        return "xml"
    return "raw"


def canonical_records(data, file_format):
    """Return a list of (line number or None, canonical bytes) for a file's records."""
    if file_format == "json":
        return [(None, canonical_json(data))]
    if file_format == "ndjson":
        return canonical_ndjson(data)
    if file_format == "xml":
        return [(None, canonical_xml(data))]
    return [(None, data)]


# ---------------------------------------------------------------------------------------------
# Identifiers and commitments (always Blake2b-256)


def blake2b_256(*parts):
    hasher = hashlib.blake2b(digest_size=32)
    for part in parts:
        hasher.update(part)
    return hasher.hexdigest()


def entity_id_bytes(text):
    try:
        value = int(text, 10)
    except ValueError:
        raise RejectedInput(f"institution entity id {text!r} is not a decimal integer") from None
    if not 0 <= value <= 0xFFFFFFFF:
        raise RejectedInput(f"institution entity id {value} is outside 0..4294967295 (u32)")
    return struct.pack("<I", value)


def salt_bytes(text):
    digits = text[2:] if text.lower().startswith("0x") else text
    if not re.fullmatch(r"[0-9a-fA-F]{64}", digits):
        raise RejectedInput(f"salt {text!r} is not 32 bytes written as 64 hexadecimal digits")
    return bytes.fromhex(digits)


def utf8_argument(text, description):
    # Command-line arguments that are not valid UTF-8 arrive as lone surrogates
    # (surrogateescape), which strict encoding rejects.
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise RejectedInput(f"{description} is not valid UTF-8") from None


def record_id(institution, local_id):
    return blake2b_256(
        RECORD_ID_TAG, entity_id_bytes(institution), utf8_argument(local_id, "local record id")
    )


def batch_id(institution, local_id):
    return blake2b_256(
        BATCH_ID_TAG, entity_id_bytes(institution), utf8_argument(local_id, "batch local id")
    )


def patient_ref(salt_hex, identifier):
    return blake2b_256(
        PATIENT_REF_TAG, salt_bytes(salt_hex), utf8_argument(identifier, "patient identifier")
    )


def encounter_ref(salt_hex, identifier):
    return blake2b_256(
        ENCOUNTER_REF_TAG,
        salt_bytes(salt_hex),
        utf8_argument(identifier, "encounter identifier"),
    )


IDENTIFIER_MODES = {
    "record_id": record_id,
    "batch_id": batch_id,
    "patient_ref": patient_ref,
    "encounter_ref": encounter_ref,
}


# ---------------------------------------------------------------------------------------------
# Command line


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Compute MedAnchor content hashes: H(canonical bytes) of each record.",
        epilog="Output lines: <format> TAB <record> TAB <algorithm> TAB <hex digest>, where "
        "<record> is '-' for a whole file and the 1-based line number for an NDJSON record. "
        "The identifier options print one Blake2b-256 hex digest. Exit status 2 means that a "
        "file was rejected or unreadable, and 3 that SM3 or xmlstarlet is missing.",
    )
    parser.add_argument(
        "--algorithm",
        choices=ALGORITHMS,
        default="blake2b-256",
        help="hash function for content hashes (default: blake2b-256)",
    )
    parser.add_argument(
        "--format",
        choices=("auto",) + FORMATS,
        default="auto",
        help="input format (default: auto). auto detects it from the file name, then the "
        "content. raw hashes the bytes of any file unchanged.",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--canonical",
        action="store_true",
        help="write the canonical bytes of the single FILE to stdout instead of hashing "
        "(NDJSON: each record's canonical bytes followed by LF)",
    )
    output.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"file","format","line","algorithm","digest"} objects',
    )
    helpers = parser.add_mutually_exclusive_group()
    helpers.add_argument(
        "--record-id",
        nargs=2,
        metavar=("INSTITUTION", "LOCAL_ID"),
        help="print the record id for an institution entity id (u32) and a local record id",
    )
    helpers.add_argument(
        "--batch-id",
        nargs=2,
        metavar=("INSTITUTION", "LOCAL_ID"),
        help="print the batch id for an institution entity id (u32) and a batch local id",
    )
    helpers.add_argument(
        "--patient-ref",
        nargs=2,
        metavar=("SALT_HEX", "IDENTIFIER"),
        help="print the patient reference for a 32-byte salt (64 hex digits) and an identifier",
    )
    helpers.add_argument(
        "--encounter-ref",
        nargs=2,
        metavar=("SALT_HEX", "IDENTIFIER"),
        help="print the encounter reference for the patient's salt and an encounter identifier",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to hash")
    arguments = parser.parse_args(argv)

    helper_mode = next(
        (mode for mode in IDENTIFIER_MODES if getattr(arguments, mode) is not None), None
    )
    if helper_mode is not None and arguments.files:
        parser.error(f"--{helper_mode.replace('_', '-')} takes no FILE arguments")
    if helper_mode is None and not arguments.files:
        parser.error("no FILE given")
    if arguments.canonical and len(arguments.files) != 1:
        parser.error("--canonical takes exactly one FILE")
    arguments.helper_mode = helper_mode
    return arguments


def report_error(path, message):
    print(f"error: {path}: {message}", file=sys.stderr)


def run_identifier_mode(arguments):
    mode = arguments.helper_mode
    try:
        print(IDENTIFIER_MODES[mode](*getattr(arguments, mode)))
    except RejectedInput as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_REJECTED
    return 0


def run_canonical_mode(arguments):
    path = arguments.files[0]
    try:
        with open(path, "rb") as file:
            data = file.read()
        file_format = arguments.format
        if file_format == "auto":
            file_format = detect_format(path, data)
        records = canonical_records(data, file_format)
    except OSError as error:
        report_error(path, f"cannot read the file: {error.strerror}")
        return EXIT_REJECTED
    except RejectedInput as error:
        report_error(path, f"invalid {file_format}: {error}")
        return EXIT_REJECTED
    for line, canonical in records:
        sys.stdout.buffer.write(canonical)
        if line is not None:
            sys.stdout.buffer.write(b"\n")
    return 0


def run_hash_mode(arguments):
    new_hasher(arguments.algorithm)  # Fails early, before any file, if SM3 is missing.
    results = []
    status = 0
    for path in arguments.files:
        file_format = arguments.format
        try:
            with open(path, "rb") as file:
                data = file.read()
            if file_format == "auto":
                file_format = detect_format(path, data)
            records = canonical_records(data, file_format)
        except OSError as error:
            report_error(path, f"cannot read the file: {error.strerror}")
            status = EXIT_REJECTED
            continue
        except RejectedInput as error:
            report_error(path, f"invalid {file_format}: {error}")
            status = EXIT_REJECTED
            continue
        for line, canonical in records:
            digest = digest_hex(arguments.algorithm, canonical)
            if arguments.json:
                results.append(
                    {
                        "file": path,
                        "format": file_format,
                        "line": line,
                        "algorithm": arguments.algorithm,
                        "digest": digest,
                    }
                )
            else:
                record = "-" if line is None else str(line)
                print(f"{file_format}\t{record}\t{arguments.algorithm}\t{digest}", flush=True)
    if arguments.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return status


def main(argv=None):
    arguments = parse_arguments(argv)
    try:
        if arguments.helper_mode is not None:
            return run_identifier_mode(arguments)
        if arguments.canonical:
            return run_canonical_mode(arguments)
        return run_hash_mode(arguments)
    except MissingTool as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_MISSING_TOOL
    except BrokenPipeError:
        # The reader of stdout stopped early, for example `| head`, so nothing is left to do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
