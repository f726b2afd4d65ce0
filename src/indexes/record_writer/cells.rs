//! The bytes of a cell: what a value needs escaped in JSON or quoted in CSV, and the CSV
//! field itself, with formulas defused.

use crate::indexes::json;

/// [`special_bytes`]: a value JSON must escape (a control character, `"` or `\\`).
pub(in crate::indexes) const JSON_ESCAPE: u8 = 1;
/// [`special_bytes`]: a value the CSV must quote (the delimiter, the quote or a line break).
/// These are the bytes the csv crate quotes with its default settings, which the exports were
/// first written with.
pub(in crate::indexes) const CSV_QUOTE: u8 = 2;

fn special_byte(b: u8) -> u8 {
    let json = json::is_escaped(b);
    let csv = (b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r');
    (u8::from(json) * JSON_ESCAPE) | (u8::from(csv) * CSV_QUOTE)
}

/// What `value` holds that its JSON string or CSV field must deal with: [`JSON_ESCAPE`] and
/// [`CSV_QUOTE`], one pass for both ([`crate::byte_scan`]). Kept out of line: inlined into a
/// larger function, the loop was compiled a byte at a time.
#[inline(never)]
pub(in crate::indexes) fn special_bytes(value: &str) -> u8 {
    crate::byte_scan::text_flags(value.as_bytes(), special_byte)
}

/// Appends `value` as a CSV field, as the csv crate writes it; `quoted` when it holds a byte
/// the CSV quotes. The csv crate's writer spent more on its state machine per field than on
/// the bytes, and the exports have millions of fields.
pub(in crate::indexes) fn csv_field(out: &mut Vec<u8>, value: &[u8], quoted: bool) {
    if quoted {
        out.push(b'"');
        defuse_formula(out, value);
        csv_quoted_contents(out, value);
        out.push(b'"');
    } else {
        defuse_formula(out, value);
        out.extend_from_slice(value);
    }
}

/// Starts a text cell that a spreadsheet would evaluate as a formula with `'`, OWASP's rule
/// against CSV injection: a title `=HYPERLINK(…)` would otherwise run when a reader opens the
/// export in Excel or LibreOffice. Every text cell of every dataset passes here; numbers do
/// not (they are written by `int` and `number`, and none is negative). The JSON keeps the text.
fn defuse_formula(out: &mut Vec<u8>, value: &[u8]) {
    if matches!(
        value.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        out.push(b'\'');
    }
}

/// `value` inside a quoted field: its quotes doubled.
fn csv_quoted_contents(out: &mut Vec<u8>, value: &[u8]) {
    for (n, piece) in value.split(|&b| b == b'"').enumerate() {
        if n > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(piece);
    }
}

/// Ends the CSV record that started at `start` in `out`. A record of one empty field is
/// written `""`, as the csv crate writes it, so that it is not read as an empty line.
pub(in crate::indexes) fn end_csv_record(out: &mut Vec<u8>, start: usize) {
    if out.len() == start {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}
