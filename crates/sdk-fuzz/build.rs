//! The operations whose response decoding is fuzzed: every operation of every API version of
//! the seed services' crates, read from their generated `invoke.rs` tables
//! (`operation::invoke::<client::RemoveNode>`), so that a new operation is fuzzed without a
//! line here.

use std::fmt::Write as _;
use std::path::Path;

const CRATES: [(&str, &str); 3] = [
    ("huaweicloud-sdk-cce", "huaweicloud_sdk_cce"),
    ("huaweicloud-sdk-elb", "huaweicloud_sdk_elb"),
    ("huaweicloud-sdk-roma", "huaweicloud_sdk_roma"),
];

fn main() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = String::from("/// Every operation of the fuzzed crates: (crate, module, name, its decoder).\npub static OPERATIONS: &[(&str, &str, &str, Decoder)] = &[\n");
    for (dir, krate) in CRATES {
        let src = crates.join(dir).join("src");
        println!("cargo::rerun-if-changed={}", src.display());
        let mut modules: Vec<_> = std::fs::read_dir(&src)
            .expect("the crate's src/")
            .flatten()
            .filter(|e| e.path().join("invoke.rs").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        modules.sort();
        for module in modules {
            let invoke = src.join(&module).join("invoke.rs");
            println!("cargo::rerun-if-changed={}", invoke.display());
            let text = std::fs::read_to_string(&invoke).expect("invoke.rs");
            for line in text.lines() {
                let Some(rest) = line.split("operation::invoke::<client::").nth(1) else {
                    continue;
                };
                let Some(name) = rest.split('>').next() else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "    ({krate:?}, {module:?}, {name:?}, decode::<{krate}::{module}::client::{name}>),"
                );
            }
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("operations.rs");
    std::fs::write(dest, out).unwrap();
}
