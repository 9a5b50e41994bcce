use std::process::ExitCode;

fn main() -> ExitCode {
    rtb_recon::app::main()
}
