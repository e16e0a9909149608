//! With the `embedded` feature, minifies the widget's stylesheet into OUT_DIR exactly as the
//! widget's own build does, so that the floor carries the same bytes.

#[path = "../../build/minify_css.rs"]
mod minify_css;

fn main() {
    println!("cargo:rerun-if-changed=../../build/minify_css.rs");
    if std::env::var_os("CARGO_FEATURE_EMBEDDED").is_some() {
        minify_css::write_to_out_dir("../../static/clausewrap.css");
    }
}
