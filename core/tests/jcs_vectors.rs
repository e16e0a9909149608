//! RFC 8785 conformance of `json::canonical_json`, and robustness of `json::parse`.
//!
//! Three independent references: the RFC's own test vectors (`tests/fixtures/jcs`),
//! ECMAScript outputs written down from the specifications, and the `serde_jcs` crate
//! (whose numbers come from `ryu-js`) on many generated values.

mod support;
use support::Rng;

use std::fs;
use std::path::PathBuf;

use clausewrap_core::json::{canonical_json, parse, Number, Value, MAX_DEPTH};


fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/jcs"))
}

fn to_serde(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::Value::Number(serde_json::Number::from_f64(n.get()).unwrap()),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        Value::Object(members) => serde_json::Value::Object(members.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect()),
    }
}

fn serde_jcs_of(value: &Value) -> String {
    serde_jcs::to_string(&to_serde(value)).unwrap()
}

fn num(x: f64) -> String {
    Number::new(x).unwrap().to_string()
}

#[test]
fn rfc8785_fixture_vectors() {
    let mut names: Vec<PathBuf> = fs::read_dir(fixtures().join("input")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 6, "expected the RFC 8785 vectors in {:?}", fixtures());
    for input_path in names {
        let name = input_path.file_name().unwrap();
        let input = fs::read_to_string(&input_path).unwrap();
        let expected = fs::read(fixtures().join("output").join(name)).unwrap();
        let value = parse(&input).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        let ours = canonical_json(&value);
        assert_eq!(ours.as_bytes(), expected.as_slice(), "{name:?}");
        // The same through serde_json + serde_jcs, from the text.
        let theirs = serde_jcs::to_string(&serde_json::from_str::<serde_json::Value>(&input).unwrap()).unwrap();
        assert_eq!(theirs.as_bytes(), expected.as_slice(), "serde_jcs on {name:?}");
        // Canonical output is a fixed point.
        assert_eq!(canonical_json(&parse(&ours).unwrap()), ours, "{name:?}");
    }
}

/// ECMAScript `Number::toString` outputs: ECMA-262 and RFC 8785 (Appendix B) examples.
#[test]
#[allow(clippy::excessive_precision)] // 333333333.33333329 is written as in RFC 8785's example.
fn numbers_match_known_ecmascript_outputs() {
    let by_bits: &[(u64, &str)] = &[
        (0x0000000000000000, "0"),
        (0x8000000000000000, "0"),
        (0x0000000000000001, "5e-324"),
        (0x8000000000000001, "-5e-324"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992"),
        (0xc340000000000000, "-9007199254740992"),
        (0x4340000000000001, "9007199254740994"),
        (0x4430000000000000, "295147905179352830000"),
        (0x44b52d02c7e14af5, "9.999999999999997e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0x444b1ae4d6e2ef4e, "999999999999999700000"),
        (0x444b1ae4d6e2ef4f, "999999999999999900000"),
        (0x444b1ae4d6e2ef50, "1e+21"),
        (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
        (0x3eb0c6f7a0b5ed8d, "0.000001"),
        (0x41b3de4355555553, "333333333.3333332"),
        (0x41b3de4355555554, "333333333.33333325"),
        (0x41b3de4355555555, "333333333.3333333"),
        (0x41b3de4355555556, "333333333.3333334"),
        (0x41b3de4355555557, "333333333.33333343"),
        (0xbecbf647612f3696, "-0.0000033333333333333333"),
        (0x43143ff3c1cb0959, "1424953923781206.2"),
    ];
    for &(bits, expected) in by_bits {
        assert_eq!(num(f64::from_bits(bits)), expected, "{bits:016x}");
    }
    let by_value: &[(f64, &str)] = &[
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (0.000001234, "0.000001234"),
        (123e-20, "1.23e-18"),
        (5e-324, "5e-324"),
        (1e-323, "1e-323"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (9007199254740992.0, "9007199254740992"),
        (333333333.33333329, "333333333.3333333"),
        (123456789012345680000.0, "123456789012345680000"),
        (12345678.9, "12345678.9"),
        (1e30, "1e+30"),
        (1e301, "1e+301"),
        (4.5, "4.5"),
        (0.002, "0.002"),
        (1e-27, "1e-27"),
        (0.1, "0.1"),
        (-1.0, "-1"),
        (100.0, "100"),
        (-0.0, "0"),
        (1e15 + 0.25, "1000000000000000.2"),
        (1e15 + 0.75, "1000000000000000.8"),
    ];
    for &(x, expected) in by_value {
        assert_eq!(num(x), expected, "{x:e}");
    }
}

/// Checks one double against `serde_jcs` and that the text reads back as the same double.
fn check_number(x: f64) {
    if !x.is_finite() {
        return;
    }
    let ours = num(x);
    let theirs = serde_jcs::to_string(&x).unwrap();
    assert_eq!(ours, theirs, "{:016x}", x.to_bits());
    let back = parse(&ours).unwrap().as_number().unwrap().get();
    assert!(back == x, "{ours} read back as {back:e}");
}

#[test]
fn numbers_match_serde_jcs_on_random_bit_patterns() {
    let mut rng = Rng(1);
    for _ in 0..50_000 {
        check_number(f64::from_bits(rng.next()));
    }
}

/// A larger sample for optimised builds: `cargo test --release -p clausewrap-core --test
/// jcs_vectors -- --ignored`.
#[test]
#[ignore]
fn numbers_match_serde_jcs_on_many_random_bit_patterns() {
    let mut rng = Rng(11);
    for _ in 0..5_000_000 {
        check_number(f64::from_bits(rng.next()));
    }
}

#[test]
fn numbers_match_serde_jcs_on_edge_cases() {
    let mut rng = Rng(2);
    // Subnormals and the smallest normals.
    for _ in 0..5_000 {
        check_number(f64::from_bits(rng.next() & 0x000f_ffff_ffff_ffff));
        check_number(-f64::from_bits(rng.next() % 0x0020_0000_0000_0000));
    }
    // Integers, in and beyond the safe range.
    for _ in 0..5_000 {
        check_number((rng.next() % (1 << 53)) as f64);
        check_number(-((rng.next() >> rng.below(64)) as f64));
        check_number(rng.below(100_000) as f64);
    }
    // Powers of ten and their neighbours, across the whole range; the layout switches at
    // 1e21 and 1e-7.
    for e in -330..=310 {
        let x: f64 = ["1e", &e.to_string()].concat().parse().unwrap();
        for bits in x.to_bits().saturating_sub(3)..=x.to_bits().saturating_add(3) {
            check_number(f64::from_bits(bits));
            check_number(-f64::from_bits(bits));
        }
        for mantissa in ["1.5e", "9.999999999999999e", "1.2345678901234567e", "2e", "5e"] {
            if let Ok(y) = [mantissa, &e.to_string()].concat().parse::<f64>() {
                check_number(y);
            }
        }
    }
    // Powers of two and their neighbours: at a binade boundary the gap below is half the
    // gap above, so the shortest digits must be checked against an uneven interval.
    for e in -1074..=1023 {
        let x = 2f64.powi(e);
        for bits in x.to_bits().saturating_sub(2)..=x.to_bits().saturating_add(2) {
            check_number(f64::from_bits(bits));
        }
    }
    // Exact ties between two shortest candidates, where ECMAScript takes the even one.
    for _ in 0..5_000 {
        let base = (rng.next() % (1 << 53)) as f64;
        check_number(base + 0.25);
        check_number(base * 1024.0 + 0.75);
        check_number(base * 2f64.powi(rng.below(40) as i32));
    }
    // Random short decimals, the numbers people write.
    for _ in 0..5_000 {
        let text = [&rng.below(1_000_000).to_string(), "e", &(rng.below(60) as i32 - 30).to_string()].concat();
        check_number(text.parse().unwrap());
    }
}

/// A random character from ranges where JSON escaping and UTF-16 ordering matter.
fn random_char(rng: &mut Rng) -> char {
    let ranges: &[(u32, u32)] = &[
        (0x00, 0x1f),
        (0x20, 0x7f),
        (0x20, 0x7f),
        (0x80, 0x7ff),
        (0x2028, 0x2029),
        (0x4e00, 0x9fff),
        (0xe000, 0xffff),
        (0xfff0, 0xffff),
        (0x1_0000, 0x1_ffff),
        (0x1_0000, 0x10_ffff),
    ];
    let &(lo, hi) = rng.pick_ref(ranges);
    char::from_u32(lo + (rng.next() % u64::from(hi - lo + 1)) as u32).unwrap_or('x')
}

fn random_string(rng: &mut Rng, max_len: usize) -> String {
    (0..rng.below(max_len + 1)).map(|_| random_char(rng)).collect()
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 4 { 4 } else { 6 }) {
        0 => rng.pick_ref(&[Value::Null, Value::Bool(true), Value::Bool(false)]).clone(),
        1 => Value::Number(Number::new(f64::from_bits(rng.next())).unwrap_or(Number::from(rng.next()))),
        2 => Value::Number(Number::from(rng.next() % 1000)),
        3 => Value::String(random_string(rng, 12)),
        4 => Value::Array((0..rng.below(5)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => {
            let mut members: Vec<(String, Value)> = Vec::new();
            for _ in 0..rng.below(7) {
                let key = random_string(rng, 4);
                if members.iter().all(|(k, _)| *k != key) {
                    members.push((key, random_value(rng, depth + 1)));
                }
            }
            Value::Object(members)
        }
    }
}

#[test]
fn strings_match_serde_jcs() {
    let mut rng = Rng(3);
    for _ in 0..20_000 {
        let s = Value::String(random_string(&mut rng, 20));
        assert_eq!(canonical_json(&s), serde_jcs_of(&s));
    }
    let specials = Value::from("\u{0}\u{1f}\u{7f}\u{80}\u{2028}\u{2029}\"\\/\u{8}\u{c}\n\r\t\u{b}😂");
    assert_eq!(canonical_json(&specials), "\"\\u0000\\u001f\u{7f}\u{80}\u{2028}\u{2029}\\\"\\\\/\\b\\f\\n\\r\\t\\u000b😂\"");
}

#[test]
fn keys_sort_by_utf16_code_units() {
    // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 and U+E000 there,
    // although it is after them in code point (and UTF-8 byte) order.
    let value = parse(r#"{"\ud83d\ude00":1,"\ufb33":2,"\ue000":3,"a":4,"\uffff":5,"\u20ac":6,"\ud800\udc00":7}"#).unwrap();
    let expected = "{\"a\":4,\"\u{20ac}\":6,\"\u{10000}\":7,\"\u{1f600}\":1,\"\u{e000}\":3,\"\u{fb33}\":2,\"\u{ffff}\":5}";
    assert_eq!(canonical_json(&value), expected);

    let alphabet = ["a", "é", "\u{e000}", "\u{fb33}", "\u{ffff}", "\u{10000}", "\u{1f600}", "\u{10ffff}", ""];
    let mut rng = Rng(4);
    let mut differs_from_code_point_order = 0;
    for _ in 0..5_000 {
        let mut members: Vec<(String, Value)> = Vec::new();
        for i in 0..rng.below(8) {
            let key: String = (0..rng.below(4)).map(|_| *rng.pick_ref(&alphabet)).collect();
            if members.iter().all(|(k, _)| *k != key) {
                members.push((key, Value::Number(Number::from(i as u32))));
            }
        }
        let value = Value::Object(members.clone());
        let ours = canonical_json(&value);
        assert_eq!(ours, serde_jcs_of(&value));
        let mut by_utf16: Vec<&String> = members.iter().map(|(k, _)| k).collect();
        by_utf16.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let mut by_code_point = by_utf16.clone();
        by_code_point.sort();
        differs_from_code_point_order += usize::from(by_utf16 != by_code_point);
    }
    assert!(differs_from_code_point_order > 100, "the test should exercise UTF-16 ordering");
}

#[test]
fn random_values_match_serde_jcs_and_round_trip() {
    let mut rng = Rng(5);
    for _ in 0..5_000 {
        let value = random_value(&mut rng, 0);
        let ours = canonical_json(&value);
        assert_eq!(ours, serde_jcs_of(&value));
        let back = parse(&ours).unwrap();
        assert_eq!(canonical_json(&back), ours);
    }
}

/// Texts that mix JSON's significant characters with noise, to drive the parser into
/// every error path.
fn mutate(rng: &mut Rng, text: &str) -> String {
    const PIECES: &[&str] = &[
        "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\ud83d", "\\ude02", "\\u00", "0", "-", "1", "e", "E", "+", ".", " ", "\n",
        "true", "null", "fals", "\u{0}", "\u{1f}", "é", "😂", "\u{2028}", "1e999", "00", "\"a\":1", "/*", "NaN",
    ];
    let mut chars: Vec<String> = text.chars().map(String::from).collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => chars[at] = (*rng.pick_ref(PIECES)).to_owned(),
            _ => chars.insert(at, (*rng.pick_ref(PIECES)).to_owned()),
        }
    }
    chars.concat()
}

#[test]
fn parser_never_panics_and_agrees_with_serde_json_on_acceptance() {
    let mut seeds: Vec<String> = fs::read_dir(fixtures().join("input")).unwrap().map(|e| fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    seeds.push(r#"{"a":[1,2.5e-3,-0,{"b":null}],"c":"\u00e9\ud83d\ude02\n","d":true}"#.to_owned());
    let mut rng = Rng(6);
    let (mut accepted, mut rejected) = (0, 0);
    for round in 0..60_000 {
        let text = if round % 10 == 0 {
            random_string(&mut rng, 30)
        } else {
            let seed = rng.pick_ref(&seeds).clone();
            mutate(&mut rng, &seed)
        };
        let ours = parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        match (&ours, &theirs) {
            (Ok(value), Ok(_)) => {
                accepted += 1;
                assert_eq!(canonical_json(&parse(&canonical_json(value)).unwrap()), canonical_json(value));
            }
            (Ok(_), Err(e)) => panic!("accepted what serde_json rejects ({e}): {text:?}"),
            (Err(e), Ok(_)) => {
                // Stricter than serde_json on purpose, and only here.
                assert!(matches!(e.message, "duplicate object key" | "nesting too deep"), "{e}: {text:?}");
                rejected += 1;
            }
            (Err(e), Err(_)) => {
                assert!(e.offset <= text.len(), "{e}: {text:?}");
                rejected += 1;
            }
        }
    }
    assert!(accepted > 1_000 && rejected > 1_000, "accepted {accepted}, rejected {rejected}");
}

#[test]
fn nesting_limit_is_exact() {
    let array = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
    assert!(parse(&array(MAX_DEPTH)).is_ok());
    assert!(parse(&array(MAX_DEPTH + 1)).is_err());
    // Far deeper input fails cleanly rather than exhausting the stack.
    assert!(parse(&array(1_000_000)).is_err());
}
