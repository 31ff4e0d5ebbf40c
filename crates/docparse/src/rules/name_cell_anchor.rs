//! Rule: a field's sub-table is linked by an anchor on the field-name cell.
//!
//! IAM writes `<a href="#…_request_Rq113RolePolicy">policy</a>` in the name cell, types the row
//! `Object` without naming a table, and puts `<a name="…_request_Rq113RolePolicy"></a>` just
//! before the sub-table, whose caption is the field's dotted path from the body root
//! (`role.policy`, Markdown escapes removed) or a generated id. The link alone resolves it;
//! failing that, a caption that is a dotted path ending in the field's name names it.

use crate::blocks::Cell;

/// The in-page anchors a name cell links to (`#X` targets), in order.
pub fn anchors(name_cell: &Cell) -> Vec<String> {
    name_cell
        .links
        .iter()
        .filter_map(|l| l.strip_prefix('#'))
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a caption is a dotted path (`role.policy`, `auth.identity.password\_user`) whose
/// last segment is `field` (compared as identifiers: case and punctuation ignored).
pub fn dotted_caption_names(caption: &str, field: &str) -> bool {
    let c = caption.replace('\\', "");
    let c = c.trim();
    if !c.contains('.') || c.contains(char::is_whitespace) {
        return false;
    }
    let last = c
        .rsplit('.')
        .next()
        .unwrap_or("")
        .trim_end_matches("[]")
        .trim();
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    !last.is_empty() && norm(last) == norm(field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use apispec::Schema;

    /// Three levels and an array level, linked only from the name cells; the type cells say
    /// `Object` / `Array of objects` and name no table.
    const FRAGMENT: &str = include_str!("../../tests/fragments/anchor-name-cell.md");

    fn obj(s: &Schema) -> &apispec::ObjectSchema {
        match s {
            Schema::Object(o) => o,
            other => panic!("expected an object, got {other:?}"),
        }
    }

    fn field<'a>(o: &'a apispec::ObjectSchema, name: &str) -> &'a Schema {
        &o.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name} in {:?}", o.fields))
            .schema
    }

    #[test]
    fn name_cell_links_are_anchors() {
        let c = Cell {
            text: "policy".into(),
            links: vec!["#request_RolePolicy".into(), "other.md".into()],
        };
        assert_eq!(anchors(&c), ["request_RolePolicy"]);
        assert!(anchors(&Cell::default()).is_empty());
    }

    #[test]
    fn dotted_path_captions_name_their_last_segment() {
        assert!(dotted_caption_names("role.policy", "policy"));
        assert!(dotted_caption_names(
            r"auth.identity.password\_user",
            "password_user"
        ));
        assert!(dotted_caption_names("role.policy.Statement[]", "Statement"));
        assert!(!dotted_caption_names("policy", "policy"));
        assert!(!dotted_caption_names("role.policy", "role"));
        assert!(!dotted_caption_names("see table 3. policy", "policy"));
    }

    #[test]
    fn a_page_linking_sub_tables_from_the_name_cell_nests_them() {
        let op = crate::parse_page("p.md", FRAGMENT.as_bytes())
            .operation
            .expect("an operation");
        let body = op.request_body.as_ref().expect("a request body");
        let role = obj(field(obj(body), "role"));
        assert!(matches!(field(role, "display_name"), Schema::String));
        let policy = obj(field(role, "policy"));
        assert!(matches!(field(policy, "Version"), Schema::String));
        let Schema::Array { items, .. } = field(policy, "Statement") else {
            panic!("Statement is an array: {policy:?}");
        };
        let statement = obj(items);
        assert!(matches!(field(statement, "Effect"), Schema::String));
        assert!(matches!(field(statement, "Action"), Schema::Array { .. }));
    }
}
