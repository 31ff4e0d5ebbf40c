//! Constraints written into description cells: defaults, ranges, lengths and value lists
//! (缺省值/默认值/Default, 取值范围/Value range, 最小长度/最大长度, 最小值/最大值,
//! 枚举值/Enumeration values, "The value can be A, B, or C").

use std::sync::LazyLock;

use apispec::FieldInfo;
use regex::Regex;

static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:缺省值|默认值|default value|default)\s*(?:is|为)?\s*[:：]?\s*(.+)$")
        .expect("valid regex")
});
static MIN_LEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:最小长度|minimum length|min length)\s*[:：]\s*(\d+)").expect("valid regex")
});
static MAX_LEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:最大长度|maximum length|max length)\s*[:：]\s*(\d+)").expect("valid regex")
});
static MIN_VAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:最小值|minimum value|minimum|min value)\s*[:：]\s*(-?\d+(?:\.\d+)?)")
        .expect("valid regex")
});
static MAX_VAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:最大值|maximum value|maximum|max value)\s*[:：]\s*(-?\d+(?:\.\d+)?)")
        .expect("valid regex")
});
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:取值范围|value range|range)\s*(?:is|为)?\s*[:：]?\s*[\[（(]?\s*(-?\d+(?:\.\d+)?)\s*(?:-|~|～|,|，|到|to)\s*(-?\d+(?:\.\d+)?)")
        .expect("valid regex")
});
static ENUM_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:枚举值|enumeration values?|enumerated values?)\s*[:：]\s*(.*)$")
        .expect("valid regex")
});
static VALUE_CAN_BE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:the )?(?:value|values) (?:can be|must be|is|are|include|includes)(?: one of)?(?: the following)?\s*[:：]?\s*(.+?)(?:\.\s|\.$|$)")
        .expect("valid regex")
});
static WORD_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_.\-/:*]{1,64}$").expect("valid regex"));

/// Fills the constraint fields of `info` from its description.
pub fn extract_constraints(info: &mut FieldInfo) {
    let lines: Vec<String> = info
        .description
        .lines()
        .map(|l| l.trim().to_string())
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if info.default.is_none() {
            if let Some(c) = DEFAULT.captures(line) {
                let label_at_start = c.get(0).is_some_and(|m| m.start() == 0);
                let v = c[1]
                    .trim()
                    .trim_end_matches(['。', '.'])
                    .trim_matches(['“', '”', '"', '\''])
                    .to_string();
                if label_at_start && !v.is_empty() && v.chars().count() <= 64 {
                    info.default = Some(v);
                }
            }
        }
        if let Some(c) = MIN_LEN.captures(line) {
            info.min_length = c[1].parse().ok();
        }
        if let Some(c) = MAX_LEN.captures(line) {
            info.max_length = c[1].parse().ok();
        }
        if let Some(c) = MIN_VAL.captures(line) {
            info.minimum = c[1].parse().ok();
        }
        if let Some(c) = MAX_VAL.captures(line) {
            info.maximum = c[1].parse().ok();
        }
        if info.minimum.is_none() && info.maximum.is_none() {
            if let Some(c) = RANGE.captures(line) {
                info.minimum = c[1].parse().ok();
                info.maximum = c[2].parse().ok();
            }
        }
        if info.enum_values.is_empty() {
            if let Some(c) = ENUM_LABEL.captures(line) {
                let rest = c[1].trim();
                if rest.is_empty() {
                    // The values follow as list items or lines.
                    let mut j = i + 1;
                    let mut vals = Vec::new();
                    while j < lines.len() {
                        let v = lines[j].trim_start_matches("- ").trim();
                        if WORD_VALUE.is_match(v) {
                            vals.push(v.to_string());
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    info.enum_values = vals;
                } else {
                    info.enum_values = split_values(rest);
                }
            } else if let Some(c) = VALUE_CAN_BE.captures(line) {
                let vals = split_values(&c[1]);
                if vals.len() >= 2 {
                    info.enum_values = vals;
                }
            }
        }
        i += 1;
    }
}

/// "A, B, or C" / "A、B、C" / "A | B" → the values, when every one is a plain token.
fn split_values(s: &str) -> Vec<String> {
    let s = s.trim().trim_end_matches(['。', '.']);
    let parts: Vec<String> = s
        .split([',', '，', '、', '|', '/'])
        .flat_map(|p| p.split(" or "))
        .flat_map(|p| p.split(" and "))
        .map(|p| {
            p.trim()
                .trim_start_matches("or ")
                .trim_start_matches("and ")
                .trim_matches(['“', '”', '"', '\'', '`', ' '])
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect();
    if parts.iter().all(|p| WORD_VALUE.is_match(p)) {
        parts
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(d: &str) -> FieldInfo {
        let mut i = FieldInfo {
            description: d.into(),
            ..Default::default()
        };
        extract_constraints(&mut i);
        i
    }

    #[test]
    fn chinese_labels() {
        let i = info("登录帐号，默认为“root”\n缺省值：root");
        assert_eq!(i.default.as_deref(), Some("root"));
        let i = info("名称。\n最小长度：1\n最大长度：64");
        assert_eq!((i.min_length, i.max_length), (Some(1), Some(64)));
        let i = info("个数。\n取值范围：1-200");
        assert_eq!((i.minimum, i.maximum), (Some(1.0), Some(200.0)));
        let i = info("类型。\n枚举值：\n- ecs\n- bms");
        assert_eq!(i.enum_values, vec!["ecs", "bms"]);
        let i = info("最小值：0\n最大值：100");
        assert_eq!((i.minimum, i.maximum), (Some(0.0), Some(100.0)));
    }

    #[test]
    fn english_phrases() {
        let i = info("Specifies the protocol. The value can be HTTP, HTTPS, or TCP.");
        assert_eq!(i.enum_values, vec!["HTTP", "HTTPS", "TCP"]);
        let i = info("Default: 10");
        assert_eq!(i.default.as_deref(), Some("10"));
        let i = info("Value range: 1 to 100");
        assert_eq!((i.minimum, i.maximum), (Some(1.0), Some(100.0)));
        let i = info("Specifies the name, which is a string of characters.");
        assert!(i.enum_values.is_empty());
    }
}
