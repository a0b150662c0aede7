//! The structural scan: finds where a JSON value ends and checks its
//! grammar without decoding it.
//!
//! The grammar is checked in full (not only brackets), so that a truncated
//! line is seen where the next line begins rather than at the end of the
//! input; raw control characters in strings are refused, which is what
//! stops an unterminated string at its line's end.

use super::input::{Input, Offset};
use super::lexeme::{
    Scan, Stop, broken, is_whitespace, next_token, skip_key, skip_literal, skip_number, skip_string,
};
use super::search::find_structural;
use std::io::Read;

/// `serde_json`'s nesting limit: the 128th level is refused, counted from
/// the document's root.
pub(super) const MAX_DEPTH: usize = 128;

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
            loop {
                let bytes = input.available();
                let end = bytes
                    .iter()
                    .position(|&b| is_whitespace(b) || matches!(b, b',' | b'}' | b']'));
                input.advance(end.unwrap_or(bytes.len()));
                if end.is_some() || !input.fill()? {
                    return Ok(true);
                }
            }
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
