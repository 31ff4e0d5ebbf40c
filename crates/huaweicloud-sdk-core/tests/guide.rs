//! The README's "User guide" section is `docs/guide.md`, whose examples are doc tests of this
//! crate (`guide` module): the copy must not drift.

#[test]
fn the_readme_holds_the_guide_verbatim() {
    let guide = include_str!("../docs/guide.md");
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("<!-- BEGIN user guide")
        .expect("README has the user guide markers");
    let body = &readme[start..];
    let body = &body[body.find("-->\n").expect("marker ends") + 4..];
    let end = body.find("<!-- END user guide -->").expect("end marker");
    assert_eq!(
        &body[..end],
        guide,
        "README's user guide differs from crates/huaweicloud-sdk-core/docs/guide.md: copy it over"
    );
}
