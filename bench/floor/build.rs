//! With the `embedded` feature, minifies the widget's stylesheet into OUT_DIR exactly as the
//! widget's own build does, so that the floor carries the same bytes.

#[path = "../../build/minify_css.rs"]
mod minify_css;

fn main() {
    println!("cargo:rerun-if-changed=../../build/minify_css.rs");
    if std::env::var_os("CARGO_FEATURE_EMBEDDED").is_none() {
        return;
    }
    let source = "../../static/clausewrap.css";
    println!("cargo:rerun-if-changed={source}");
    let css = std::fs::read_to_string(source).expect("static/clausewrap.css is readable");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("clausewrap.min.css"), minify_css::minify_css(&css)).expect("OUT_DIR is writable");
}
