//! Where reading goes on after broken JSON.

use super::input::{Input, Offset};
use super::lexeme;
use super::scan;
use crate::Error;
use std::io::Read;

/// Whether the broken value that starts at `start` ends where its brackets
/// say, with what follows it sound (another document at the top level, or
/// `,` or `]` in an array): then it alone is skipped, and the input is
/// placed after it. At the top level, stray tokens after it (`"x" 1 {...}`)
/// are skipped with it, up to the next `{` or `[`.
pub(super) fn resume_after_value<R: Read>(
    input: &mut Input<R>,
    start: Offset,
    limit: usize,
    top_level: bool,
) -> bool {
    if input.held_from() > start {
        return false;
    }
    input.rewind(start);
    let sound = loop {
        let left = (limit as u64).saturating_sub(input.offset().0 - start.0);
        if !scan::skip_balanced(input, left).unwrap_or(false) {
            break false;
        }
        match lexeme::skip_whitespace(input) {
            Ok(None | Some(b'{' | b'[')) => break top_level,
            Ok(Some(b',' | b']')) => break !top_level,
            Ok(Some(_)) if top_level => continue,
            _ => break false,
        }
    };
    input.take_overflow();
    sound
}

/// Places the input at the first line after `floor` that starts with `{`
/// or `[`: among what is kept up to `at`, where the scan stopped, at `at`
/// itself, or else after it, reading on without holding anything.
pub(super) fn resume_at_next_line<R: Read>(
    input: &mut Input<R>,
    floor: Offset,
    at: Offset,
) -> Result<(), Error> {
    // What is kept, not what happens to be still held: where reading goes
    // on must not depend on how the reads fell.
    let kept = input.kept_from().unwrap_or(at);
    let from = Offset((floor.0 + 1).max(kept.0));
    let held = if from < at {
        input.bytes_between(from, at)
    } else {
        &[]
    };
    match memchr::memchr_iter(b'\n', held).find(|&i| matches!(held.get(i + 1), Some(b'{' | b'['))) {
        Some(i) => {
            input.rewind(Offset(from.0 + i as u64 + 1));
            Ok(())
        }
        None => {
            input.rewind(at.max(from));
            // The scan may have stopped right at such a line's first byte
            // (a line cut after a complete token, then the next line's
            // `{`): that line is where reading goes on, not skipped.
            if at >= from && input.position(at).1 == 1 && matches!(input.peek()?, Some(b'{' | b'['))
            {
                return Ok(());
            }
            skip_to_next_line_start(input)
        }
    }
}

/// Moves past the input up to the next line that starts with `{` or `[`;
/// at the end of the input if there is none.
fn skip_to_next_line_start<R: Read>(input: &mut Input<R>) -> Result<(), Error> {
    loop {
        match memchr::memchr(b'\n', input.available()) {
            Some(i) => {
                input.advance(i + 1);
                if let Some(b'{' | b'[') = input.peek()? {
                    return Ok(());
                }
            }
            None => {
                let n = input.available().len();
                input.advance(n);
                if !input.fill()? {
                    return Ok(());
                }
            }
        }
    }
}
