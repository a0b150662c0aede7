//! Reading alerts from input of any size and shape, in bounded memory.
//!
//! Layers, lowest first: `input` (places in the input), `locate` (places
//! errors found in one alert in the whole input), `page_check` (a page's
//! own properties, parsed), `scan` (the scanner: a state machine fed the
//! input's bytes, which finds the alerts and never reads), `raw` (an
//! alert's bytes and place), `reader` (the loop that reads and feeds the
//! scanner), `connections` (each connection of each alert).

mod connections;
pub(crate) mod input;
mod locate;
mod page_check;
mod page_end;
mod raw;
mod reader;
pub(crate) mod scan;

pub use connections::{AlertConnection, Connections};
pub use page_end::{MAX_PAGE_LINK, PageProperties};
pub use raw::{AlertConnections, RawAlert};
pub(crate) use reader::copy_of;
// For the columnar export, which reads in blocks of its own.
#[allow(unused_imports)]
pub(crate) use reader::Parts;
pub use reader::{AlertReader, DEFAULT_MAX_ALERT_SIZE};
