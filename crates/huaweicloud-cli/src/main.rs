//! The `hwc` binary: see the [`huaweicloud_cli`] crate.

use std::io::Write;

fn main() {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(arg) => {
                eprintln!("hwc: error: argument {arg:?} is not valid UTF-8: expected UTF-8 text");
                std::process::exit(huaweicloud_cli::EXIT_USAGE);
            }
        }
    }
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = huaweicloud_cli::run(&args, &mut stdout.lock(), &mut stderr.lock());
    let _ = std::io::stdout().flush();
    std::process::exit(code);
}
