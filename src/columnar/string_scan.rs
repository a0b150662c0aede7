//! Finding where a JSON string ends: the first quote, backslash or
//! control character, sixteen bytes at a time where the processor allows.

/// Where the first quote, backslash or control character of `bytes` is
/// (their length when there is none): sixteen bytes at a time with SSE2
/// (in every x86-64 processor), else eight at a time.
#[inline]
pub(super) fn special(bytes: &[u8]) -> usize {
    let mut at = 0;
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(at..at + 16) {
        // SAFETY: SSE2 is part of x86-64 itself: every x86-64 processor
        // has it.
        let found = unsafe { sse2::special(chunk.try_into().expect("sixteen bytes")) };
        if found != 0 {
            return at + found.trailing_zeros() as usize;
        }
        at += 16;
    }
    while let Some(chunk) = bytes.get(at..at + 8) {
        let found = swar_special(chunk.try_into().expect("eight bytes"));
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let tail = bytes[at..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
    at + tail.unwrap_or(bytes.len() - at)
}

/// The high bit of each byte of `chunk` that is a quote, a backslash or a
/// control character, and maybe of bytes after the first such: a byte is
/// flagged by borrowing past zero (Mycroft's test), and the lowest flag is
/// exact.
#[inline]
fn swar_special(chunk: [u8; 8]) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    let zero = |word: u64| word.wrapping_sub(ONES) & !word;
    let word = u64::from_le_bytes(chunk);
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) & (ONES << 7)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8,
    };

    /// A bit for each byte of `chunk` that is a quote, a backslash or a
    /// control character.
    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn special(chunk: [u8; 16]) -> u32 {
        let [low, high] = [&chunk[..8], &chunk[8..]]
            .map(|half| i64::from_le_bytes(half.try_into().expect("eight bytes")));
        let bytes = _mm_set_epi64x(high, low);
        let quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\\' as i8));
        // Below 0x20 exactly where the unsigned max with 0x1f is 0x1f.
        let low_bound = _mm_set1_epi8(0x1f);
        let control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, low_bound), low_bound);
        let found = _mm_or_si128(_mm_or_si128(quote, backslash), control);
        _mm_movemask_epi8(found) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::special;

    #[test]
    fn the_first_special_byte_is_found_wherever_it_is() {
        for length in 0..40 {
            for at in 0..=length {
                for special_byte in [b'"', b'\\', 0x00, 0x1f] {
                    // Bytes around the specials: 0x20, 0x7f, 0xff, letters.
                    let mut bytes: Vec<u8> = (0..length)
                        .map(|i| [b' ', 0x7f, 0xff, b'a'][i % 4])
                        .collect();
                    if at < length {
                        bytes[at] = special_byte;
                        // A later special byte does not hide the first.
                        if at + 1 < length {
                            bytes[at + 1] = b'"';
                        }
                    }
                    assert_eq!(special(&bytes), at, "{bytes:?}");
                }
            }
        }
    }
}
