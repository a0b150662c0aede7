//! What the command asks of the operating system beyond `std`: waiting on
//! descriptors left non-blocking, what standard output is, how signals
//! were left by whoever started it, the limit on open files, the
//! allocator's thresholds, and syncing a file system.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::path::Path;

/// Blocks until `fd` can be read (`readable`) or written, or is closed.
fn wait_ready(fd: BorrowedFd<'_>, readable: bool) -> io::Result<()> {
    let mut poll = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: if readable {
            libc::POLLIN
        } else {
            libc::POLLOUT
        },
        revents: 0,
    };
    // SAFETY: one valid `pollfd`, for a descriptor open for the call.
    match unsafe { libc::poll(&mut poll, 1, -1) } {
        -1 => match io::Error::last_os_error() {
            e if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            e => Err(e),
        },
        _ => Ok(()),
    }
}

/// Retries what would block on a descriptor left non-blocking, once it is
/// ready: the command reads and writes as if it were blocking.
pub fn blocking<T>(
    fd: &impl AsFd,
    readable: bool,
    mut call: impl FnMut() -> io::Result<T>,
) -> io::Result<T> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => wait_ready(fd.as_fd(), readable)?,
            other => return other,
        }
    }
}

/// The metadata of what standard input or output is.
pub fn metadata_of(fd: BorrowedFd<'_>) -> io::Result<std::fs::Metadata> {
    std::fs::File::from(fd.try_clone_to_owned()?).metadata()
}

/// Whether `signal` was set to be ignored by whoever started the command
/// (`nohup`, a shell's background job): such a signal stays ignored.
pub fn is_ignored(signal: i32) -> bool {
    // SAFETY: reads the current action into a zeroed `sigaction`.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut action) == 0
            && action.sa_sigaction == libc::SIG_IGN
    }
}

/// A write past the file-size limit (`ulimit -f`) fails with `EFBIG`, an
/// error the command reports, instead of killing it with `SIGXFSZ`.
pub fn report_file_size_limit() {
    // SAFETY: sets the disposition of one signal to "ignore".
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Raises the limit on open files to the most allowed: every input is
/// opened before anything is written, and there may be thousands.
pub fn raise_open_file_limit() {
    // SAFETY: reads and sets this process's own limit.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Has glibc's allocator keep the memory the export frees and takes again
/// instead of giving it back at once. The export's buffers (a block of
/// input, a column of a chunk) are above glibc's adaptive threshold for
/// `mmap` on their first use, and are made and freed hundreds of times a
/// second on different threads: each `munmap` stops every core to flush
/// its TLB, and each new map faults its pages in. With maps only from
/// 32 MiB (glibc's most) and the heap trimmed past 256 MiB, the export on
/// two threads spends about a tenth less time, for a few MiB more at its
/// peak. Other allocators decide this themselves, and a threshold the
/// user set is left as it is.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // A threshold the user set (`MALLOC_MMAP_THRESHOLD_=...`, or
        // `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=...`) is kept.
        let tunables = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
        let set_by_user = |variable: &str, tunable: &str| {
            std::env::var_os(variable).is_some() || tunables.contains(tunable)
        };
        let thresholds = [
            (
                libc::M_MMAP_THRESHOLD,
                32 << 20,
                "MALLOC_MMAP_THRESHOLD_",
                "glibc.malloc.mmap_threshold",
            ),
            (
                libc::M_TRIM_THRESHOLD,
                256 << 20,
                "MALLOC_TRIM_THRESHOLD_",
                "glibc.malloc.trim_threshold",
            ),
        ];
        for (parameter, bytes, variable, tunable) in thresholds {
            if !set_by_user(variable, tunable) {
                // SAFETY: sets one of the allocator's parameters, before
                // any thread is started.
                unsafe {
                    libc::mallopt(parameter, bytes);
                }
            }
        }
    }
}

/// Writes to disk everything written to the file system of `folder`, and
/// reports a write that failed: one flush for the thousands of files of a
/// table, where syncing each would wait on the disk thousands of times.
/// Where there is no `syncfs`, the whole system's.
pub fn sync_file_system(folder: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let folder = std::fs::File::open(folder)?;
        // SAFETY: a descriptor open for the call.
        match unsafe { libc::syncfs(folder.as_raw_fd()) } {
            0 => Ok(()),
            _ => Err(io::Error::last_os_error()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = folder;
        // SAFETY: no arguments.
        unsafe { libc::sync() };
        Ok(())
    }
}
