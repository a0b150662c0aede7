//! Refusing a property given twice: the one set of the names of an
//! object read so far, for every object this crate reads.

use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashSet;

/// The names of one object's properties read so far. Names the reader
/// knows have a bit each; other names are held in a [`NameSet`], unless the
/// caller keeps them in a map of its own, which then is their set.
#[derive(Default)]
pub(crate) struct SeenNames<'de> {
    known: u64,
    others: NameSet<'de>,
}

impl<'de> SeenNames<'de> {
    /// Marks the known name of index `index` (below 64) as seen; `false`
    /// when it was already.
    #[inline]
    pub(crate) fn first_known(&mut self, index: usize) -> bool {
        let bit = 1 << index;
        let new = self.known & bit == 0;
        self.known |= bit;
        new
    }

    /// Marks another name as seen; `false` when it was already. `kept` is
    /// the map the caller keeps these names in, if it keeps them.
    #[inline]
    // A `&Cow`, not a `&str`: the set keeps a clone that borrows the input.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn first_other(
        &mut self,
        name: &Cow<'de, str>,
        kept: Option<&Map<String, Value>>,
    ) -> bool {
        match kept {
            Some(map) => !map.contains_key(name.as_ref()),
            None => self.others.insert(name.clone()),
        }
    }
}

/// The names of an object's properties read so far, to refuse one given
/// twice. Borrowed from the input where it has no escapes; a few are
/// searched in a list, more in a hash set, so that time stays linear.
#[derive(Default)]
pub(crate) struct NameSet<'de> {
    few: Vec<Cow<'de, str>>,
    /// A bit per hash of each name in `few`: a name whose bit is clear is
    /// new without searching the list. An alert has 30-40 properties, and
    /// searching for each measured 6% of an export's instructions.
    few_hashes: [u64; 4],
    /// Created when `few` is full: a `HashSet` seeds its hasher when made.
    many: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> NameSet<'de> {
    const FEW: usize = 64;

    /// Whether `name` is in the set.
    pub(crate) fn contains(&self, name: &str) -> bool {
        if let Some(many) = &self.many {
            return many.contains(name);
        }
        let (word, bit) = hash_bit(name);
        self.few_hashes[word] & bit != 0 && self.few.iter().any(|seen| seen == name)
    }

    /// Adds `name`; `false` when it was there already.
    pub(crate) fn insert(&mut self, name: Cow<'de, str>) -> bool {
        if let Some(many) = &mut self.many {
            return many.insert(name);
        }
        let (word, bit) = hash_bit(&name);
        if self.few_hashes[word] & bit != 0 && self.few.contains(&name) {
            return false;
        }
        if self.few.len() < Self::FEW {
            self.few_hashes[word] |= bit;
            if self.few.capacity() == 0 {
                self.few.reserve(16);
            }
            self.few.push(name);
            return true;
        }
        let mut many: HashSet<_> = self.few.drain(..).collect();
        let new = many.insert(name);
        self.many = Some(many);
        new
    }
}

/// Which of [`NameSet::few_hashes`]' 256 bits stands for `name`: a hash of
/// its length and of its first and last eight bytes (names of one object
/// often share a prefix or a suffix such as `DateTime`, rarely both).
#[inline]
fn hash_bit(name: &str) -> (usize, u64) {
    let bytes = name.as_bytes();
    let (head, tail) = match bytes.len() {
        8.. => {
            let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
            (word(0), word(bytes.len() - 8))
        }
        // A loop, not a copy of a variable length (a call to `memcpy`).
        _ => (bytes.iter().fold(0, |word, &b| word << 8 | u64::from(b)), 0),
    };
    let mixed =
        (head ^ tail.rotate_left(29) ^ bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let bit = (mixed >> 56) as usize;
    (bit / 64, 1 << (bit % 64))
}

#[cfg(test)]
mod tests {
    use super::NameSet;
    use std::borrow::Cow;
    use std::collections::HashSet;

    /// `Names` against a plain `HashSet` on names that share prefixes and
    /// suffixes, short and empty ones, and more than `FEW`, each offered
    /// again at every point.
    #[test]
    fn names_refuse_exactly_what_was_seen() {
        let stems = [
            "",
            "a",
            "ab",
            "id",
            "abcdefg",
            "abcdefgh",
            "created",
            "lastModified",
        ];
        let suffixes = ["", "DateTime", "At", "x", "DateTimeX"];
        let mut all: Vec<String> = Vec::new();
        for stem in stems {
            for suffix in suffixes {
                all.push(format!("{stem}{suffix}"));
            }
        }
        all.extend((0..80).map(|i| format!("property{i}")));
        all.sort();
        all.dedup();
        assert!(all.len() > NameSet::FEW + 20, "{}", all.len());
        for count in [
            1,
            10,
            NameSet::FEW - 1,
            NameSet::FEW,
            NameSet::FEW + 1,
            all.len(),
        ] {
            let mut names = NameSet::default();
            let mut expected = HashSet::new();
            for (i, name) in all.iter().take(count).enumerate() {
                assert_eq!(
                    names.insert(Cow::Borrowed(name)),
                    expected.insert(name),
                    "{name}"
                );
                // A name seen before is refused, however it is held.
                let again = &all[i / 2];
                assert!(names.contains(again), "{again} is in");
                assert!(!names.insert(Cow::Owned(again.clone())), "{again} again");
            }
            for name in all.iter().skip(count) {
                assert!(!names.contains(name), "{name} is not in yet");
                assert!(names.insert(Cow::Borrowed(name)), "{name} is new");
            }
        }
    }
}
