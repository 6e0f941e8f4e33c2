//! The `idgauge` binary: parse, run, map the outcome to an exit code (0 ok, 1 policy failure,
//! 2 error). Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    match idgauge::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("idgauge: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

// Rego evaluation allocates small values at a high rate from several threads; mimalloc cut
// `assess` wall time on the 100k-principal benchmark (see README) compared with glibc malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
