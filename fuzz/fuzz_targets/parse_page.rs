//! Any bytes, as any page format: the parser must return (operation and/or diagnostics), never
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = docparse::parse_page("fuzz.md", data);
    // Every diagnostic names the file and a line.
    for d in &result.diagnostics {
        assert_eq!(d.file, "fuzz.md");
        assert!(d.line >= 1);
    }
});
