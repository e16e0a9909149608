//! The stylesheet compiled into the wasm is minified by `build.rs`; these check that the
//! minifier only drops what carries no meaning.

#[path = "../build/minify_css.rs"]
mod minify_css;

use minify_css::minify_css;

#[test]
fn drops_comments_and_needless_white_space() {
    let css = "/* a comment */\n.cw  .cw-end ,\n .cw-doc  {\n  color : red ;\n  margin: 0  auto;\n}\n";
    assert_eq!(minify_css(css), ".cw .cw-end,.cw-doc{color : red;margin: 0 auto}");
}

#[test]
fn keeps_descendant_combinators_and_strings() {
    assert_eq!(minify_css(".a :focus-visible { outline: none }"), ".a :focus-visible{outline: none}");
    let strings = r#".x::before { content: "  /* not a comment */  "; font-family: "Segoe UI", 'a\' b' }"#;
    assert_eq!(minify_css(strings), r#".x::before{content: "  /* not a comment */  ";font-family: "Segoe UI",'a\' b'}"#);
}

#[test]
fn the_stylesheet_keeps_every_rule_and_property() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/clausewrap.css")).unwrap();
    let min = minify_css(&css);
    assert!(min.len() * 10 < css.len() * 8, "{} of {} bytes", min.len(), css.len());
    assert!(!min.contains("/*") && !min.contains('\n'));
    let count = |s: &str, c: char| s.chars().filter(|x| *x == c).count();
    for c in ['{', '}', '(', ')', '"', ':'] {
        let original: String = comments_removed(&css);
        assert_eq!(count(&original, c), count(&min, c), "count of {c:?}");
    }
    // Every word of the rules (selectors, properties, values) is still there, in order.
    let words = |s: &str| s.split(|c: char| c.is_whitespace() || "{};,".contains(c)).filter(|w| !w.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(words(&comments_removed(&css)), words(&min));
    assert_eq!(minify_css(&min), min, "minifying again changes nothing");
}

fn comments_removed(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start + 2..].find("*/").map_or(rest.len(), |e| start + 2 + e + 2);
        out.push(' ');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
