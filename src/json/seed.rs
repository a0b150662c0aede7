//! The `DeserializeSeed` of a visitor that is its own seed: most readers
//! here are a visitor with what it needs (its path, its target), handed to
//! `deserialize_any`.

/// Implements `DeserializeSeed<'de>` for `$seed`, a `Visitor<'de>`, by
/// handing it to `deserialize_any`. `[...]` are the impl's generics, which
/// name `'de`. With `placed`, an error met below is placed at the seed's
/// path, `self.at` (see [`Path::locate`](crate::json::Path::locate)).
macro_rules! visitor_seed {
    ([$($generics:tt)*] $seed:ty) => {
        impl<$($generics)*> serde::de::DeserializeSeed<'de> for $seed {
            type Value = <Self as serde::de::Visitor<'de>>::Value;

            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_any(self)
            }
        }
    };
    ([$($generics:tt)*] $seed:ty, placed) => {
        impl<$($generics)*> serde::de::DeserializeSeed<'de> for $seed {
            type Value = <Self as serde::de::Visitor<'de>>::Value;

            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                let at = self.at;
                deserializer
                    .deserialize_any(self)
                    .map_err(|error| at.locate(error))
            }
        }
    };
}

pub(crate) use visitor_seed;
