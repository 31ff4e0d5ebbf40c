//! Rule: a response row described as returned only when an error occurs ("出现错误时返回的错误
//! 信息", "Specifies the error message returned when an error occurs") is the error body, which
//! the success body does not have: EVS lists its `error` object in the success table.

/// Whether a response field's description says it is there only on error.
pub fn only_on_error(description: &str) -> bool {
    use crate::vocab::rule_words::{ERROR_ONLY_PHRASES, ERROR_ONLY_PREFIXES};
    let d = description.trim();
    let lower = d.to_lowercase();
    ERROR_ONLY_PREFIXES.iter().any(|p| d.starts_with(p))
        || ERROR_ONLY_PHRASES.iter().any(|p| lower.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_only_descriptions() {
        assert!(only_on_error(
            "出现错误时返回的错误信息，请参见•error参数说明。"
        ));
        assert!(only_on_error(
            "Specifies the error message returned when an error occurs."
        ));
        assert!(!only_on_error("错误码。"));
        assert!(!only_on_error("任务执行失败时的错误信息。"));
    }
}
