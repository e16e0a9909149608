//! Minifies the widget's stylesheet into OUT_DIR, where `src/web/styles.rs` includes it.

#[path = "build/minify_css.rs"]
mod minify_css;

fn main() {
    println!("cargo:rerun-if-changed=build/minify_css.rs");
    minify_css::write_to_out_dir("static/clausewrap.css");
}
