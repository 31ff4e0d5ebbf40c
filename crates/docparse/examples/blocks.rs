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
        docparse::Format::Markdown => docparse::markdown::markdown_blocks(&src),
        docparse::Format::Html => docparse::html::html_blocks(&src),
        docparse::Format::Text => docparse::text::text_blocks(&src),
    };
    for b in blocks {
        println!("{b:?}");
    }
}
