//! The key-clause navigator: how many highlighted passages have been read, one entry per
//! passage that jumps to it, and "next unread" — how a reader who pressed End finds what
//! they skipped. After a new version, the changes to read follow the passages, as entries
//! of their own. Jumping moves focus to the passage (so a screen reader reads it) and
//! scrolls it into view, instantly when the reader prefers reduced motion.
//!
//! The entries are folded behind the summary and exist only while it is open: a long
//! document has hundreds of passages, and building (and, at every passage read, updating)
//! their buttons in a closed list would cost the host page time for nothing.

use std::rc::Rc;

use yew::prelude::*;

use crate::messages::{self, Locale};

/// One entry: the passage id, where it is, and whether it has been read.
#[derive(Clone, PartialEq)]
pub struct NavEntry {
    pub id: AttrValue,
    pub place: AttrValue,
    pub seen: bool,
}

#[derive(Properties, PartialEq)]
pub struct NavigatorProps {
    /// The passages' entries, then the changes'.
    pub entries: Rc<Vec<NavEntry>>,
    /// How many of the entries are passages.
    pub passages: usize,
    pub locale: Locale,
    /// Jump to passage `index`.
    pub on_jump: Callback<usize>,
    /// Jump to the next passage still to be read; disabled when none is left.
    pub on_next: Callback<()>,
    pub any_unread: bool,
}

#[component]
pub fn Navigator(props: &NavigatorProps) -> Html {
    let open = use_state_eq(|| false);
    let on_toggle = {
        let open = open.setter();
        Callback::from(move |event: Event| {
            let details = event.target_dyn_into::<web_sys::Element>();
            open.set(details.is_some_and(|details| details.has_attribute("open")));
        })
    };
    let labels = messages::labels(props.locale);
    let (passages, changes) = props.entries.split_at(props.passages.min(props.entries.len()));
    let seen = |entries: &[NavEntry]| entries.iter().filter(|e| e.seen).count();
    let mut summary = messages::navigator_summary(seen(passages), passages.len(), props.locale);
    if !changes.is_empty() {
        summary += &messages::changes_summary(seen(changes), changes.len(), props.locale);
    }
    let next_label = if changes.is_empty() { labels.next_unread } else { labels.next_unread_or_change };
    let entries = props.entries.iter().enumerate().take(if *open { usize::MAX } else { 0 }).map(|(index, entry)| {
        let on_jump = props.on_jump.reform(move |_: MouseEvent| index);
        let state = if entry.seen { labels.key_clause_seen } else { "" };
        html! {
            <li>
                <button type="button" class={if entry.seen { "cw-nav-item cw-seen" } else { "cw-nav-item" }}
                        data-passage-id={entry.id.clone()}
                        aria-label={format!("{}{}{}", entry.place, if entry.seen { " · " } else { "" }, state)}
                        onclick={on_jump}>
                    { entry.place.clone() }
                    if entry.seen { <span class="cw-nav-check" aria-hidden="true">{ " ✓" }</span> }
                </button>
            </li>
        }
    });
    // The list folds away behind its summary: one line above the text, and two tab stops
    // (summary, next unread) between the form and the text instead of one per passage.
    // A document without passages gets the same row, saying so (its reader learns that
    // nothing was marked, and the row held while it loaded is not given back), with "next
    // unread" inactive as when every passage has been read.
    html! {
        <nav class="cw-nav" aria-label={labels.navigator_name}>
            if props.entries.is_empty() {
                <div class="cw-nav-details"><p class="cw-nav-summary cw-nav-none">{ labels.no_key_clauses }</p></div>
            } else {
                <details class="cw-nav-details" ontoggle={on_toggle}>
                    <summary class="cw-nav-summary">{ summary }</summary>
                    <ul class="cw-nav-list">{ for entries }</ul>
                </details>
            }
            <button type="button" class="cw-nav-next"
                    aria-disabled={if props.any_unread { "false" } else { "true" }}
                    onclick={props.on_next.reform(|_: MouseEvent| ())}>
                { next_label }
            </button>
        </nav>
    }
}
