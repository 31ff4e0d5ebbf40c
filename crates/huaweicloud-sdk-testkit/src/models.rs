//! The checks of the generated model tests: a documented example decodes into its generated
//! type and loses nothing, one generic function per check so that each generated test is one
//! line.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// `json` decodes as `T` and every key of it lands in a field: none is ignored. What a
/// response example's test checks (response types only decode).
pub fn decodes_fully<T: DeserializeOwned>(json: &str) {
    decoded_fully::<T>(json);
}

/// [`decodes_fully`], returning what it decoded.
fn decoded_fully<T: DeserializeOwned>(json: &str) -> T {
    let value: Value = serde_json::from_str(json).expect("the example is JSON");
    // The runtime's own strict reading: the generated library already holds its code for `T`.
    let (decoded, ignored) =
        match huaweicloud_sdk_core::tolerant::from_json_noting_unknown::<T>(&value) {
            Ok(read) => read,
            Err(e) => panic!("does not decode: {e}"),
        };
    assert!(
        ignored.is_empty(),
        "keys of the example no field of the type holds: {}",
        ignored.join(", ")
    );
    decoded
}

/// `json` decodes as `T`, loses no key, and encodes back to equivalent JSON (absent and
/// `null` alike): what a request example's test checks.
pub fn round_trips<T: DeserializeOwned + Serialize>(json: &str) {
    let value: T = decoded_fully::<T>(json);
    let back = serde_json::to_value(&value).expect("encodes");
    let original: Value = serde_json::from_str(json).expect("JSON");
    crate::json::assert_equivalent(&back, &original);
}

/// `json` decodes as `T`, and `T`'s `Debug` shows `"***"` where the JSON has `secret`, never
/// the secret itself.
pub fn debug_hides<T: DeserializeOwned + std::fmt::Debug>(json: &str, secret: &str) {
    let value: T = huaweicloud_sdk_core::tolerant::from_json(
        &serde_json::from_str(json).expect("the sample is JSON"),
    )
    .expect("the sample decodes");
    let printed = format!("{value:?}");
    assert!(!printed.contains(secret), "{printed}");
    assert!(printed.contains("***"), "{printed}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, serde::Serialize)]
    struct Spec {
        name: Option<String>,
    }

    #[test]
    fn a_key_no_field_holds_fails() {
        decodes_fully::<Spec>(r#"{"name": "a"}"#);
        let lost = std::panic::catch_unwind(|| decodes_fully::<Spec>(r#"{"nmae": "a"}"#));
        assert!(lost.is_err());
        let wrong = std::panic::catch_unwind(|| decodes_fully::<Spec>(r#"{"name": 1}"#));
        assert!(wrong.is_err());
        round_trips::<Spec>(r#"{"name": null}"#);
    }
}
