//! Minifies the widget's stylesheet into OUT_DIR, where `src/web/styles.rs` includes it.

#[path = "build/minify_css.rs"]
mod minify_css;

fn main() {
    let source = "static/clausewrap.css";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=build/minify_css.rs");
    let css = std::fs::read_to_string(source).expect("static/clausewrap.css is readable");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("clausewrap.min.css"), minify_css::minify_css(&css)).expect("OUT_DIR is writable");
}
