//! Prints the block stream of a page (a debugging aid).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: blocks PAGE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let src = String::from_utf8_lossy(&bytes);
    let blocks = match docparse::detect_format(&src) {
        docparse::Format::Markdown => docparse::read::markdown::markdown_blocks(&src),
        docparse::Format::Html => docparse::read::html::html_blocks(&src),
        docparse::Format::Text => docparse::read::text::text_blocks(&src),
    };
    let json_only = std::env::args().nth(2).as_deref() == Some("--json");
    for b in blocks {
        match (&b, json_only) {
            (docparse::blocks::Block::Code { text, line }, true) => {
                if let Some(start) = docparse::json::json_start(text) {
                    let repaired = docparse::json::repair(&text[start..]);
                    let result = serde_json::from_str::<serde_json::Value>(&repaired)
                        .map(|_| "ok".to_string());
                    println!(
                        "line {line}: {:?}\n{repaired}",
                        result.map_err(|e| e.to_string())
                    );
                    // How the example is finally read (after the general repairer, if needed).
                    match docparse::json::parse_example(text) {
                        Ok(v) => println!(
                            "read as:\n{}",
                            serde_json::to_string_pretty(v.value()).unwrap_or_default()
                        ),
                        Err(e) => println!("unreadable: {e}"),
                    }
                }
            }
            (_, false) => println!("{b:?}"),
            _ => {}
        }
    }
}
