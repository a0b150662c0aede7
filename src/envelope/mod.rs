//! What surrounds connections: an alert, and a page of items.

pub(crate) mod alert;
mod not_alert;
pub(crate) mod page;
pub(crate) mod shared;

pub use alert::Alert;
pub use page::GraphPage;
