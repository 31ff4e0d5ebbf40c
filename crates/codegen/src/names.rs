//! Rust names for wire names: case conversion through `heck`, keyword escaping, and
//! deterministic resolution of collisions.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Words that are keywords in some Rust edition. Most are written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated modules use themselves; a schema of that name is renamed.
const RESERVED_TYPES: &[&str] = &[
    "BTreeMap",
    "Box",
    "Clone",
    "Debug",
    "Default",
    "Deserialize",
    "Err",
    "Error",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Serialize",
    "Some",
    "String",
    "Value",
    "Vec",
];

/// Splits anything that is not an ASCII letter or digit into word boundaries, so that heck
/// sees `X-Auth-Token` as three words and a Chinese name as nothing.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `UpperCamelCase` name for a type or an enum variant; `fallback` when nothing is left.
pub fn upper_camel(raw: &str, fallback: &str) -> String {
    let mut s = ascii_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, fallback);
    }
    s
}

/// Name of a generated type (struct or enum) for a schema or table name.
pub fn type_name(raw: &str) -> String {
    let s = upper_camel(raw, "Type");
    if RESERVED_TYPES.contains(&s.as_str()) || KEYWORDS.contains(&s.as_str()) {
        format!("{s}Model")
    } else {
        s
    }
}

/// `snake_case` name for a field, parameter or method, without keyword escaping.
pub fn snake(raw: &str) -> String {
    let mut s = ascii_words(raw).to_snake_case();
    if s.is_empty() {
        s = "field".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    s
}

/// An identifier for `name`, raw (`r#type`) when it is a keyword, with a trailing underscore
/// when it is a keyword that cannot be raw (`self_`).
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The name serde sees for a Rust field written as [`ident`]`(name)`.
pub fn serde_name(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else {
        name.to_string()
    }
}

/// Hands out names unique within one scope: the first request for a base name gets it as is,
/// later ones get `2`, `3`, ... appended (`_2` for snake case names). Deterministic as long as
/// requests come in a deterministic order.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `taken` are already used.
    pub fn with_taken<'a>(taken: impl IntoIterator<Item = &'a str>) -> Self {
        Scope {
            used: taken.into_iter().map(str::to_string).collect(),
        }
    }

    /// A fresh name based on `base`, now taken.
    pub fn claim(&mut self, base: &str) -> String {
        let sep = if base.contains('_') || base.starts_with(|c: char| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        let mut name = base.to_string();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}{sep}{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_cases() {
        assert_eq!(snake("jobID"), "job_id");
        assert_eq!(snake("sshKey"), "ssh_key");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(
            snake("removeNodeSystemSecurityGroup"),
            "remove_node_system_security_group"
        );
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(snake("名称"), "field");
        assert_eq!(type_name("removeMember"), "RemoveMember");
        assert_eq!(type_name("RemoveNodesSpec"), "RemoveNodesSpec");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(upper_camel("TCP", "V"), "Tcp");
        assert_eq!(upper_camel("1", "V"), "V1");
        assert_eq!(upper_camel("", "V"), "V");
    }

    #[test]
    fn escapes_keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(serde_name("self"), "self_");
        assert_eq!(ident("uid").to_string(), "uid");
    }

    #[test]
    fn resolves_collisions_deterministically() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("job_id"), "job_id");
        assert_eq!(scope.claim("job_id"), "job_id_2");
        assert_eq!(scope.claim("job_id"), "job_id_3");
        assert_eq!(scope.claim("Login"), "Login");
        assert_eq!(scope.claim("Login"), "Login2");
    }
}
