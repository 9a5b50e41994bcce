//! The `rtb-recon` binary: everything happens in the library (`app`).

use std::process::ExitCode;

fn main() -> ExitCode {
    rtb_recon::app::main()
}
