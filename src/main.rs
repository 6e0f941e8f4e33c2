//! The `idgauge` binary: parse, run, map the outcome to an exit code (0 ok, 1 policy failure,
//! 2 error). Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_freed_memory_promptly();
    match idgauge::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("idgauge: error: {}", idgauge::cli::error_text(&err));
            ExitCode::from(2)
        }
    }
}

// Rego evaluation allocates small values at a high rate from several threads; mimalloc cut
// `assess` wall time on the 100k-principal benchmark (see README) compared with glibc malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option: its index in mimalloc 3's `mi_option_e` (libmimalloc-sys
/// does not name it; the test below fails if an upgrade moves it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed pages go back to the OS at once instead of after mimalloc's default one-second delay.
/// A run frees the snapshot text and then each scope's Rego input while worker threads keep
/// allocating; with the delay those pages stayed resident (peak RSS at 10k principals 43 -> 35
/// MiB, at 100k 150 -> 132 MiB; wall time within noise). `MIMALLOC_PURGE_DELAY` still wins.
fn return_freed_memory_promptly() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option; mimalloc reads options atomically.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn purge_delay_option_index() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads one integer option.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(
            default, 1000,
            "index 15 is no longer mimalloc's purge_delay"
        );
    }
}
