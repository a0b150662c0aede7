//! The JSON wire form: reading and writing a connection exactly as Graph
//! does, every serde impl of the model, property names and duplicates, the
//! paths that errors name, and unknown values.
//!
//! The layers above use what this module re-exports, not its files.

mod de;
mod fields;
mod key;
mod members;
mod names;
mod path;
mod placed;
mod seed;
mod ser;
mod value;
mod wire;

pub(crate) use de::ConnectionSeed;
#[cfg(feature = "arrow")]
pub(crate) use key::NameSeed;
#[cfg(feature = "arrow")]
pub(crate) use key::PropertyKeys;
pub(crate) use key::decode_name;
pub(crate) use key::{KeySeed, Listed};
pub(crate) use names::{NameSet, SeenNames};
pub(crate) use path::{Found, Path, Report, accept_null, reject_types, wrong_type};
pub(crate) use placed::{ItemSeed, ReadAt, deserialize_placed};
pub(crate) use seed::visitor_seed;
pub(crate) use ser::write_unknown;
#[cfg(feature = "arrow")]
pub(crate) use value::UnknownValue;
pub(crate) use value::read_unknown;
pub(crate) use wire::read_text;
