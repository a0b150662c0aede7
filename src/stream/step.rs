//! What one step of reading yields: where an alert was found, or why none
//! came out.

use super::input::Offset;
use super::lexeme::Stop;
use super::locate::Place;
use crate::Error;

/// Where an alert was found in the input.
pub(super) struct Found {
    pub(super) place: Place,
    pub(super) start: Offset,
    pub(super) end: Offset,
}

/// Why no alert came out of a step.
pub(super) enum Fault {
    /// Something is wrong, but the structure around it is sound: reading
    /// goes on after it.
    Data(Error),
    /// The scan stopped.
    Scan(Stop),
}

impl From<Stop> for Fault {
    fn from(stop: Stop) -> Self {
        Fault::Scan(stop)
    }
}

impl From<Error> for Fault {
    fn from(error: Error) -> Self {
        Fault::Scan(Stop::Io(error))
    }
}
