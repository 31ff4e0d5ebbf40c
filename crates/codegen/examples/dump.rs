//! Writes the crate generated from an apispec JSON file: `dump SERVICE.json OUT_DIR`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, out] = args.as_slice() else {
        return Err("usage: dump SERVICE.json OUT_DIR".into());
    };
    let service: apispec::Service = serde_json::from_str(&std::fs::read_to_string(input)?)?;
    for f in codegen::generate(&service)? {
        let path = Path::new(out).join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, f.contents)?;
    }
    Ok(())
}
