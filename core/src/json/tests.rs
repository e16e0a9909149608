use super::*;

fn err(text: &str) -> JsonError {
    match parse(text) {
        Ok(value) => panic!("{text:?} parsed as {value:?}"),
        Err(e) => e,
    }
}

#[test]
fn accepts_rfc8259_texts() {
    assert_eq!(parse(" null ").unwrap(), Value::Null);
    assert_eq!(parse("true").unwrap(), Value::Bool(true));
    assert_eq!(parse("-0").unwrap().as_number().unwrap().get().to_bits(), (-0.0f64).to_bits());
    assert_eq!(parse("1E+2").unwrap().as_number().unwrap().get(), 100.0);
    assert_eq!(parse("1e-400").unwrap().as_number().unwrap().get(), 0.0);
    assert_eq!(parse(r#""\ud83d\ude02\u00e9\/""#).unwrap(), Value::from("😂é/"));
    assert_eq!(parse("\t[ {} , [ ] ]\r\n").unwrap(), Value::Array(vec![Value::Object(vec![]), Value::Array(vec![])]));
    let v = parse(r#"{"a":1,"b":{"c":[null]}}"#).unwrap();
    assert_eq!(v.get("b").and_then(|b| b.get("c")).and_then(Value::as_array).map(<[Value]>::len), Some(1));
    assert_eq!(v.get("z"), None);
}

#[test]
fn rejects_what_rfc8259_does_not_allow() {
    for text in [
        "", " ", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "// c\n1", "/* c */1", "01", "-01", "00",
        "1.", ".5", "-", "+1", "1e", "1e+", "NaN", "Infinity", "-Infinity", "nul", "truex", "'a'", "\"a",
        "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a\nb\"", "\"\t\"", "\u{feff}1", "1 2", "[", "{", "{\"a\"}", "]",
    ] {
        err(text);
    }
}

#[test]
fn rejects_ambiguous_values() {
    assert_eq!(err(r#"{"a":1,"b":2,"a":3}"#), JsonError { offset: 13, message: "duplicate object key" });
    assert_eq!(err(r#"{"x":{"\u0061":1,"a":2}}"#).message, "duplicate object key");
    for text in [r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#, r#""\ud800x""#, r#""\ude02\ud83d""#] {
        assert_eq!(err(text).message, "lone surrogate in \\u escape", "{text}");
    }
    for text in ["1e309", "-1e400", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"] {
        assert_eq!(err(text).message, "number out of range", "{text}");
    }
}

#[test]
fn limits_nesting() {
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert_eq!(err(&deep), JsonError { offset: MAX_DEPTH, message: "nesting too deep" });
    let objects = "{\"a\":".repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1);
    assert_eq!(err(&objects).message, "nesting too deep");
}

#[test]
fn error_offsets_point_at_the_problem() {
    assert_eq!(err("[1,]"), JsonError { offset: 3, message: "expected a value" });
    assert_eq!(err("\"é\u{1}\""), JsonError { offset: 3, message: "control character in string" });
    assert_eq!(err("[01]").offset, 2);
    assert_eq!(err("{\"a\":1} x").to_string(), "unexpected text after the value at byte 8");
}

#[test]
fn numbers_are_finite_by_construction() {
    assert!(Number::new(f64::NAN).is_none());
    assert!(Number::new(f64::INFINITY).is_none());
    assert_eq!(Number::new(-0.0).unwrap().to_string(), "0");
    assert_eq!(Number::from(7u32).as_safe_integer(), Some(7));
    assert_eq!(Number::new(0.5).unwrap().as_safe_integer(), None);
    assert_eq!(Number::new(9007199254740992.0).unwrap().as_safe_integer(), None);
}

#[test]
fn value_helpers() {
    let mut v = parse(r#"{"a":"x","b":true,"c":null}"#).unwrap();
    assert_eq!(v.get("a").and_then(Value::as_str), Some("x"));
    assert_eq!(v.get("b").and_then(Value::as_bool), Some(true));
    assert!(v.get("c").is_some_and(Value::is_null));
    assert_eq!(v.remove("b"), Some(Value::Bool(true)));
    assert_eq!(v.remove("b"), None);
    assert_eq!(canonical_json(&v), r#"{"a":"x","c":null}"#);
    assert_eq!(Value::from(None::<String>), Value::Null);
}
