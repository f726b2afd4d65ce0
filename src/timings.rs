//! Stage timings for profiling a build: with `PLANPRESS_TIMINGS` set, each stage boundary
//! prints the time since the first mark, the resident memory now and its peak since the last
//! mark (sampled every few milliseconds) to stderr. The benchmark (bench/README.md) tells
//! where a large build spends its time and memory with it; without the variable a mark
//! costs one cached lookup.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Clock {
    enabled: bool,
    start: Instant,
    /// The highest resident size sampled since the last mark, in kilobytes.
    peak: AtomicU64,
}

fn clock() -> &'static Clock {
    static CLOCK: OnceLock<Clock> = OnceLock::new();
    CLOCK.get_or_init(|| {
        let enabled = std::env::var_os("PLANPRESS_TIMINGS").is_some();
        if enabled {
            // A sampler, because the peak falls between marks, while stages overlap.
            std::thread::spawn(|| {
                loop {
                    let clock = clock();
                    if let Some(now) = resident_kilobytes() {
                        clock.peak.fetch_max(now, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
        }
        Clock {
            enabled,
            start: Instant::now(),
            peak: AtomicU64::new(0),
        }
    })
}

/// Marks the end of `stage`.
pub fn mark(stage: &str) {
    let clock = clock();
    if !clock.enabled {
        return;
    }
    let elapsed = clock.start.elapsed().as_secs_f64() * 1000.0;
    let now = resident_kilobytes().unwrap_or(0);
    let peak = clock.peak.swap(now, Ordering::Relaxed).max(now);
    let cpu = cpu_milliseconds().map_or_else(String::new, |ms| format!("{ms:>7} ms CPU  "));
    eprintln!(
        "timings: {elapsed:>9.1} ms  {cpu}{:>6} MB resident, {:>6} MB peak since last mark  {stage}",
        now / 1024,
        peak / 1024
    );
}

/// Resident set size, where the platform tells it cheaply (Linux).
fn resident_kilobytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User and system CPU time of the process so far (Linux), on a loaded machine a steadier
/// measure than the wall clock.
fn cpu_milliseconds() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux architecture Rust supports.
    Some(ticks * 10)
}
