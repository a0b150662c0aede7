//! The input of the splitter: what it reads,
//! with bytes put back in front.

use std::io::{self, Read};

/// The input, with bytes put back in front of what is still to be read,
/// and a failed read kept for the reader that reports it.
pub(super) struct Source<R> {
    /// Put back: `front[taken..]` comes before `rest`.
    front: Vec<u8>,
    taken: usize,
    pub(super) failed: Option<io::Error>,
    rest: R,
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.taken < self.front.len() {
            let n = (&self.front[self.taken..]).read(buf)?;
            self.taken += n;
            return Ok(n);
        }
        match self.failed.take() {
            Some(error) => Err(error),
            None => self.rest.read(buf),
        }
    }
}

impl<R> Source<R> {
    pub(super) fn new(rest: R) -> Self {
        Source {
            front: Vec::new(),
            taken: 0,
            failed: None,
            rest,
        }
    }

    pub(super) fn put_back(&mut self, bytes: &[u8]) {
        let unread = &self.front[self.taken..];
        let mut front = Vec::with_capacity(bytes.len() + unread.len());
        front.extend_from_slice(bytes);
        front.extend_from_slice(unread);
        (self.front, self.taken) = (front, 0);
    }
}
