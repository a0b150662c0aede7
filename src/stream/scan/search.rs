//! Word-at-a-time searches for the bytes the scan stops at: strings are
//! most of the input, and eight bytes at a time is several times faster
//! than a byte loop.

/// The index of the first `"`, `{`, `[`, `}`, `]` or newline, eight bytes
/// at a time. Setting bit 5 maps `[` to `{` and `]` to `}` (and no other
/// byte to either).
pub(in crate::stream) fn find_structural(bytes: &[u8]) -> Option<usize> {
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
pub(in crate::stream) fn find_string_special(bytes: &[u8]) -> Option<usize> {
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
