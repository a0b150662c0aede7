//! The JSON wire form: reading and writing a connection exactly as Graph
//! does, the paths that errors name, and unknown values.

pub(crate) mod de;
mod fields;
mod members;
pub(crate) mod path;
pub(crate) mod ser;
pub(crate) mod value;
pub(crate) mod wire;
