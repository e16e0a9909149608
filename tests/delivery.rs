//! The words of delivery's errors (the courier's decisions are in `src/web/io.js`, tested
//! in Node by `tests/js/io.test.mjs`).

use clausewrap::delivery::{rejected_message, storage_message, STATUS_PLACEHOLDER, STORAGE_CODE};
use clausewrap::messages::Locale;

#[test]
fn delivery_messages_are_worded_for_each_language() {
    assert_eq!(STORAGE_CODE, "storage-unavailable");
    // What the courier does with the message of `delivery-rejected`.
    let rejected = |locale, status: u16| rejected_message(locale).replacen(STATUS_PLACEHOLDER, &status.to_string(), 1);

    let zh_rejected = rejected(Locale::ZhCn, 403);
    let en_rejected = rejected(Locale::En, 403);
    let zh_storage = storage_message(Locale::ZhCn);
    let en_storage = storage_message(Locale::En);
    let all = [zh_rejected.as_str(), &en_rejected, zh_storage, en_storage];
    for (i, a) in all.iter().enumerate() {
        assert!(!a.trim().is_empty());
        assert!(!a.contains('{') && !a.contains('}'), "no placeholder is left: {a}");
        for b in &all[i + 1..] {
            assert_ne!(a, b, "each message and language has its own text");
        }
    }

    // The status is named once, and both say the record is kept.
    for locale in [Locale::ZhCn, Locale::En] {
        assert_eq!(rejected_message(locale).matches(STATUS_PLACEHOLDER).count(), 1);
    }
    assert!(zh_rejected.contains("HTTP 403") && en_rejected.contains("HTTP 403"));
    assert_ne!(rejected(Locale::En, 403), rejected(Locale::En, 410));
    assert!(zh_rejected.contains("保留") && zh_storage.contains("保留"));
    assert!(en_rejected.contains("kept") && en_storage.contains("kept"));

    // Chinese text for zh-CN, English text for en.
    let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(has_han(&zh_rejected) && has_han(zh_storage));
    assert!(!has_han(&en_rejected) && !has_han(en_storage));
}
