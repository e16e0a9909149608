//! The browser's option decoder (src/api/decode.rs) on real JS objects, in a browser
//! (docs/embedding.md, "The JS API"): every documented type is accepted, `null` and
//! `undefined` count as absent, and anything else is `invalid-option` with a message
//! naming the option. Run with
//! `cargo test --target wasm32-unknown-unknown --features talc --test options_browser`.
//!
//! The decoder is private to the package (its exports are not linked into a test
//! module), so its source is compiled in here, against the crate's public `errors` and
//! `options`; `mount` itself is tested end to end in tests/embed.rs.
#![cfg(target_arch = "wasm32")]

use clausewrap::errors::WidgetError;
use clausewrap::options::{Options, Previous};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../src/api/decode.rs"]
mod decode;

/// What `crate::` names in the decoder's source.
mod errors {
    pub use clausewrap::errors::WidgetError;
}
mod options {
    pub use clausewrap::options::{unknown_option, unknown_previous_key, Options, PREVIOUS_KEYS};
}

/// The JS value of `expression`, written as a page would.
fn js(expression: &str) -> JsValue {
    Function::new_no_args(&format!("return ({expression});")).call0(&JsValue::NULL).unwrap()
}

/// Decodes like the package's `mount` and `update` do.
fn decoded(expression: &str) -> Result<Options, WidgetError> {
    let value = js(expression);
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    decode::options(&value)?.validated()
}

#[wasm_bindgen_test]
fn documented_options_and_absent_values_are_accepted() {
    for options in [
        "undefined",
        "null",
        "{}",
        "{ src: null, subject: undefined, requireAck: null, minVisibleMs: undefined }",
        "Object.assign(Object.create({ inherited: 1 }), {})",
    ] {
        assert_eq!(decoded(options), Ok(Options::default()), "{options}");
    }
    let all = decoded(
        "{ src: '/rules.md', sha256: 'AB'.repeat(32), subject: 'user-42', nonce: 'n-1', endpoint: '/collect', \
           lang: 'en', requireAck: true, minVisibleMs: 0, decline: false, timeoutMs: 120000 }",
    );
    let text = |s: &str| Some(s.to_string());
    let expected = Options {
        src: text("/rules.md"),
        document: None,
        sha256: text(&"ab".repeat(32)),
        subject: text("user-42"),
        nonce: text("n-1"),
        endpoint: text("/collect"),
        lang: text("en"),
        require_ack: Some(true),
        min_visible_ms: Some(0),
        decline: Some(false),
        timeout_ms: Some(120_000),
        previous: None,
        reacceptance: None,
    };
    assert_eq!(all, Ok(expected));
    let some = decoded("{ document: 'x', minVisibleMs: 600000, timeoutMs: 1, decline: true }").unwrap();
    assert_eq!((some.document.as_deref(), some.min_visible_ms, some.timeout_ms, some.decline), (Some("x"), Some(600_000), Some(1), Some(true)));
    assert_eq!(decoded("{ minVisibleMs: -0 }").map(|o| o.min_visible_ms), Ok(Some(0)));
    let top = decoded("{ minVisibleMs: 4294967295 }");
    assert_eq!(top, Err(WidgetError::InvalidOption("`minVisibleMs` must be at most 600000".into())), "decoded, then range-checked");

    // `previous` is an object decoded as strictly, its optional members absent when null.
    let revised = decoded(
        "{ previous: { version: '2019-07-29', sha256: 'CD'.repeat(32), src: '/v1/documents/r/1', \
           recordId: 'AAECAwQFBgcICQoLDA0O_w', acceptedAt: null }, reacceptance: 'highlighted' }",
    )
    .unwrap();
    let expected = Previous {
        version: "2019-07-29".into(),
        sha256: "cd".repeat(32),
        src: "/v1/documents/r/1".into(),
        record_id: Some("AAECAwQFBgcICQoLDA0O_w".into()),
        accepted_at: None,
    };
    assert_eq!((revised.previous, revised.reacceptance.as_deref()), (Some(expected), Some("highlighted")));
}

#[wasm_bindgen_test]
fn bad_options_are_invalid_with_a_message_naming_the_option() {
    let whole = "`minVisibleMs` must be a whole number from 0 to 4294967295";
    let keys = "`src`, `document`, `sha256`, `subject`, `nonce`, `endpoint`, `lang`, `requireAck`, `minVisibleMs`, `decline`, `timeoutMs`, `previous`, `reacceptance`";
    let previous = |members: &str| format!("{{ previous: {{ version: '1', sha256: 'ab'.repeat(32), src: '/p.md'{members} }} }}");
    let (snake_case, number, short_id) = (previous(", record_id: 'x'"), previous(", acceptedAt: 20240501"), previous(", recordId: 'AAEC'"));
    let cases = [
        ("{ bogus: 1 }", format!("unknown option `bogus`, expected one of {keys}")),
        ("{ lang: 'en', requireAk: true }", format!("unknown option `requireAk`, expected one of {keys}")),
        ("{ bogus: undefined }", format!("unknown option `bogus`, expected one of {keys}")),
        ("{ requireAck: 'yes' }", "`requireAck` must be true or false".into()),
        ("{ decline: 1 }", "`decline` must be true or false".into()),
        ("{ requireAck: new Boolean(true) }", "`requireAck` must be true or false".into()),
        ("{ minVisibleMs: 1.5 }", whole.into()),
        ("{ minVisibleMs: -1 }", whole.into()),
        ("{ minVisibleMs: NaN }", whole.into()),
        ("{ minVisibleMs: Infinity }", whole.into()),
        ("{ minVisibleMs: 2 ** 32 }", whole.into()),
        ("{ minVisibleMs: '2000' }", whole.into()),
        ("{ minVisibleMs: 600001 }", "`minVisibleMs` must be at most 600000".into()),
        ("{ timeoutMs: 0 }", "`timeoutMs` must be between 1 and 120000".into()),
        ("{ timeoutMs: 10n }", "`timeoutMs` must be a whole number from 0 to 4294967295".into()),
        ("{ src: 42 }", "`src` must be a string".into()),
        ("{ subject: ['user-42'] }", "`subject` must be a string".into()),
        ("{ lang: { code: 'en' } }", "`lang` must be a string".into()),
        ("{ get nonce() { throw new Error('no'); } }", "`nonce` could not be read".into()),
        ("{ sha256: 'abc' }", "`sha256` must be 64 hexadecimal digits".into()),
        ("{ src: '/a.md', document: 'x' }", "give either `src` or `document`, not both".into()),
        ("[]", "the options must be an object".into()),
        ("[1, 2]", "the options must be an object".into()),
        ("'src=/a.md'", "the options must be an object".into()),
        ("5", "the options must be an object".into()),
        ("true", "the options must be an object".into()),
        ("{ previous: '2019-07-29' }", "`previous` must be an object".into()),
        ("{ previous: [] }", "`previous` must be an object".into()),
        ("{ previous: { version: '1', sha256: 'ab'.repeat(32) } }", "`previous` needs `src`".into()),
        (snake_case.as_str(), "unknown key `record_id` in `previous`, expected one of `version`, `sha256`, `src`, `recordId`, `acceptedAt`".into()),
        (number.as_str(), "`previous.acceptedAt` must be a string".into()),
        (short_id.as_str(), "`previous.recordId` must be a record id: 16 bytes in base64url (22 characters)".into()),
        ("{ previous: { version: '1', sha256: 'ab', src: '/p.md' } }", "`previous.sha256` must be 64 hexadecimal digits".into()),
        ("{ reacceptance: 'all' }", "`reacceptance` must be \"any\", \"highlighted\" or \"none\"".into()),
    ];
    let mut problems = Vec::new();
    for (options, expected) in cases {
        match decoded(options) {
            Err(WidgetError::InvalidOption(message)) if message == expected => {}
            got => problems.push(format!("{options}: expected invalid-option {expected:?}, got {got:?}")),
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
