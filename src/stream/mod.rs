//! Reading alerts from input of any size and shape, in bounded memory.
//!
//! Layers, lowest first: `input` holds the bytes being read; `search`
//! finds the bytes a scan stops at, `lexeme` moves past one token and
//! `scan` past a whole value, checking the grammar; `object` tells an alert
//! from a page and `page_check` checks a page's own properties; `reader`
//! walks the structure around the alerts (each `step` yields an alert's
//! place, or why not), and `recover` finds where to go on after broken
//! JSON; `connections` and `raw` hand out connections and alerts' bytes;
//! `locate` places errors found in one alert in the whole input.

mod connections;
mod input;
mod lexeme;
mod locate;
mod object;
mod page_check;
mod raw;
mod reader;
mod recover;
mod scan;
mod search;
mod step;

pub use connections::{AlertConnection, Connections};
#[cfg(feature = "arrow")]
pub(crate) use input::{Start, copy_of};
pub use raw::{AlertConnections, RawAlert};
#[cfg(feature = "arrow")]
pub(crate) use reader::LentAlert;
pub use reader::{AlertReader, DEFAULT_MAX_ALERT_SIZE};
