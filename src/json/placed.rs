//! An item's place in a page, handed to this crate's own types through
//! any `Deserialize`, so that `GraphPage<T>` holds any `T: Deserialize`
//! and its alerts' and connections' errors still name their item
//! (`value[3].networkConnections[0].sourcePort`).
//!
//! Stable Rust has no specialization, so the page cannot ask whether `T` is
//! one of this crate's types. It asks the other way round, by the private
//! name that `serde_json`'s `RawValue` uses with its own deserializer: this
//! crate's types ask any deserializer for a newtype struct of the name
//! [`PLACE`]. A deserializer of JSON hands them itself, as it does for
//! every newtype struct, and they read themselves at the root; the page
//! reads each item through [`InPage`], which answers with the item's index
//! and then the item.

use crate::json::path::{Path, Report};
use serde::de::value::U64Deserializer;
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// The private name this crate's types ask for their place by.
const PLACE: &str = "$msgraph_network_connection::Place";

/// One of this crate's types that reads itself at a path.
pub(crate) trait ReadAt<'de>: Sized {
    /// What the type is, for an error message.
    const EXPECTING: &'static str;

    /// Reads the value, found at `at`.
    fn read_at<D: Deserializer<'de>>(at: &Path<'_>, deserializer: D) -> Result<Self, D::Error>;
}

/// Deserializes `T`: at the root, or at the place a page gives it.
pub(crate) fn deserialize_placed<'de, T: ReadAt<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_newtype_struct(PLACE, Placed(PhantomData))
}

/// Reads an item of a page: `T` itself, told its index `index` when it is
/// one of this crate's types.
pub(crate) struct ItemSeed<T> {
    pub(crate) index: usize,
    pub(crate) item: PhantomData<T>,
}

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for ItemSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(InPage {
            inner: deserializer,
            index: self.index,
        })
    }
}

struct Placed<T>(PhantomData<T>);

impl<'de, T: ReadAt<'de>> Visitor<'de> for Placed<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    /// At the root: what a deserializer of JSON hands over.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        let report = Report::in_text();
        T::read_at(&Path::Root(&report), deserializer)
    }

    /// In a page: the item's index, then the item.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let missing = || de::Error::custom("an item without its place");
        let index: u64 = seq.next_element()?.ok_or_else(missing)?;
        let report = Report::in_text();
        let root = Path::Root(&report);
        let value = root.key("value");
        let at = value.index(index as usize);
        seq.next_element_seed(AtSeed::<T> {
            at: &at,
            item: PhantomData,
        })?
        .ok_or_else(missing)
    }
}

struct AtSeed<'a, 'p, T> {
    at: &'a Path<'p>,
    item: PhantomData<T>,
}

impl<'de, T: ReadAt<'de>> DeserializeSeed<'de> for AtSeed<'_, '_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read_at(self.at, deserializer)
    }
}

/// The deserializer of a page's item: `inner` for everything, but that it
/// answers this crate's types' question for their place with the item's
/// index and then the item.
struct InPage<D> {
    inner: D,
    index: usize,
}

/// The index, then the item.
struct IndexThenItem<D> {
    index: Option<usize>,
    item: Option<D>,
}

impl<'de, D: Deserializer<'de>> SeqAccess<'de> for IndexThenItem<D> {
    type Error = D::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, D::Error> {
        if let Some(index) = self.index.take() {
            let index = U64Deserializer::<D::Error>::new(index as u64);
            return seed.deserialize(index).map(Some);
        }
        match self.item.take() {
            Some(item) => seed.deserialize(item).map(Some),
            None => Ok(None),
        }
    }
}

/// Hands each call on to `self.inner`.
macro_rules! forward {
    ($($method:ident ($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method($($arg,)* visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for InPage<D> {
    type Error = D::Error;

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if name != PLACE {
            return self.inner.deserialize_newtype_struct(name, visitor);
        }
        visitor.visit_seq(IndexThenItem {
            index: Some(self.index),
            item: Some(self.inner),
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_seq(); deserialize_map();
        deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }
}
