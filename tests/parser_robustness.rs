//! The parser never panics: mangled seed pages and arbitrary input yield diagnostics, not
//! crashes.

use proptest::prelude::*;
use sdk_tests::workspace_root;

/// The five seed pages: the pages of `elb`, `roma` and `cce` that were not imported (not
/// listed in their `PROVENANCE.toml`).
fn seed_pages() -> Vec<Vec<u8>> {
    let root = workspace_root().join("spec-docs");
    let mut out = Vec::new();
    for svc in ["elb", "roma", "cce"] {
        let provenance =
            std::fs::read_to_string(root.join(svc).join("PROVENANCE.toml")).unwrap_or_default();
        let mut entries: Vec<_> = std::fs::read_dir(root.join(svc))
            .expect("spec-docs")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let imported = name == "LICENSE.md" || provenance.contains(&format!("\"{name}\" ="));
            if p.extension().is_some_and(|e| e != "toml") && !imported {
                out.push(std::fs::read(&p).expect("readable"));
            }
        }
    }
    assert_eq!(out.len(), 5, "the five seed pages");
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = docparse::parse_page("arbitrary.md", &bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "(\\PC|\n|<table>|</table>|<tr>|<td>|```|# |\\*\\*表 1\\*\\*|状态码： 200|POST /v1/\\{x\\}|\\{|\\[|\"|:|,)*") {
        let _ = docparse::parse_page("arbitrary.md", s.as_bytes());
    }

    #[test]
    fn mangled_seed_pages_never_panic(page in 0usize..5, cuts in proptest::collection::vec((0.0f64..1.0, 0usize..400, any::<u8>()), 1..6)) {
        let seeds = seed_pages();
        let mut bytes = seeds[page % seeds.len()].clone();
        for (at, len, byte) in cuts {
            if bytes.is_empty() { break; }
            let start = ((bytes.len() as f64) * at) as usize % bytes.len();
            let end = (start + len).min(bytes.len());
            // Delete a span, or overwrite it with one byte, or duplicate it.
            match byte % 3 {
                0 => { bytes.drain(start..end); }
                1 => { for b in &mut bytes[start..end] { *b = byte; } }
                _ => { let span: Vec<u8> = bytes[start..end].to_vec(); bytes.splice(start..start, span); }
            }
        }
        let _ = docparse::parse_page("mangled.md", &bytes);
    }
}

#[test]
fn malformed_page_yields_diagnostic_with_file_and_line() {
    let r = docparse::parse_page(
        "broken.md",
        "# Title\n\n## URI\n\nnothing here\n".as_bytes(),
    );
    assert!(r.operation.is_none());
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.file.as_str(), d.code.as_str(), d.line),
        ("broken.md", "no-method-line", 1)
    );
    assert!(d.message.contains("expected"), "{}", d.message);
}

/// Arbitrary JSON values (as proptest builds them).
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        "[a-z_\"\\\\ ]{0,8}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map("[a-z_]{1,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Valid JSON is read exactly as serde_json reads it, however it is indented.
    #[test]
    fn valid_json_examples_read_exactly(v in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }
            .expect("serializable");
        if v.is_object() || v.is_array() {
            let read = docparse::json::parse_example(&text).expect("valid JSON reads");
            let serde: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            prop_assert_eq!(read.value(), &serde);
        }
    }

    /// Broken JSON (any text cut, characters dropped or doubled) never panics the repair pass
    /// or the forgiving reader behind it.
    #[test]
    fn broken_json_examples_never_panic(
        v in json_value(),
        edits in proptest::collection::vec((0.0f64..1.0, 0usize..3, any::<char>()), 1..6),
    ) {
        let mut text: Vec<char> = serde_json::to_string_pretty(&v).expect("serializable").chars().collect();
        for (at, op, c) in edits {
            if text.is_empty() {
                break;
            }
            let i = ((text.len() - 1) as f64 * at) as usize;
            match op {
                0 => { text.remove(i); }
                1 => text.insert(i, c),
                _ => text.truncate(i),
            }
        }
        let text: String = text.into_iter().collect();
        let _ = docparse::json::parse_example(&text);
    }
}
