//! Moving past one token: whitespace, a property name, a string, a number,
//! a literal, checking the grammar as the bytes go by; and [`Stop`], why a
//! scan stopped.

use super::input::{Input, Offset};
use super::search::find_string_special;
use crate::Error;
use std::io::Read;

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

impl Stop {
    /// The input is not JSON at the read position.
    #[cold]
    pub(super) fn broken<R: Read>(input: &Input<R>, message: impl Into<String>) -> Stop {
        Stop::Broken {
            message: message.into(),
            at: input.offset(),
        }
    }
}

pub(super) fn broken<R: Read, T>(input: &Input<R>, message: impl Into<String>) -> Scan<T> {
    Err(Stop::broken(input, message))
}

/// Skips whitespace; the next byte, or `None` at the end of the input.
// The first check inlined, the loop not: compact JSON has no whitespace
// between tokens, and a call per token measured 3% of reading an export.
#[inline(always)]
pub(super) fn skip_whitespace<R: Read>(input: &mut Input<R>) -> Scan<Option<u8>> {
    if let Some(&b) = input.available().first()
        && !is_whitespace(b)
    {
        return Ok(Some(b));
    }
    skip_whitespace_run(input)
}

#[inline(never)]
fn skip_whitespace_run<R: Read>(input: &mut Input<R>) -> Scan<Option<u8>> {
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

pub(super) fn is_whitespace(b: u8) -> bool {
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
    let plain = if utf8 {
        1
    } else {
        match buffered_string_len(input.available()) {
            Ok(len) => {
                input.advance(len);
                return Ok(());
            }
            Err(plain) => plain,
        }
    };
    input.advance(plain);
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

/// The length of the string at the start of `bytes` (at its opening quote)
/// when it ends within them and holds no control character and no escape
/// but the one-letter ones: most strings, found without leaving the
/// buffer. Otherwise how many bytes of it are plain text, from where the
/// byte-by-byte path goes on (it checks `\u` escapes and says what is
/// wrong).
#[inline]
fn buffered_string_len(bytes: &[u8]) -> Result<usize, usize> {
    let mut at = 1;
    loop {
        let Some(found) = bytes.get(at..).and_then(find_string_special) else {
            return Err(at.min(bytes.len()));
        };
        at += found;
        match bytes[at] {
            b'"' => return Ok(at + 1),
            b'\\'
                if matches!(
                    bytes.get(at + 1),
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't')
                ) =>
            {
                at += 2
            }
            _ => return Err(at),
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
pub(super) fn skip_number<R: Read>(input: &mut Input<R>) -> Scan<()> {
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

pub(super) fn skip_literal<R: Read>(input: &mut Input<R>, word: &[u8]) -> Scan<()> {
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
