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
