//! The JSON wire form: reading and writing a connection exactly as Graph
//! does, the paths that errors name, and unknown values.

pub(crate) mod de;
pub(crate) mod path;
pub(crate) mod ser;
pub(crate) mod value;
pub(crate) mod wire;
