//! The widget's components, one per file, and the views of its parts that need no state
//! of their own (`agree_bar`, `change_mark`, `receipt`, and `navigator`, whose one state,
//! whether its list is open, is the root's).

pub mod agree_bar;
pub mod change_mark;
pub mod chunk;
pub mod clause_wrap;
pub mod document_view;
pub mod navigator;
pub mod receipt;
