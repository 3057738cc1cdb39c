//! `cdnsign demo`, the main job: every section signs, verifies and shows
//! the CDN's refusals, in text and as one JSON object per section.

mod common;

use cdnsign::api::records;
use common::run;
use serde_json::Value;

#[test]
fn json_sections_hold_records_and_refusal_codes() {
    let out = run(&["--json", "demo"], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sections: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = sections
        .iter()
        .map(|s| s["section"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["cloudfront", "stream", "webhook", "mediacdn"]);
    let code = |i: usize, key: &str| sections[i][key].as_str().unwrap_or_default().to_owned();
    let refusals = &sections[0]["refusals"];
    let want = r#"{"expired":"expired","other_file":"bad_signature","other_ip":"ip_not_allowed","outside_resource":"url_mismatch"}"#;
    assert_eq!(refusals, &serde_json::from_str::<Value>(want).unwrap());
    assert_eq!(code(1, "viewer_us"), "access_denied");
    assert!(code(2, "reserialised_body").starts_with("bad_signature: "));
    assert!(code(2, "one_hour_later").starts_with("timestamp_too_old: "));
    assert_eq!(
        (code(3, "after_61s"), code(3, "other_path")),
        ("expired".into(), "url_mismatch".into())
    );

    let record = |i: usize, key: &str| sections[i][key].clone();
    let cookies: records::CloudFrontVerified =
        serde_json::from_value(record(0, "cookies_verified")).unwrap();
    assert_eq!(
        (cookies.form.as_str(), cookies.ip_range.as_deref()),
        ("cookies", Some("192.0.2.0/24"))
    );
    let url: records::CloudFrontVerified =
        serde_json::from_value(record(0, "url_verified")).unwrap();
    assert!(url.canned);
    assert_eq!(sections[1]["viewer_kr"], "AllowedByRule(0)");
    assert_eq!(sections[3]["verified"]["key_id"], "demo-key");
}

#[test]
fn text_report_labels_every_step() {
    let out = run(&["demo"], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("\n== ").count(), 4, "{text}");
    // CloudFront's lines say "refused", the other sections' "REJECTED".
    let refusals = text.matches("REJECTED ").count() + text.matches("\nrefused ").count();
    assert_eq!(refusals, 9, "{text}");
    for line in [
        "viewer in US  REJECTED access_denied: ",
        "verify +61 s  REJECTED expired: ",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
}
