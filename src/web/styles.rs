//! The widget brings its own stylesheet, so a host page needs no extra `<link>` and the
//! scroll region, highlights and focus rings work wherever the widget is mounted.
//!
//! It is adopted as a constructed stylesheet (`document.adoptedStyleSheets`), which a
//! strict Content-Security-Policy without `'unsafe-inline'` still allows; a `<style>`
//! element is the fallback for browsers without constructed stylesheets. Installed once
//! per document, however many widgets it holds.

use web_sys::CssStyleSheet;

// static/clausewrap.css, minified by build.rs.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/clausewrap.min.css"));
const MARKER: &str = "data-clausewrap-styles";

pub fn install() {
    let document = gloo::utils::document();
    let Some(root) = document.document_element() else { return };
    if root.has_attribute(MARKER) {
        return;
    }
    let adopted = CssStyleSheet::new().and_then(|sheet| {
        sheet.replace_sync(CSS)?;
        let sheets = document.adopted_style_sheets();
        sheets.push(&sheet);
        document.set_adopted_style_sheets(&sheets);
        Ok(())
    });
    if adopted.is_err() {
        if let (Ok(style), Some(head)) = (document.create_element("style"), document.head()) {
            style.set_text_content(Some(CSS));
            let _ = head.append_child(&style);
        }
    }
    let _ = root.set_attribute(MARKER, "");
}
