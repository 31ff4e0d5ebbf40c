//! Array placeholder rows: a body whose top level is an array is documented by a table with
//! one row standing for the array's items, its name a bracketed word for "array" (`[数组]`,
//! `*[数组]*` in italics, `[array]`, `[Array element]`), typed `Array of objects` and linking
//! the element table, whose caption starts with the same word (`_\[数组\]_字段说明`). The row
//! is not a field named `[`: the body is the row's type, and the element table's object has
//! no name of its own (the caption's placeholder is not one).

use apispec::{Field, Schema};

/// The name a placeholder row is read under: never a documented field's name.
pub const ITEMS: &str = "[]";

/// Words for "array" or "array element" that pages put in brackets.
const WORDS: &[&str] = &[
    "数组",
    "数组元素",
    "元素",
    "列表",
    "array",
    "arrays",
    "array element",
    "array elements",
    "element",
    "elements",
    "item",
    "items",
    "list",
];

/// `text` without Markdown emphasis and escapes (`*`, `_`, `\`) and surrounding spaces.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '*' | '_' | '\\'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// The bracketed placeholder at the start of `text` and the rest, if `text` starts with one.
fn split_placeholder(text: &str) -> Option<(&'static str, String)> {
    let t = plain(text);
    let rest = t.strip_prefix(['[', '［', '【'])?;
    let close = rest.find([']', '］', '】'])?;
    let word = rest[..close].trim().to_lowercase();
    let after = rest[close..].chars().skip(1).collect::<String>();
    WORDS
        .iter()
        .find(|w| **w == word)
        .map(|w| (*w, after.trim().to_string()))
}

/// Whether a name cell holds a placeholder row's name (the whole first line).
pub fn is_placeholder(cell_text: &str) -> bool {
    let first = cell_text.lines().next().unwrap_or("");
    split_placeholder(first).is_some_and(|(_, rest)| rest.is_empty())
}

/// Whether a caption names the element table of a placeholder row: it starts with the
/// placeholder, followed by nothing but words about the table (`字段说明`, `field
/// description`), not by a dotted path into it (`[数组].version_list…` names a field's table).
pub fn is_element_caption(caption: &str) -> bool {
    match split_placeholder(caption) {
        Some((_, rest)) => !rest.starts_with('.'),
        None => false,
    }
}

/// The body a root table's fields make: the placeholder row's type when the table is that row
/// alone (an array; a type that is not one is the item type of an array), else `None`.
pub fn body_of(fields: &[Field]) -> Option<Schema> {
    match fields {
        [only] if only.name == ITEMS => Some(match &only.schema {
            s @ Schema::Array { .. } => s.clone(),
            other => Schema::array(other.clone()),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_words_for_array_are_placeholders() {
        for name in [
            "*[数组]*",
            "[数组]",
            "_\\[数组\\]_",
            "[Array]",
            "[array element]",
            "【数组元素】",
        ] {
            assert!(is_placeholder(name), "{name}");
        }
        for name in [
            "servers",
            "[数组].id",
            "tags[]",
            "[0]",
            "[name]",
            "数组",
            "",
        ] {
            assert!(!is_placeholder(name), "{name}");
        }
    }

    #[test]
    fn element_captions_start_with_the_placeholder() {
        assert!(is_element_caption("_\\[数组\\]_字段说明"));
        assert!(is_element_caption("[Array element] field description"));
        assert!(!is_element_caption(
            "_\\[数组\\]_.version\\_list字段数据结构说明"
        ));
        assert!(!is_element_caption("server字段说明"));
    }

    #[test]
    fn a_table_of_the_placeholder_alone_is_the_array_body() {
        let items = Schema::array(Schema::Object(apispec::ObjectSchema {
            name: None,
            fields: vec![],
        }));
        let row = |name: &str, schema: Schema| Field {
            name: name.into(),
            required: true,
            schema,
            info: Default::default(),
        };
        assert_eq!(body_of(&[row(ITEMS, items.clone())]), Some(items));
        assert_eq!(
            body_of(&[row(ITEMS, Schema::String)]),
            Some(Schema::array(Schema::String))
        );
        assert_eq!(
            body_of(&[row(ITEMS, Schema::String), row("id", Schema::String)]),
            None
        );
        assert_eq!(body_of(&[row("servers", Schema::String)]), None);
    }
}
