//! Moving past one token (a string, a number, a literal), checking its
//! grammar as the bytes go by. Each scan keeps what it needs to go on when
//! the bytes fed end inside the token; a string, however long, is passed
//! over without being held.

use super::search::find_string_special;
use super::window::{Halt, Scan, Window};

/// A string being passed over, from its opening quote.
#[derive(Clone, Copy, Debug, Default)]
pub(in crate::stream) struct StrScan {
    /// Past the opening quote.
    inside: bool,
    /// Check that the text is UTF-8 (for strings that are not kept).
    utf8: bool,
    /// An escape that JSON does not allow (an unknown letter, a lone
    /// surrogate), or with `utf8` a byte sequence that is not UTF-8: the
    /// string's end is still known, so the scan goes on.
    pub(in crate::stream) bad: bool,
}

impl StrScan {
    pub(in crate::stream) fn new(utf8: bool) -> Self {
        StrScan {
            inside: false,
            utf8,
            bad: false,
        }
    }

    /// Moves past the string (at its opening quote, or where the last call
    /// stopped). A control character or the end of the input stops it.
    #[inline]
    pub(in crate::stream) fn run(&mut self, w: &mut Window<'_>) -> Scan<()> {
        if !self.inside {
            let plain = if self.utf8 {
                1
            } else {
                match buffered_string_len(w.rest()) {
                    Ok(len) => {
                        w.advance(len);
                        return Ok(());
                    }
                    Err(plain) => plain,
                }
            };
            w.advance(plain);
            self.inside = true;
        }
        self.run_inside(w)
    }

    fn run_inside(&mut self, w: &mut Window<'_>) -> Scan<()> {
        loop {
            let rest = w.rest();
            let found = find_string_special(rest);
            let run = found.unwrap_or(rest.len());
            if self.utf8
                && let Err(e) = std::str::from_utf8(&rest[..run])
            {
                match e.error_len() {
                    Some(_) => self.bad = true,
                    // A character cut by the end of the bytes fed: read on
                    // from its first byte.
                    None if found.is_none() => {
                        w.advance(e.valid_up_to());
                        if !w.ends() {
                            return Err(Halt::Need);
                        }
                        w.advance(w.rest().len());
                        return w.broken("unterminated string");
                    }
                    None => self.bad = true,
                }
            }
            w.advance(run);
            if found.is_none() {
                w.peek()?;
                return w.broken("unterminated string");
            }
            match w.rest()[0] {
                b'"' => {
                    w.advance(1);
                    self.inside = false;
                    return Ok(());
                }
                b'\\' => {
                    let (len, allowed) = escape(w.rest(), w.ends())?;
                    w.advance(len);
                    self.bad |= !allowed;
                }
                _ => return w.broken("control character in a string (unterminated string?)"),
            }
        }
    }
}

/// The length of the string at the start of `bytes` (at its opening quote)
/// when it ends within them and holds no control character and no escape
/// but the one-letter ones: most strings, found without leaving the
/// bytes. Otherwise how many bytes of it are plain text, from where the
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

/// An escape, at its backslash: how many bytes it takes, and whether JSON
/// allows it. Bytes that are not part of it are left to the string (a
/// control character stops the string there). Needs the whole escape (at
/// most twelve bytes) fed, or the input's end.
fn escape(bytes: &[u8], eof: bool) -> Scan<(usize, bool)> {
    let at = |i: usize| match bytes.get(i) {
        Some(&b) => Ok(Some(b)),
        None if eof => Ok(None),
        None => Err(Halt::Need),
    };
    match at(1)? {
        Some(b'u') => {
            let (digits, unit) = hex4(&at, 2)?;
            let Some(unit) = unit else {
                return Ok((2 + digits, false));
            };
            if (0xD800..0xDC00).contains(&unit) {
                if at(6)? != Some(b'\\') {
                    return Ok((6, false));
                }
                if at(7)? != Some(b'u') {
                    return Ok((7, false));
                }
                let (digits, low) = hex4(&at, 8)?;
                let paired = low.is_some_and(|low| (0xDC00..0xE000).contains(&low));
                return Ok((8 + digits, paired));
            }
            Ok((6, !(0xDC00..0xE000).contains(&unit)))
        }
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok((2, true)),
        // Anything else but a control character is passed over, to find
        // the string's end.
        Some(b) if b >= 0x20 => Ok((2, false)),
        _ => Ok((1, false)),
    }
}

/// Four hex digits from `from`: how many digits there are (up to four),
/// and the unit when there are four.
fn hex4(at: &impl Fn(usize) -> Scan<Option<u8>>, from: usize) -> Scan<(usize, Option<u32>)> {
    let mut unit = 0;
    for i in 0..4 {
        match at(from + i)?.and_then(|b| (b as char).to_digit(16)) {
            Some(digit) => unit = unit * 16 + digit,
            None => return Ok((i, None)),
        }
    }
    Ok((4, Some(unit)))
}

/// Where a number's scan is: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
#[derive(Clone, Copy, Debug)]
pub(in crate::stream) enum NumScan {
    Start,
    /// After the sign.
    Int,
    /// In a run of digits, and what comes after it.
    Digits(Part),
    AfterInt,
    FracFirst,
    AfterFrac,
    ExpSign,
    ExpFirst,
}

#[derive(Clone, Copy, Debug)]
pub(in crate::stream) enum Part {
    Int,
    Frac,
    Exp,
}

impl NumScan {
    pub(in crate::stream) fn run(&mut self, w: &mut Window<'_>) -> Scan<()> {
        use NumScan::*;
        loop {
            let b = w.peek()?;
            let digit = matches!(b, Some(b'0'..=b'9'));
            *self = match (*self, b) {
                (Start, Some(b'-')) => Int,
                (Start | Int, Some(b'0')) => AfterInt,
                (Start | Int, Some(b'1'..=b'9')) => Digits(Part::Int),
                (Start | Int, _) => return w.broken("invalid number"),
                (Digits(_), _) if digit => {
                    let run = w.rest().iter().take_while(|b| b.is_ascii_digit()).count();
                    w.advance(run);
                    continue;
                }
                (Digits(Part::Int), _) => {
                    *self = AfterInt;
                    continue;
                }
                (Digits(Part::Frac), _) => {
                    *self = AfterFrac;
                    continue;
                }
                (Digits(Part::Exp), _) => return Ok(()),
                (AfterInt, Some(b'.')) => FracFirst,
                (AfterInt | AfterFrac, Some(b'e' | b'E')) => ExpSign,
                (AfterInt | AfterFrac, _) => return Ok(()),
                (FracFirst, _) if digit => Digits(Part::Frac),
                (ExpSign, Some(b'+' | b'-')) => ExpFirst,
                (ExpSign | ExpFirst, _) if digit => Digits(Part::Exp),
                (FracFirst | ExpSign | ExpFirst, _) => return w.broken("invalid number"),
            };
            w.advance(1);
        }
    }
}

/// A literal (`true`, `false`, `null`) being passed over.
#[derive(Clone, Copy, Debug)]
pub(in crate::stream) struct LitScan {
    word: &'static [u8],
    next: usize,
}

impl LitScan {
    /// The literal that starts with `b`, if one does.
    pub(in crate::stream) fn starting_with(b: u8) -> Option<Self> {
        let word: &'static [u8] = match b {
            b't' => b"true",
            b'f' => b"false",
            b'n' => b"null",
            _ => return None,
        };
        Some(LitScan { word, next: 0 })
    }

    pub(in crate::stream) fn run(&mut self, w: &mut Window<'_>) -> Scan<()> {
        if self.next == 0 && w.rest().starts_with(self.word) {
            w.advance(self.word.len());
            return Ok(());
        }
        while self.next < self.word.len() {
            if w.peek()? != Some(self.word[self.next]) {
                return w.broken("expected a value");
            }
            w.advance(1);
            self.next += 1;
        }
        Ok(())
    }
}
