//! The widget's components, one per file, and the views of its parts that need no state
//! of their own (`agree_bar`, `change_mark`, `receipt`, and `navigator`, whose one state,
//! whether its list is open, is the root's).
//!
//! A class name chosen at render time is set as the `className` property (`~className`),
//! the same class attribute in the DOM: `class={expr}` makes Yew build a `Classes` set of
//! the names, hashing each one, only to join them again, and that machinery cost the
//! package about 2 KB brotli. Fixed names stay `class="…"`.

pub mod agree_bar;
pub mod change_mark;
pub mod chunk;
pub mod clause_wrap;
pub mod document_view;
pub mod navigator;
pub mod receipt;
