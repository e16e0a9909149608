//! The courier's decisions, natively: which answers are final, how long retries wait, and
//! what the delivery errors say.

use clausewrap::delivery::{
    backoff_cap_ms, backoff_ms, classify, rejected_message, storage_message, Verdict, BACKOFF_CAP_MS, REJECTED_CODE,
    STORAGE_CODE,
};
use clausewrap::messages::Locale;

#[test]
fn answers_are_classified_as_the_contract_says() {
    let table: &[(Option<u16>, Verdict)] = &[
        (None, Verdict::Retry),
        (Some(200), Verdict::Delivered),
        (Some(201), Verdict::Delivered),
        (Some(202), Verdict::Delivered),
        (Some(204), Verdict::Delivered),
        (Some(299), Verdict::Delivered),
        (Some(400), Verdict::Rejected),
        (Some(401), Verdict::Rejected),
        (Some(403), Verdict::Rejected),
        (Some(404), Verdict::Rejected),
        (Some(409), Verdict::Rejected),
        (Some(413), Verdict::Rejected),
        (Some(422), Verdict::Rejected),
        (Some(499), Verdict::Rejected),
        (Some(408), Verdict::Retry),
        (Some(425), Verdict::Retry),
        (Some(429), Verdict::Retry),
        (Some(500), Verdict::Retry),
        (Some(502), Verdict::Retry),
        (Some(503), Verdict::Retry),
        (Some(504), Verdict::Retry),
        (Some(599), Verdict::Retry),
        (Some(0), Verdict::Retry),
        (Some(100), Verdict::Retry),
        (Some(199), Verdict::Retry),
        (Some(301), Verdict::Retry),
        (Some(304), Verdict::Retry),
        (Some(399), Verdict::Retry),
        (Some(600), Verdict::Retry),
        (Some(u16::MAX), Verdict::Retry),
    ];
    for &(status, expected) in table {
        assert_eq!(classify(status), expected, "status {status:?}");
    }
}

#[test]
fn every_4xx_but_the_timing_ones_is_final() {
    for status in 400..=499u16 {
        let expected = if matches!(status, 408 | 425 | 429) { Verdict::Retry } else { Verdict::Rejected };
        assert_eq!(classify(Some(status)), expected, "status {status}");
    }
}

#[test]
fn the_caps_double_from_one_second_up_to_a_minute() {
    let expected = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000];
    for (i, &cap) in expected.iter().enumerate() {
        assert_eq!(backoff_cap_ms(i as u32 + 1), cap, "retry {}", i + 1);
    }
    // Retry 0 waits like retry 1; huge counts stay at the cap without overflowing.
    assert_eq!(backoff_cap_ms(0), 1_000);
    for retry in [40, 64, 1_000, u32::MAX - 1, u32::MAX] {
        assert_eq!(backoff_cap_ms(retry), BACKOFF_CAP_MS, "retry {retry}");
    }
    let mut previous = 0;
    for retry in 1..=40 {
        let cap = backoff_cap_ms(retry);
        assert!(cap >= previous, "the cap never shrinks (retry {retry})");
        assert!(cap <= BACKOFF_CAP_MS);
        previous = cap;
    }
}

#[test]
fn waits_lie_between_half_and_all_of_the_cap() {
    for retry in 1..=40u32 {
        let cap = 1_000u64.saturating_mul(1u64 << (retry - 1).min(20)).min(60_000) as u32;
        assert_eq!(backoff_cap_ms(retry), cap);
        let mut previous = 0;
        for unit in [0.0, 0.5, 0.999] {
            let wait = backoff_ms(retry, unit);
            assert!(wait >= cap / 2 && wait <= cap, "retry {retry}, unit {unit}: {wait} outside [{}, {cap}]", cap / 2);
            assert!(wait >= previous, "a larger unit never waits less (retry {retry}, unit {unit})");
            previous = wait;
        }
        assert_eq!(backoff_ms(retry, 0.0), cap / 2);
        assert!(backoff_ms(retry, 0.999) < cap, "a unit below 1 stays below the cap");
        assert!(backoff_ms(retry, 0.999) >= cap - cap / 500, "0.999 is near the top of the span");
    }
    assert_eq!(backoff_ms(1, 0.5), 750);
    assert_eq!(backoff_ms(7, 0.5), 45_000);
}

#[test]
fn out_of_range_randomness_is_clamped() {
    assert_eq!(backoff_ms(3, -1.0), 2_000);
    assert_eq!(backoff_ms(3, 1.0), 4_000);
    assert_eq!(backoff_ms(3, 7.5), 4_000);
    assert_eq!(backoff_ms(3, f64::NAN), 2_000);
    assert_eq!(backoff_ms(3, f64::INFINITY), 4_000);
    assert_eq!(backoff_ms(u32::MAX, f64::NEG_INFINITY), 30_000);
    assert_eq!(backoff_ms(u32::MAX, 0.999), 59_970);
}

#[test]
fn delivery_messages_are_worded_for_each_language() {
    let codes = [REJECTED_CODE, STORAGE_CODE];
    assert_eq!(codes, ["delivery-rejected", "storage-unavailable"]);

    let zh_rejected = rejected_message(Locale::ZhCn, 403);
    let en_rejected = rejected_message(Locale::En, 403);
    let zh_storage = storage_message(Locale::ZhCn);
    let en_storage = storage_message(Locale::En);
    let all = [&zh_rejected, &en_rejected, &zh_storage, &en_storage];
    for (i, a) in all.iter().enumerate() {
        assert!(!a.trim().is_empty());
        for b in &all[i + 1..] {
            assert_ne!(a, b, "each message and language has its own text");
        }
    }

    // The status is named, and both say the record is kept.
    assert!(zh_rejected.contains("403") && en_rejected.contains("403"));
    assert_ne!(rejected_message(Locale::En, 403), rejected_message(Locale::En, 410));
    assert!(zh_rejected.contains("保留") && zh_storage.contains("保留"));
    assert!(en_rejected.contains("kept") && en_storage.contains("kept"));

    // Chinese text for zh-CN, English text for en.
    let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(has_han(&zh_rejected) && has_han(&zh_storage));
    assert!(!has_han(&en_rejected) && !has_han(&en_storage));
}
