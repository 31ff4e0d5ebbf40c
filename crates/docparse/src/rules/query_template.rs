//! Rule: an RFC 6570-like query template on a method line may be written with spaces
//! (`GET /v2/{project_id}/scaling_policy{? a, b ,c}`), so whitespace splits it; and a template
//! left open (`{?a,b` to the end of the line) still lists the query parameters.

/// Splits `path` (which may end inside a `{?` template) and the rest of the line into the path
/// without its templates and the names they list. `rest` is the text after `path` on the line;
/// the second value says how much of it the template took (bytes). The third value is true
/// when a template is never closed (the names then run to the end of the line).
pub fn take_templates(path: &str, rest: &str) -> (String, Vec<String>, usize, bool) {
    let mut out = String::with_capacity(path.len());
    let mut names = Vec::new();
    let mut consumed = 0;
    let mut unclosed = false;
    let mut s = path;
    while let Some(start) = s.find("{?") {
        out.push_str(&s[..start]);
        let after = &s[start + 2..];
        match after.find('}') {
            Some(end) => {
                names.extend(split_names(&after[..end]));
                s = &after[end + 1..];
            }
            None => {
                // The template goes on past the whitespace that split the line.
                let mut inner = after.to_string();
                match rest.find('}') {
                    Some(end) => {
                        inner.push_str(&rest[..end]);
                        consumed = end + 1;
                    }
                    None => {
                        inner.push_str(rest);
                        consumed = rest.len();
                        unclosed = true;
                    }
                }
                names.extend(split_names(&inner));
                s = "";
            }
        }
    }
    out.push_str(s);
    (out, names, consumed, unclosed)
}

/// Whether a method line leaves a `{?` query template open (no `}` after it).
pub fn left_open(line: &str) -> bool {
    line.rfind("{?").is_some_and(|i| !line[i..].contains('}'))
}

fn split_names(list: &str) -> Vec<String> {
    list.split([',', '&'])
        .map(|n| n.split('=').next().unwrap_or("").trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_written_with_spaces_is_read_whole() {
        let (path, names, consumed, unclosed) = take_templates(
            "/v2/{project_id}/scaling_policy{?",
            " a, b ,c} trailing note",
        );
        assert_eq!(path, "/v2/{project_id}/scaling_policy");
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(consumed, " a, b ,c}".len());
        assert!(!unclosed);
    }

    #[test]
    fn closed_and_unclosed_templates() {
        let (path, names, _, unclosed) = take_templates("/x{?a,b}/y", "");
        assert_eq!((path.as_str(), names.len(), unclosed), ("/x/y", 2, false));
        let (path, names, _, unclosed) = take_templates("/x{?", " a, b");
        assert_eq!((path.as_str(), unclosed), ("/x", true));
        assert_eq!(names, ["a", "b"]);
        let (path, names, _, unclosed) = take_templates("/x{?", "");
        assert_eq!((path.as_str(), names.len(), unclosed), ("/x", 0, true));
    }

    #[test]
    fn a_text_page_with_a_spaced_template_parses_without_panic() {
        let page = "查询\n\nURI\n\nGET /v2/{project_id}/scaling_policy{? a, b}\n\n请求参数\n\n无\n";
        let r = crate::parse_page("x.txt", page.as_bytes());
        let op = r.operation.expect("an operation");
        assert_eq!(op.path, "/v2/{project_id}/scaling_policy");
        let q: Vec<&str> = op.params.iter().skip(1).map(|p| p.name.as_str()).collect();
        assert_eq!(q, ["a", "b"]);
        let page = "查询\n\nURI\n\nGET /v2/{project_id}/scaling_policy{? a, b\n\n请求参数\n\n无\n";
        let r = crate::parse_page("x.txt", page.as_bytes());
        assert!(r.operation.is_some());
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.code == "unclosed-query-template"),
            "{:?}",
            r.diagnostics
        );
    }
}
