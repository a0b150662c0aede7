//! Moving past a whole value: with its full grammar ([`ValueScan`]), or by
//! its strings and brackets alone ([`FastScan`]), each going on where the
//! bytes fed ended.
//!
//! The grammar is checked in full (not only brackets), so that a truncated
//! line is seen where the next line begins rather than at the end of the
//! input; raw control characters in strings are refused, which is what
//! stops an unterminated string at its line's end.

use super::search::find_structural;
use super::token::{LitScan, NumScan, StrScan};
use super::window::{Scan, Window, expect, is_whitespace, next_token};

/// `serde_json`'s nesting limit: the 128th level is refused, counted from
/// the document's root.
pub(in crate::stream) const MAX_DEPTH: usize = 128;

/// The open containers, one bit each: set for an object.
#[derive(Debug, Default)]
struct Containers {
    bits: Vec<u64>,
    len: usize,
}

impl Containers {
    fn push(&mut self, object: bool) {
        let len = self.len;
        if len.is_multiple_of(64) && self.bits.len() <= len / 64 {
            self.bits.push(0);
        }
        let word = &mut self.bits[len / 64];
        *word = (*word & !(1 << (len % 64))) | ((object as u64) << (len % 64));
        self.len += 1;
    }

    fn innermost_is_object(&self) -> bool {
        let top = self.len - 1;
        self.bits[top / 64] & (1 << (top % 64)) != 0
    }
}

#[derive(Debug)]
enum Phase {
    /// A value comes next.
    Value,
    /// Just inside a container: its end, or its first member.
    Opened,
    /// A property name comes next.
    Key,
    KeyString(StrScan),
    Colon,
    Str(StrScan),
    Num(NumScan),
    Lit(LitScan),
    /// After a value: close containers until one goes on with a comma.
    After,
}

/// One JSON value (after whitespace) being passed over, its grammar
/// checked, inside `depth` enclosing containers. A value nested past
/// [`MAX_DEPTH`] is scanned to its end, since its extent is still known,
/// and the first container too deep is kept in `too_deep`.
#[derive(Debug)]
pub(in crate::stream) struct ValueScan {
    depth: usize,
    open: Containers,
    phase: Phase,
    pub(in crate::stream) too_deep: Option<u64>,
}

impl ValueScan {
    pub(in crate::stream) fn new(depth: usize, too_deep: Option<u64>) -> Self {
        ValueScan {
            depth,
            open: Containers::default(),
            phase: Phase::Value,
            too_deep,
        }
    }

    pub(in crate::stream) fn run(&mut self, w: &mut Window<'_>) -> Scan<()> {
        loop {
            self.phase = match &mut self.phase {
                Phase::Value => self.value_start(w)?,
                Phase::Opened => {
                    let object = self.open.innermost_is_object();
                    let close = if object { b'}' } else { b']' };
                    if next_token(w)? == close {
                        w.advance(1);
                        self.open.len -= 1;
                        Phase::After
                    } else if object {
                        Phase::Key
                    } else {
                        Phase::Value
                    }
                }
                Phase::Key => {
                    if next_token(w)? != b'"' {
                        return w.broken("expected a property name");
                    }
                    Phase::KeyString(StrScan::new(false))
                }
                Phase::KeyString(string) => {
                    string.run(w)?;
                    Phase::Colon
                }
                Phase::Colon => {
                    expect(w, b':')?;
                    Phase::Value
                }
                Phase::Str(string) => {
                    string.run(w)?;
                    Phase::After
                }
                Phase::Num(number) => {
                    number.run(w)?;
                    Phase::After
                }
                Phase::Lit(literal) => {
                    literal.run(w)?;
                    Phase::After
                }
                Phase::After => match self.open.len {
                    0 => return Ok(()),
                    _ => self.after_value(w)?,
                },
            };
        }
    }
}

impl ValueScan {
    /// At a value's first byte (after whitespace).
    fn value_start(&mut self, w: &mut Window<'_>) -> Scan<Phase> {
        Ok(match next_token(w)? {
            open @ (b'{' | b'[') => {
                if self.depth + self.open.len + 1 >= MAX_DEPTH && self.too_deep.is_none() {
                    self.too_deep = Some(w.offset());
                }
                self.open.push(open == b'{');
                w.advance(1);
                Phase::Opened
            }
            b'"' => Phase::Str(StrScan::new(false)),
            b'-' | b'0'..=b'9' => Phase::Num(NumScan::Start),
            b => match LitScan::starting_with(b) {
                Some(literal) => Phase::Lit(literal),
                None => return w.broken("expected a value"),
            },
        })
    }

    /// After a value inside a container: a comma and the next member, or
    /// the container's end.
    fn after_value(&mut self, w: &mut Window<'_>) -> Scan<Phase> {
        let object = self.open.innermost_is_object();
        Ok(match next_token(w)? {
            b',' => {
                w.advance(1);
                if object { Phase::Key } else { Phase::Value }
            }
            b'}' if object => {
                w.advance(1);
                self.open.len -= 1;
                Phase::After
            }
            b']' if !object => {
                w.advance(1);
                self.open.len -= 1;
                Phase::After
            }
            _ if object => return w.broken("expected `,` or `}`"),
            _ => return w.broken("expected `,` or `]`"),
        })
    }
}

#[derive(Clone, Copy, Debug)]
enum Fast {
    Start,
    Str(StrScan),
    Scalar,
    /// Inside containers, this many open.
    Open(usize),
    OpenStr(usize, StrScan),
    /// Just after a line end inside containers.
    LineStart(usize),
}

/// One value (after whitespace) being passed over by its strings and
/// brackets alone: several times cheaper than [`ValueScan`], for the
/// values of an alert, whose parse checks the rest of the grammar. It
/// stops, unsure, where a line inside a container starts with `{` or `[`:
/// the value may have been cut short there, and the caller scans it again
/// with [`ValueScan`] to find out. Nesting is counted as `ValueScan`
/// counts it.
#[derive(Clone, Copy, Debug)]
pub(in crate::stream) struct FastScan {
    depth: usize,
    phase: Fast,
}

impl FastScan {
    pub(in crate::stream) fn new(depth: usize) -> Self {
        FastScan {
            depth,
            phase: Fast::Start,
        }
    }

    /// `Ok(true)` past the value; `Ok(false)` at a line start inside it
    /// that starts with `{` or `[`.
    pub(in crate::stream) fn run(
        &mut self,
        w: &mut Window<'_>,
        too_deep: &mut Option<u64>,
    ) -> Scan<bool> {
        loop {
            self.phase = match &mut self.phase {
                Fast::Start => match next_token(w)? {
                    b'"' => Fast::Str(StrScan::new(false)),
                    b'{' | b'[' => Fast::Open(0),
                    _ => Fast::Scalar,
                },
                Fast::Str(string) => {
                    string.run(w)?;
                    return Ok(true);
                }
                Fast::Scalar => {
                    // Up to the next delimiter.
                    let rest = w.rest();
                    let end = rest
                        .iter()
                        .position(|&b| is_whitespace(b) || matches!(b, b',' | b'}' | b']'));
                    w.advance(end.unwrap_or(rest.len()));
                    if end.is_none() {
                        w.peek()?;
                    }
                    return Ok(true);
                }
                Fast::Open(open) => {
                    let open = *open;
                    let Some(n) = find_structural(w.rest()) else {
                        w.advance(w.rest().len());
                        w.peek()?;
                        return w.broken("unexpected end of input");
                    };
                    w.advance(n);
                    match w.rest()[0] {
                        b'"' => Fast::OpenStr(open, StrScan::new(false)),
                        b'{' | b'[' => {
                            if self.depth + open + 1 >= MAX_DEPTH && too_deep.is_none() {
                                *too_deep = Some(w.offset());
                            }
                            w.advance(1);
                            Fast::Open(open + 1)
                        }
                        b'\n' => {
                            w.advance(1);
                            Fast::LineStart(open)
                        }
                        _ => {
                            w.advance(1);
                            let open = open.saturating_sub(1);
                            if open == 0 {
                                return Ok(true);
                            }
                            Fast::Open(open)
                        }
                    }
                }
                Fast::OpenStr(open, string) => {
                    string.run(w)?;
                    Fast::Open(*open)
                }
                Fast::LineStart(open) => {
                    if let Some(b'{' | b'[') = w.peek()? {
                        return Ok(false);
                    }
                    Fast::Open(*open)
                }
            };
        }
    }
}
