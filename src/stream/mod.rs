//! Reading alerts from input of any size and shape, in bounded memory.
//!
//! Layers, lowest first: `input` holds the bytes being read; `scan` finds
//! where JSON values end and checks their grammar; `page_check` decides
//! what an object is and checks a page's own properties; `reader` walks the
//! structure around the alerts; `connections` hands out connections;
//! `locate` places errors found in one alert in the whole input.

mod connections;
mod input;
mod locate;
mod page_check;
mod reader;
mod scan;

pub use connections::{AlertConnection, Connections};
pub use reader::{AlertReader, DEFAULT_MAX_ALERT_SIZE, RawAlert};
