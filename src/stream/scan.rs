//! The structural scan: finds where a JSON value ends and checks its
//! grammar without decoding it.
//!
//! The grammar is checked in full (not only brackets), so that a truncated
//! line is seen where the next line begins rather than at the end of the
//! input; raw control characters in strings are refused, which is what
//! stops an unterminated string at its line's end.

use super::input::{Input, Offset};
use crate::Error;
use std::io::Read;

/// `serde_json`'s nesting limit: the 128th level is refused, counted from
/// the document's root.
pub(super) const MAX_DEPTH: usize = 128;

/// Why a scan stopped.
pub(super) enum Stop {
    /// The input is not JSON here: what was expected, and where.
    Broken { message: String, at: Offset },
    /// Reading the input failed.
    Io(Error),
}

impl From<Error> for Stop {
    fn from(error: Error) -> Self {
        Stop::Io(error)
    }
}

pub(super) type Scan<T> = Result<T, Stop>;

#[cold]
fn broken<R: Read, T>(input: &Input<R>, message: impl Into<String>) -> Scan<T> {
    Err(Stop::Broken {
        message: message.into(),
        at: input.offset(),
    })
}

/// Skips whitespace; the next byte, or `None` at the end of the input.
#[inline]
pub(super) fn skip_whitespace<R: Read>(input: &mut Input<R>) -> Scan<Option<u8>> {
    // Compact JSON has no whitespace between tokens.
    if let Some(&b) = input.available().first()
        && !is_whitespace(b)
    {
        return Ok(Some(b));
    }
    loop {
        match input.available().iter().position(|&b| !is_whitespace(b)) {
            Some(n) => {
                input.advance(n);
                return Ok(input.peek()?);
            }
            None => {
                let n = input.available().len();
                input.advance(n);
                if !input.fill()? {
                    return Ok(None);
                }
            }
        }
    }
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The next byte after whitespace, which must be there.
#[inline]
pub(super) fn next_token<R: Read>(input: &mut Input<R>) -> Scan<u8> {
    match skip_whitespace(input)? {
        Some(b) => Ok(b),
        None => broken(input, "unexpected end of input"),
    }
}

/// Expects `byte` after whitespace and moves past it.
pub(super) fn expect<R: Read>(input: &mut Input<R>, byte: u8) -> Scan<()> {
    if next_token(input)? != byte {
        return broken(input, format!("expected `{}`", byte as char));
    }
    input.advance(1);
    Ok(())
}

/// Moves past one JSON value (after whitespace) whose enclosing containers
/// number `depth`. A value nested past [`MAX_DEPTH`] is scanned to its end,
/// since its extent is still known, and the first container too deep is
/// reported in `too_deep`.
pub(super) fn skip_value<R: Read>(
    input: &mut Input<R>,
    depth: usize,
    too_deep: &mut Option<Offset>,
) -> Scan<()> {
    // One bit per open container: set for an object.
    let mut stack: Vec<u64> = Vec::new();
    let mut len = 0usize;
    'value: loop {
        match next_token(input)? {
            open @ (b'{' | b'[') => {
                if depth + len + 1 >= MAX_DEPTH && too_deep.is_none() {
                    *too_deep = Some(input.offset());
                }
                let object = open == b'{';
                if len.is_multiple_of(64) {
                    stack.push(0);
                }
                let word = &mut stack[len / 64];
                *word = (*word & !(1 << (len % 64))) | ((object as u64) << (len % 64));
                len += 1;
                input.advance(1);
                let close = if object { b'}' } else { b']' };
                if next_token(input)? == close {
                    input.advance(1);
                    len -= 1;
                } else {
                    if object {
                        skip_key(input)?;
                    }
                    continue 'value;
                }
            }
            b'"' => skip_string(input, &mut false, false)?,
            b'-' | b'0'..=b'9' => skip_number(input)?,
            b't' => skip_literal(input, b"true")?,
            b'f' => skip_literal(input, b"false")?,
            b'n' => skip_literal(input, b"null")?,
            _ => return broken(input, "expected a value"),
        }
        // After a value: close containers until one goes on with a comma.
        while len > 0 {
            let object = stack[(len - 1) / 64] & (1 << ((len - 1) % 64)) != 0;
            match next_token(input)? {
                b',' => {
                    input.advance(1);
                    if object {
                        skip_key(input)?;
                    }
                    continue 'value;
                }
                b'}' if object => input.advance(1),
                b']' if !object => input.advance(1),
                _ if object => return broken(input, "expected `,` or `}`"),
                _ => return broken(input, "expected `,` or `]`"),
            }
            len -= 1;
        }
        return Ok(());
    }
}

/// Moves past one value (after whitespace) by its strings and brackets
/// alone: several times cheaper than [`skip_value`], for the values of an
/// alert, whose parse checks the rest of the grammar. `Ok(false)` when a
/// line inside a container starts with `{` or `[`: the value may have been
/// cut short there, and the caller scans it again with [`skip_value`] to
/// find out. Nesting is counted as `skip_value` counts it.
pub(super) fn skip_value_fast<R: Read>(
    input: &mut Input<R>,
    depth: usize,
    too_deep: &mut Option<Offset>,
) -> Scan<bool> {
    match next_token(input)? {
        b'"' => return skip_string(input, &mut false, false).map(|()| true),
        b'{' | b'[' => {}
        _ => {
            // A scalar: up to the next delimiter.
            while let Some(b) = input.peek()? {
                if is_whitespace(b) || matches!(b, b',' | b'}' | b']') {
                    break;
                }
                input.advance(1);
            }
            return Ok(true);
        }
    }
    let mut open = 0usize;
    loop {
        let Some(n) = find_structural(input.available()) else {
            let n = input.available().len();
            input.advance(n);
            if !input.fill()? {
                return broken(input, "unexpected end of input");
            }
            continue;
        };
        input.advance(n);
        match input.available()[0] {
            b'"' => skip_string(input, &mut false, false)?,
            b'{' | b'[' => {
                if depth + open + 1 >= MAX_DEPTH && too_deep.is_none() {
                    *too_deep = Some(input.offset());
                }
                open += 1;
                input.advance(1);
            }
            b'\n' => {
                input.advance(1);
                if let Some(b'{' | b'[') = input.peek()? {
                    return Ok(false);
                }
            }
            _ => {
                input.advance(1);
                open = open.saturating_sub(1);
                if open == 0 {
                    return Ok(true);
                }
            }
        }
    }
}

/// The index of the first `"`, `{`, `[`, `}`, `]` or newline, eight bytes
/// at a time. Setting bit 5 maps `[` to `{` and `]` to `}` (and no other
/// byte to either).
fn find_structural(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    for (i, chunk) in chunks.by_ref().enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let folded = word | splat(0x20);
        let found = bytes_equal(word, b'"')
            | bytes_equal(folded, b'{')
            | bytes_equal(folded, b'}')
            | bytes_equal(word, b'\n');
        if found != 0 {
            return Some(i * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| is_structural(b))
        .map(|i| bytes.len() - tail.len() + i)
}

fn is_structural(b: u8) -> bool {
    matches!(b, b'"' | b'{' | b'[' | b'}' | b']' | b'\n')
}

/// Moves past a value (at its first byte) by its brackets alone, to find
/// where a malformed value ends: `false` when the input ends, a string
/// holds a control character, more than `limit` bytes go by, or a line
/// that starts with `{` or `[` comes first (the value was then cut short,
/// and that line is the next value).
pub(super) fn skip_balanced<R: Read>(input: &mut Input<R>, limit: u64) -> Scan<bool> {
    let start = input.offset();
    match input.peek()? {
        Some(b'{' | b'[') => {}
        Some(b'"') => {
            return match skip_string(input, &mut false, false) {
                Err(Stop::Broken { .. }) => Ok(false),
                other => other.map(|()| true),
            };
        }
        // A scalar, or a stray token: up to the next delimiter.
        Some(_) => {
            while let Some(b) = input.peek()? {
                if is_whitespace(b) || matches!(b, b',' | b'{' | b'[' | b'}' | b']' | b'"') {
                    break;
                }
                input.advance(1);
            }
            return Ok(input.offset() > start);
        }
        None => return Ok(false),
    }
    let mut depth = 0usize;
    while let Some(b) = input.peek()? {
        if input.offset().0 - start.0 > limit {
            return Ok(false);
        }
        match b {
            b'"' => match skip_string(input, &mut false, false) {
                Err(Stop::Broken { .. }) => return Ok(false),
                other => other?,
            },
            b'{' | b'[' => {
                depth += 1;
                input.advance(1);
            }
            b'}' | b']' => {
                input.advance(1);
                depth -= 1;
                if depth == 0 {
                    return Ok(true);
                }
            }
            b'\n' => {
                input.advance(1);
                if let Some(b'{' | b'[') = input.peek()? {
                    return Ok(false);
                }
            }
            _ => input.advance(1),
        }
    }
    Ok(false)
}

/// Moves past `"name" :` (after whitespace).
#[inline]
pub(super) fn skip_key<R: Read>(input: &mut Input<R>) -> Scan<()> {
    if next_token(input)? != b'"' {
        return broken(input, "expected a property name");
    }
    skip_string(input, &mut false, false)?;
    expect(input, b':')
}

/// Moves past a string, at its opening quote. An escape that JSON does not
/// allow (an unknown letter, a lone surrogate), or with `utf8` set a byte
/// sequence that is not UTF-8, sets `bad` rather than stopping the scan,
/// since the string's end is still known; a control character or the end
/// of the input stops it. (Alerts are checked for UTF-8 whole when they
/// are parsed; `utf8` is for strings that are not kept.)
pub(super) fn skip_string<R: Read>(input: &mut Input<R>, bad: &mut bool, utf8: bool) -> Scan<()> {
    input.advance(1);
    loop {
        let found = find_string_special(input.available());
        let run = found.unwrap_or(input.available().len());
        if utf8 && let Err(e) = std::str::from_utf8(&input.available()[..run]) {
            match e.error_len() {
                Some(_) => *bad = true,
                // A character cut by the end of what is buffered: read
                // on from its first byte.
                None if found.is_none() => {
                    input.advance(e.valid_up_to());
                    if !input.fill()? {
                        input.advance(input.available().len());
                        return broken(input, "unterminated string");
                    }
                    continue;
                }
                None => *bad = true,
            }
        }
        input.advance(run);
        if found.is_none() {
            if !input.fill()? {
                return broken(input, "unterminated string");
            }
            continue;
        }
        match input.available()[0] {
            b'"' => {
                input.advance(1);
                return Ok(());
            }
            b'\\' => {
                input.advance(1);
                *bad |= !skip_escape(input)?;
            }
            _ => {
                return broken(
                    input,
                    "control character in a string (unterminated string?)",
                );
            }
        }
    }
}

/// After a backslash: whether the escape is one JSON allows.
fn skip_escape<R: Read>(input: &mut Input<R>) -> Scan<bool> {
    match input.peek()? {
        Some(b'u') => {
            input.advance(1);
            let Some(unit) = hex4(input)? else {
                return Ok(false);
            };
            if (0xD800..0xDC00).contains(&unit) {
                if input.peek()? != Some(b'\\') {
                    return Ok(false);
                }
                input.advance(1);
                if input.peek()? != Some(b'u') {
                    return Ok(false);
                }
                input.advance(1);
                return Ok(hex4(input)?.is_some_and(|low| (0xDC00..0xE000).contains(&low)));
            }
            Ok(!(0xDC00..0xE000).contains(&unit))
        }
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
            input.advance(1);
            Ok(true)
        }
        // Anything else but a control character (which stops the scan in
        // `skip_string`) is passed over, to find the string's end.
        Some(b) if b >= 0x20 => {
            input.advance(1);
            Ok(false)
        }
        _ => Ok(false),
    }
}

/// Four hex digits, or `None` (having passed over the digits there are).
fn hex4<R: Read>(input: &mut Input<R>) -> Scan<Option<u32>> {
    let mut unit = 0;
    for _ in 0..4 {
        match input.peek()?.and_then(|b| (b as char).to_digit(16)) {
            Some(digit) => {
                unit = unit * 16 + digit;
                input.advance(1);
            }
            None => return Ok(None),
        }
    }
    Ok(Some(unit))
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
fn skip_number<R: Read>(input: &mut Input<R>) -> Scan<()> {
    if input.peek()? == Some(b'-') {
        input.advance(1);
    }
    match input.peek()? {
        Some(b'0') => input.advance(1),
        Some(b'1'..=b'9') => skip_digits(input)?,
        _ => return broken(input, "invalid number"),
    }
    if input.peek()? == Some(b'.') {
        input.advance(1);
        if !matches!(input.peek()?, Some(b'0'..=b'9')) {
            return broken(input, "invalid number");
        }
        skip_digits(input)?;
    }
    if let Some(b'e' | b'E') = input.peek()? {
        input.advance(1);
        if let Some(b'+' | b'-') = input.peek()? {
            input.advance(1);
        }
        if !matches!(input.peek()?, Some(b'0'..=b'9')) {
            return broken(input, "invalid number");
        }
        skip_digits(input)?;
    }
    Ok(())
}

fn skip_digits<R: Read>(input: &mut Input<R>) -> Scan<()> {
    while let Some(b'0'..=b'9') = input.peek()? {
        input.advance(1);
    }
    Ok(())
}

fn skip_literal<R: Read>(input: &mut Input<R>, word: &[u8]) -> Scan<()> {
    if input.available().starts_with(word) {
        input.advance(word.len());
        return Ok(());
    }
    for &expected in word {
        if input.peek()? != Some(expected) {
            return broken(input, "expected a value");
        }
        input.advance(1);
    }
    Ok(())
}

/// Eight bytes with `byte` in each.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The high bit of each byte of `word` below `limit` (at most 0x80). Only
/// the lowest set bit is exact (borrows can mark bytes above it), which is
/// all the search below uses.
const fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(splat(limit)) & !word & splat(0x80)
}

/// The high bit of each byte of `word` equal to `byte`, lowest exact.
const fn bytes_equal(word: u64, byte: u8) -> u64 {
    bytes_below(word ^ splat(byte), 1)
}

/// The index of the first `"`, `\` or control character, eight bytes at a
/// time: strings are most of the input, and this is several times faster
/// than a byte loop.
fn find_string_special(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    for (i, chunk) in chunks.by_ref().enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = bytes_equal(word, b'"') | bytes_equal(word, b'\\') | bytes_below(word, 0x20);
        if found != 0 {
            return Some(i * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| is_string_special(b))
        .map(|i| bytes.len() - tail.len() + i)
}

fn is_string_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

#[cfg(test)]
mod tests {
    use super::{find_string_special, find_structural, is_string_special, is_structural};

    /// The word-at-a-time search agrees with a byte loop at every offset.
    #[test]
    fn search_matches_a_byte_loop() {
        let text: Vec<u8> = (0..=255u8)
            .rev()
            .chain(b"ab\"{c[d}e]\\\x80\xff\x1f \x20!".iter().copied())
            .collect();
        for start in 0..text.len() {
            for end in start..text.len().min(start + 40) {
                let bytes = &text[start..end];
                assert_eq!(
                    find_string_special(bytes),
                    bytes.iter().position(|&b| is_string_special(b)),
                    "{bytes:?}"
                );
                assert_eq!(
                    find_structural(bytes),
                    bytes.iter().position(|&b| is_structural(b)),
                    "{bytes:?}"
                );
            }
        }
    }
}
