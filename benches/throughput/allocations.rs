//! Allocations per connection, counted by the global allocator.

use serde::de::DeserializeOwned;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts allocations, to report how many a connection costs.
struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// Allocations per connection when deserializing `input` (`Vec` growth
/// included).
pub(crate) fn allocations<T: DeserializeOwned>(input: &str) -> f64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let parsed: Vec<T> = serde_json::from_str(input).unwrap();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    let count = parsed.len();
    drop(parsed);
    (after - before) as f64 / count as f64
}

/// String properties per connection that are not `null` and not an enum.
pub(crate) fn present_strings(input: &str) -> f64 {
    let value: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(input).unwrap();
    let count = value
        .iter()
        .flat_map(|c| c.iter())
        .filter(|(name, v)| {
            v.is_string() && !["direction", "protocol", "status"].contains(&name.as_str())
        })
        .count();
    count as f64 / value.len() as f64
}
