//! The bytes a scan is fed: a slice of the input at a known offset, and
//! whether the input ends with it; and why a scan halts.

/// Why a scan halted before it was done.
pub(in crate::stream) enum Halt {
    /// The bytes fed ran out: the scan goes on, where it stopped, when
    /// more are fed.
    Need,
    /// The input is not JSON here: what was expected, and where.
    Broken { message: String, at: u64 },
}

pub(in crate::stream) type Scan<T> = Result<T, Halt>;

/// Bytes of the input, from offset `base`, with a read position.
pub(in crate::stream) struct Window<'a> {
    bytes: &'a [u8],
    base: u64,
    at: usize,
    /// Whether the input ends after `bytes`.
    eof: bool,
}

impl<'a> Window<'a> {
    /// `bytes`, which start at offset `base`, read from offset `pos`.
    pub(in crate::stream) fn new(bytes: &'a [u8], base: u64, pos: u64, eof: bool) -> Self {
        debug_assert!(pos >= base && pos - base <= bytes.len() as u64);
        Window {
            bytes,
            base,
            at: (pos - base) as usize,
            eof,
        }
    }

    /// The offset of the next byte.
    #[inline]
    pub(in crate::stream) fn offset(&self) -> u64 {
        self.base + self.at as u64
    }

    /// Whether the input ends with these bytes.
    pub(in crate::stream) fn ends(&self) -> bool {
        self.eof
    }

    /// The bytes from the read position on.
    #[inline]
    pub(in crate::stream) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }

    #[inline]
    pub(in crate::stream) fn advance(&mut self, n: usize) {
        debug_assert!(self.at + n <= self.bytes.len());
        self.at += n;
    }

    /// Moves the read position to `offset`, among the bytes or just after
    /// them (no further: past the end is the end).
    pub(in crate::stream) fn seek(&mut self, offset: u64) {
        self.at = ((offset - self.base) as usize).min(self.bytes.len());
    }

    /// The bytes from offset `from` to `to`.
    pub(in crate::stream) fn between(&self, from: u64, to: u64) -> &'a [u8] {
        &self.bytes[(from - self.base) as usize..(to - self.base) as usize]
    }

    /// The next byte; `None` at the input's end; [`Halt::Need`] when the
    /// bytes fed end first.
    #[inline]
    pub(in crate::stream) fn peek(&self) -> Scan<Option<u8>> {
        match self.bytes.get(self.at) {
            Some(&b) => Ok(Some(b)),
            None if self.eof => Ok(None),
            None => Err(Halt::Need),
        }
    }

    /// The bytes from the read position, when `n` of them are there or the
    /// input ends first.
    pub(in crate::stream) fn ahead(&self, n: usize) -> Scan<&'a [u8]> {
        let rest = self.rest();
        if rest.len() < n && !self.eof {
            return Err(Halt::Need);
        }
        Ok(rest)
    }

    /// Broken JSON at the read position.
    #[cold]
    pub(in crate::stream) fn broken<T>(&self, message: impl Into<String>) -> Scan<T> {
        Err(self.halt(message))
    }

    /// Broken JSON at the read position, as the halt it is.
    #[cold]
    pub(in crate::stream) fn halt(&self, message: impl Into<String>) -> Halt {
        Halt::Broken {
            message: message.into(),
            at: self.offset(),
        }
    }
}

/// Skips whitespace; the next byte, or `None` at the end of the input.
// The first check inlined, the loop not: compact JSON has no whitespace
// between tokens, and a call per token measured 3% of reading an export.
#[inline(always)]
pub(in crate::stream) fn skip_whitespace(w: &mut Window<'_>) -> Scan<Option<u8>> {
    if let Some(&b) = w.rest().first()
        && !is_whitespace(b)
    {
        return Ok(Some(b));
    }
    skip_whitespace_run(w)
}

#[inline(never)]
fn skip_whitespace_run(w: &mut Window<'_>) -> Scan<Option<u8>> {
    let rest = w.rest();
    match rest.iter().position(|&b| !is_whitespace(b)) {
        Some(n) => {
            w.advance(n);
            Ok(Some(rest[n]))
        }
        None => {
            w.advance(rest.len());
            w.peek()
        }
    }
}

pub(in crate::stream) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The next byte after whitespace, which must be there.
#[inline]
pub(in crate::stream) fn next_token(w: &mut Window<'_>) -> Scan<u8> {
    match skip_whitespace(w)? {
        Some(b) => Ok(b),
        None => w.broken("unexpected end of input"),
    }
}

/// Expects `byte` after whitespace and moves past it.
pub(in crate::stream) fn expect(w: &mut Window<'_>, byte: u8) -> Scan<()> {
    if next_token(w)? != byte {
        return w.broken(format!("expected `{}`", byte as char));
    }
    w.advance(1);
    Ok(())
}
