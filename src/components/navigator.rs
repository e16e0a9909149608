//! The key-clause navigator: how many highlighted passages have been read, one entry per
//! passage that jumps to it, and "next unread" — how a reader who pressed End finds what
//! they skipped. After a new version, the changes to read follow the passages, as entries
//! of their own. Jumping moves focus to the passage (so a screen reader reads it) and
//! scrolls it into view, instantly when the reader prefers reduced motion or the document
//! is drawn in slices (`browser::jump_to` says why).
//!
//! The entries are folded behind the summary and exist only while it is open (the root's
//! state knows, from the `toggle` event): a long document has hundreds of passages, and
//! building (and, at every passage read, updating) their buttons and labels in a closed
//! list would cost the host page time for nothing.
//!
//! A view of the root's, not a component of its own: whether the list is open is part of
//! the root's state, and a component's lifecycle and props builder, monomorphised for it,
//! cost the package about 0.9 KB brotli. Rendered with the root, it also arrives in the
//! same render as the document below it.

use yew::prelude::*;

use crate::messages::{self, Labels, Locale};
use crate::state::LoadedDocument;

/// What the navigator shows, and what its buttons do.
pub struct Navigator<'a> {
    pub document: &'a LoadedDocument,
    /// Whether each gate item has been seen: the passages, then the changes.
    pub seen: &'a [bool],
    /// The list is unfolded: its entries are built.
    pub open: bool,
    pub locale: Locale,
    pub labels: &'a Labels,
    /// Jump to gate item `index`.
    pub on_jump: &'a Callback<usize>,
    /// Jump to the next item still to be read; inactive when none is left.
    pub on_next: Callback<()>,
    pub any_unread: bool,
    /// The list was folded or unfolded.
    pub on_toggle: Callback<bool>,
}

impl Navigator<'_> {
    pub fn view(self) -> Html {
        let Self { document, seen, open, locale, labels, .. } = self;
        let passages = document.document.passages.len();
        let changes = document.changes();
        let (seen_passages, seen_changes) = seen.split_at(passages.min(seen.len()));
        let count = |seen: &[bool]| seen.iter().filter(|s| **s).count();
        let mut summary = messages::navigator_summary(count(seen_passages), passages, locale);
        if !changes.is_empty() {
            summary += &messages::changes_summary(count(seen_changes), changes.len(), locale);
        }
        let next_label = if changes.is_empty() { labels.next_unread } else { labels.next_unread_or_change };
        let places = || {
            let changes = changes.iter().map(|c| {
                [&messages::change_place(c, locale), " ", messages::change_kind(c.kind, labels)].concat()
            });
            document.document.passages.iter().map(|p| messages::passage_place(p, locale)).chain(changes)
        };
        let entries = places().zip(seen).enumerate().take(if open { usize::MAX } else { 0 }).map(|(index, (place, seen))| {
            let id = document.item_id(index);
            let state = if *seen { labels.key_clause_seen } else { "" };
            html! {
                <li>
                    <button type="button" ~className={if *seen { "cw-nav-item cw-seen" } else { "cw-nav-item" }}
                            data-passage-id={id}
                            aria-label={[place.as_str(), if *seen { " · " } else { "" }, state].concat()}
                            onclick={self.on_jump.reform(move |_: MouseEvent| index)}>
                        { place }
                        if *seen { <span class="cw-nav-check" aria-hidden="true">{ " ✓" }</span> }
                    </button>
                </li>
            }
        });
        let on_toggle = self.on_toggle.reform(|event: Event| {
            event.target_dyn_into::<web_sys::Element>().is_some_and(|details| details.has_attribute("open"))
        });
        // The list folds away behind its summary: one line above the text, and two tab stops
        // (summary, next unread) between the form and the text instead of one per passage.
        // A document without passages gets the same row, saying so (its reader learns that
        // nothing was marked, and the row held while it loaded is not given back), with "next
        // unread" inactive as when every passage has been read.
        html! {
            <nav class="cw-nav" aria-label={labels.navigator_name}>
                if seen.is_empty() {
                    <div class="cw-nav-details"><p class="cw-nav-summary cw-nav-none">{ labels.no_key_clauses }</p></div>
                } else {
                    <details class="cw-nav-details" ontoggle={on_toggle}>
                        <summary class="cw-nav-summary">{ summary }</summary>
                        <ul class="cw-nav-list">{ for entries }</ul>
                    </details>
                }
                <button type="button" class="cw-nav-next"
                        aria-disabled={if self.any_unread { "false" } else { "true" }}
                        onclick={self.on_next.reform(|_: MouseEvent| ())}>
                    { next_label }
                </button>
            </nav>
        }
    }
}
