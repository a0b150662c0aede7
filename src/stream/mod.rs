//! Reading alerts from input of any size and shape, in bounded memory.
//!
//! Layers, lowest first: `input` holds the bytes being read; `scan` finds
//! where JSON values end and checks their grammar; `object` tells an alert
//! from a page and `page_check` checks a page's own properties; `reader`
//! walks the structure around the alerts, and `recover` finds where to go
//! on after broken JSON; `connections` and `raw` hand out connections and
//! alerts' bytes; `locate` places errors found in one alert in the whole
//! input.

mod connections;
mod input;
mod locate;
mod object;
mod page_check;
mod raw;
mod reader;
mod recover;
mod scan;

pub use connections::{AlertConnection, Connections};
pub use raw::RawAlert;
pub use reader::{AlertReader, DEFAULT_MAX_ALERT_SIZE};
