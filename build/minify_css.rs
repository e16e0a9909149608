//! A small CSS minifier for the stylesheet compiled into the wasm: drops comments and
//! the white space no rule needs, and copies strings verbatim. The stylesheet's comments
//! explain the design to its readers; shipped, they are a third of its bytes.

/// `css` without comments, with runs of white space made one space and none around
/// `{`, `}`, `;` and `,`. White space elsewhere (a descendant combinator, between values)
/// is kept, so no selector or value changes meaning.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            _ => {
                let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
                if pending_space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
                    out.push(' ');
                }
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                if c == '"' || c == '\'' {
                    // A string, escapes included, up to its closing quote.
                    while let Some(s) = chars.next() {
                        out.push(s);
                        if s == '\\' {
                            if let Some(escaped) = chars.next() {
                                out.push(escaped);
                            }
                        } else if s == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}

/// For a build script: writes `source` (a path relative to the crate being built) minified
/// to `OUT_DIR/clausewrap.min.css`, and has cargo rerun the script when it changes.
#[allow(dead_code)] // the minifier's tests include this file too
pub fn write_to_out_dir(source: &str) {
    println!("cargo:rerun-if-changed={source}");
    let css = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source} is readable: {e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("clausewrap.min.css"), minify_css(&css)).expect("OUT_DIR is writable");
}
