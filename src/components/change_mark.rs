//! How a change since the version the reader accepted before is marked in the text: a
//! box with a text label ("已修改", "已删除") and a side rule, the character-level edits as
//! `<del>` and `<ins>` each read out with its own hidden prefix ("删除：", "插入："), or, for
//! an added section, the section itself wrapped with the label "新增". Never colour alone.
//! The box (or wrapper) carries `data-cw-change`: the gate's item index the reading
//! observer reports, after the highlighted passages.

use clausewrap_core::diff::TextEdit;
use clausewrap_core::record::ChangeSeenKind;
use yew::prelude::*;

use super::chunk::key_state;
use crate::messages::{change_kind, change_place, Labels, Locale};
use crate::revision::Change;

/// One change, ready to be drawn.
pub struct ChangeMark<'a> {
    pub change: &'a Change,
    /// The gate's item index: the document's passage count plus the change's index.
    pub gate_index: usize,
    pub seen: bool,
    pub labels: &'a Labels,
    pub locale: Locale,
    pub id_prefix: &'a str,
}

impl ChangeMark<'_> {
    /// The element id the navigator jumps to.
    pub fn element_id(&self) -> String {
        [self.id_prefix, "-change-", &self.change.id].concat()
    }

    /// "已修改 第 9 条 · 重点条款 未阅读" (or "✓ 已阅读"), both states in one cell so that
    /// the width never changes when the change is seen.
    fn label(&self) -> Html {
        let labels = self.labels;
        let key = self.change.highlighted.then(|| [" · ", labels.key_clause].concat());
        html! {
            <p class="cw-change-label">
                <span class="cw-change-tag">{ change_kind(self.change.kind, labels) }</span>
                { " " }{ change_place(self.change, self.locale) }{ key }{ " " }
                { key_state(self.seen, labels) }
            </p>
        }
    }

    /// The observed element: a `div` with `class`, holding the label and `content`.
    fn marked(&self, class: &str, content: Html) -> Html {
        html! {
            <div id={self.element_id()} ~className={[class, " cw-change", if self.seen { " cw-seen" } else { "" }].concat()}
                 tabindex="-1" data-cw-change={self.gate_index.to_string()} data-change-id={self.change.id.clone()}>
                { self.label() }
                { content }
            </div>
        }
    }

    /// The box of a changed or removed section: its edits, or its old text struck out.
    /// Inside a list, a removed section's box is a list item of its own.
    pub fn boxed(&self, in_list: bool) -> Html {
        let removed = self.change.kind == ChangeSeenKind::Removed;
        let runs = self.change.edits.iter().map(|edit| match edit {
            TextEdit::Same(text) => html! { text.clone() },
            TextEdit::Inserted(text) => html! { <ins><span class="cw-visually-hidden">{ self.labels.inserted }</span>{ text.clone() }</ins> },
            TextEdit::Deleted(text) => html! { <del><span class="cw-visually-hidden">{ self.labels.deleted }</span>{ text.clone() }</del> },
        });
        let kind = if removed { "cw-removed" } else { "cw-changed" };
        let mark = self.marked(kind, html! { <p class="cw-edits">{ for runs }</p> });
        if removed && in_list {
            html! { <li class="cw-change-item">{ mark }</li> }
        } else {
            mark
        }
    }

    /// An added section: `content` (its own text) wrapped with the label.
    pub fn wrap(&self, class: &'static str, content: Html) -> Html {
        self.marked(&[class, " cw-added"].concat(), content)
    }
}
