//! How a step of the scanner ended, when not with the next task.

use super::Found;
use super::window::Halt;
use crate::Error;

/// How a step ended, when not with the next task.
pub(super) enum Stop {
    Alert(Found),
    /// Refused, with the start of the stretch to hand out with it.
    Refused(Error, u64),
    Halt(Halt),
    End,
    /// Reading cannot go on (UTF-16 input).
    Fatal(Error),
}

impl From<Halt> for Stop {
    fn from(halt: Halt) -> Self {
        Stop::Halt(halt)
    }
}
