//! A chunk of the rules: consecutive blocks or list items of one slice, rendered as text
//! nodes only (never HTML), with each highlighted passage's label and, when asked for, its
//! acknowledgement box, and the marks of the changes since an earlier version that fall in
//! it. A chunk renders again only when one of its passages or changes changes.

use std::cell::Cell;
use std::ops::Range;
use std::rc::Rc;

use clausewrap_core::document::{is_cjk_lang, item_label, Block, Document, Inline, List, ListItem, ListKind};
use clausewrap_core::record::ChangeSeenKind;
use web_sys::Element;
use yew::prelude::*;

use super::change_mark::ChangeMark;
use crate::hooks::{ByPtr, ReadingWatch, SlicePlan};
use crate::messages::{Labels, Locale};
use crate::revision::Place;
use crate::state::LoadedDocument;

#[derive(Properties, PartialEq)]
pub struct ChunkProps {
    pub document: ByPtr<LoadedDocument>,
    pub plan: ByPtr<SlicePlan>,
    pub units: Range<usize>,
    pub first_passage: usize,
    /// Whether each of the chunk's passages has been seen / acknowledged, from `first_passage` on.
    pub seen: Vec<bool>,
    pub acknowledged: Vec<bool>,
    /// The changes shown in the chunk (indices into `LoadedDocument::changes`), and
    /// whether each has been seen.
    pub changes: Range<usize>,
    pub change_seen: Vec<bool>,
    pub require_ack: bool,
    /// The root's, made once for its life: a new one would render every chunk again.
    pub on_acknowledge: Callback<(usize, bool)>,
    pub id_prefix: AttrValue,
    pub locale: Locale,
    pub watch: ReadingWatch,
    /// In a slice after the first: its blocks are laid out only as they near the view.
    pub later: bool,
}

/// Consecutive units of one slice: top-level blocks, or items of one top-level list.
#[component]
pub fn Chunk(props: &ChunkProps) -> Html {
    let doc = &props.document.0.document;
    let labels = crate::messages::labels(props.locale);
    // A ref of this render only: the effect below reads it once, after this render's commit
    // (Yew binds a new ref to the element it reuses), so it needs no hook of its own.
    let first = NodeRef::default();
    let units = &props.plan.0.units[props.units.clone()];
    let ctx = RenderContext {
        doc,
        props,
        labels: &labels,
        cjk: is_cjk_lang(&doc.meta.lang),
        next_block: Cell::new(units.first().map_or(0, |u| u.first_block)),
    };
    let mut nodes: Vec<Html> = Vec::with_capacity(units.len());
    for unit in units {
        let at = (unit.block, unit.item);
        let here = || props.changes.clone().filter(move |k| props.document.0.changes()[*k].at == at).map(|k| ctx.mark(k));
        let in_list = unit.item.is_some();
        let mut top = Vec::new();
        let mut added = None;
        for mark in here() {
            match mark.change.place {
                // Inside a list item: a changed section's box at the top of its body; a removed
                // section's, an item of its own before it.
                Place::Before if in_list && mark.change.kind != ChangeSeenKind::Removed => top.push(mark.boxed(false)),
                Place::Before => nodes.push(mark.boxed(in_list)),
                Place::Wrap => added = Some(mark),
                Place::After => {}
            }
        }
        nodes.push(match (&doc.blocks[unit.block], unit.item) {
            (Block::List(list), Some(item)) => ctx.item(list, &list.items[item], 0, Marks { top, added }),
            (block, _) => match added {
                Some(mark) => mark.wrap("", ctx.block(block, 0)),
                None => ctx.block(block, 0),
            },
        });
        nodes.extend(here().filter(|m| m.change.place == Place::After).map(|m| m.boxed(in_list)));
    }
    {
        let (first, watch, count) = (first.clone(), props.watch.clone(), nodes.len());
        use_effect_with((props.document.clone(), props.units.clone()), move |_| {
            if let Some(first) = first.cast::<Element>() {
                watch.observe_siblings(&first, count);
            }
        });
    }
    if let Some(Html::VTag(tag)) = nodes.first_mut() {
        if let Some(tag) = Rc::get_mut(tag) {
            tag.node_ref = first;
        }
    }
    nodes.into_iter().collect()
}

/// What a top-level list item shows besides its text: change boxes at its top, and the
/// mark of an added section around its body.
#[derive(Default)]
struct Marks<'a> {
    top: Vec<Html>,
    added: Option<ChangeMark<'a>>,
}

struct RenderContext<'a> {
    doc: &'a Document,
    props: &'a ChunkProps,
    labels: &'a Labels,
    cjk: bool,
    /// The next text block's number, in the order `state::count_text_blocks` counts.
    next_block: Cell<usize>,
}

impl<'a> RenderContext<'a> {
    /// Change `k` of the document, as drawn in this chunk.
    fn mark(&self, k: usize) -> ChangeMark<'a> {
        let props = self.props;
        ChangeMark {
            change: &props.document.0.changes()[k],
            gate_index: self.doc.passages.len() + k,
            seen: props.change_seen.get(k.wrapping_sub(props.changes.start)).copied().unwrap_or(false),
            labels: self.labels,
            locale: props.locale,
            id_prefix: &props.id_prefix,
        }
    }

    /// Marks a top-level block or item of a slice after the first for the stylesheet's
    /// `content-visibility: auto`. Not the first slice's: it is in view when drawn, and
    /// drawn first at its placeholder size it would move what follows it a frame later.
    fn later(&self, depth: usize) -> Option<&'static str> {
        (depth == 0 && self.props.later).then_some("")
    }

    fn block(&self, block: &Block, depth: usize) -> Html {
        let later = self.later(depth);
        match block {
            Block::Heading { level, content } => {
                let tag = format!("h{}", (*level as usize + 2).min(6));
                let block = self.block_number();
                html! { <@{tag} class="cw-heading" data-cw-block={block} data-cw-later={later}>{ self.inlines(content) }</@> }
            }
            Block::Paragraph(content) => {
                let class = if contains_passage(content) { "cw-p cw-has-key" } else { "cw-p" };
                let block = self.block_number();
                html! { <p ~className={class} data-cw-block={block} data-cw-later={later}>{ self.inlines(content) }</p> }
            }
            Block::List(list) => self.list(list, depth),
        }
    }

    fn list(&self, list: &List, depth: usize) -> Html {
        let items = list.items.iter().map(|item| self.item(list, item, depth, Marks::default()));
        match list.kind {
            ListKind::Ordered { .. } => html! { <ol ~className={if depth > 0 { "cw-list cw-sub" } else { "cw-list" }}>{ for items }</ol> },
            ListKind::Bullet => html! { <ul class="cw-list">{ for items }</ul> },
        }
    }

    fn item(&self, list: &List, item: &ListItem, depth: usize, marks: Marks<'a>) -> Html {
        let label = match (list.kind, item.number) {
            (ListKind::Ordered { delimiter, .. }, Some(n)) => item_label(n, delimiter, self.cjk),
            _ => "•".to_string(),
        };
        let clause_id = (depth == 0 && matches!(list.kind, ListKind::Ordered { .. }))
            .then(|| item.number.map(|n| format!("{}-clause-{n}", self.props.id_prefix)))
            .flatten();
        let body = html! { <>{ for marks.top }{ for item.blocks.iter().map(|b| self.block(b, depth + 1)) }</> };
        html! {
            <li id={clause_id} ~className={if depth == 0 { "cw-clause" } else { "cw-item" }} data-cw-later={self.later(depth)}>
                <span class="cw-num">{ label.trim_end().to_string() }</span>
                { match marks.added {
                    Some(mark) => mark.wrap("cw-item-body", body),
                    None => html! { <div class="cw-item-body">{ body }</div> },
                } }
            </li>
        }
    }

    fn block_number(&self) -> String {
        let n = self.next_block.get();
        self.next_block.set(n + 1);
        n.to_string()
    }

    fn inlines(&self, content: &[Inline]) -> Html {
        content.iter().map(|inline| self.inline(inline)).collect::<Html>()
    }

    fn inline(&self, inline: &Inline) -> Html {
        match inline {
            Inline::Text(text) => html! { text.clone() },
            Inline::SoftBreak => html! { "\n" },
            Inline::Emphasis(content) => html! { <em>{ self.inlines(content) }</em> },
            Inline::Link { href, content } => html! {
                <a href={href.clone()} target="_blank" rel="noopener noreferrer nofollow">{ self.inlines(content) }</a>
            },
            Inline::Strong { passage, content } => self.passage(*passage, content),
        }
    }

    /// A highlighted passage: bold, a side rule and underline from the stylesheet, and a
    /// text label, so the highlight never rests on colour alone. The element carries the
    /// passage index the reading observer reports.
    fn passage(&self, index: usize, content: &[Inline]) -> Html {
        let local = index.wrapping_sub(self.props.first_passage);
        let seen = self.props.seen.get(local).copied().unwrap_or(false);
        let id = self.doc.passages.get(index).map(|p| p.id.as_str()).unwrap_or_default();
        let acknowledgement = self.props.require_ack.then(|| {
            let checked = self.props.acknowledged.get(local).copied().unwrap_or(false);
            let on_acknowledge = self.props.on_acknowledge.clone();
            let onchange = Callback::from(move |e: Event| {
                let ticked = e.target_dyn_into::<web_sys::HtmlInputElement>().is_some_and(|input| input.checked());
                on_acknowledge.emit((index, ticked));
            });
            html! {
                <label class="cw-ack">
                    <input type="checkbox" data-passage-id={id.to_string()} {checked} {onchange} />
                    { self.labels.acknowledge }
                </label>
            }
        });
        html! {
            <>
                <span class="cw-key-label">
                    { self.labels.key_clause }{ " " }
                    { key_state(seen, self.labels) }
                </span>
                <strong
                    id={format!("{}-{id}", self.props.id_prefix)}
                    ~className={if seen { "cw-passage cw-seen" } else { "cw-passage" }}
                    tabindex="-1"
                    data-passage-id={id.to_string()}
                    data-cw-passage={index.to_string()}
                >{ self.inlines(content) }</strong>
                { acknowledgement }
            </>
        }
    }
}

fn contains_passage(content: &[Inline]) -> bool {
    content.iter().any(|inline| match inline {
        Inline::Strong { .. } => true,
        Inline::Emphasis(inner) | Inline::Link { content: inner, .. } => contains_passage(inner),
        Inline::Text(_) | Inline::SoftBreak => false,
    })
}

/// "未阅读" or "✓ 已阅读", for a passage and for a change alike: both states occupy one
/// cell, the other hidden, so that marking it read never changes the label's width.
pub(super) fn key_state(seen: bool, labels: &Labels) -> Html {
    html! {
        <span class="cw-key-state">
            <span ~className={if seen { "cw-off" } else { "" }}>{ labels.key_clause_unseen }</span>
            <span ~className={if seen { "" } else { "cw-off" }}>{ "✓ " }{ labels.key_clause_seen }</span>
        </span>
    }
}
