//! The rules themselves: title, version line, blocks, and the end marker that the
//! reading gate observes. Text is only ever rendered as text nodes, never as HTML.
//!
//! A long document is drawn in slices (`hooks::use_render_slices`), each slice as chunks
//! of blocks or list items that render again only when one of their passages changes.
//! The end marker appears with the last slice, so the end cannot be seen before the rest.

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use clausewrap_core::document::{is_cjk_lang, item_label, Block, Document, Inline, List, ListItem, ListKind};
use web_sys::Element;
use yew::prelude::*;

use crate::hooks::{use_render_slices, use_reveal_for_navigator, ByPtr, Piece, ReadingWatch, SlicePlan, FIRST_SLICE_WEIGHT, SLICE_WEIGHT};
use crate::messages::{Labels, Locale};
use crate::state::LoadedDocument;

#[derive(Properties)]
pub struct DocumentViewProps {
    pub document: Rc<LoadedDocument>,
    /// Which passages have been seen, by index.
    pub seen: Rc<Vec<bool>>,
    /// Which passages have been acknowledged, by index (shown only with `require_ack`).
    pub acknowledged: Rc<Vec<bool>>,
    pub require_ack: bool,
    pub on_acknowledge: Callback<(usize, bool)>,
    /// Prefix that makes element ids unique per widget instance.
    pub id_prefix: AttrValue,
    pub locale: Locale,
    /// The reading observer, which must also watch the slices rendered after it was armed.
    pub watch: ReadingWatch,
}

impl PartialEq for DocumentViewProps {
    fn eq(&self, other: &Self) -> bool {
        // The document by identity: a new one is always a new allocation.
        Rc::ptr_eq(&self.document, &other.document)
            && (self.seen == other.seen && self.acknowledged == other.acknowledged)
            && (self.require_ack == other.require_ack && self.on_acknowledge == other.on_acknowledge)
            && (self.id_prefix == other.id_prefix && self.locale == other.locale && self.watch == other.watch)
    }
}

#[component]
pub fn DocumentView(props: &DocumentViewProps) -> Html {
    let doc = &props.document.document;
    let labels = crate::messages::labels(props.locale);
    let plan = use_memo(ByPtr(props.document.clone()), |d| SlicePlan::new(&d.0.document, FIRST_SLICE_WEIGHT, SLICE_WEIGHT));
    let (rendered, reveal) = use_render_slices(plan.clone());
    let complete = rendered >= plan.slices;
    let (article, end) = (use_node_ref(), use_node_ref());
    use_reveal_for_navigator(article.clone(), plan.clone(), props.document.clone(), complete, reveal);
    {
        let (watch, end) = (props.watch.clone(), end.clone());
        use_effect_with((ByPtr(plan.clone()), complete), move |_| {
            if let Some(end) = end.cast::<Element>() {
                watch.observe_siblings(&end, 1);
            }
        });
    }
    // Chunks keep one stable handle, so that a new callback from the parent on every render
    // does not make every chunk render again; the checkbox reads the latest one.
    let on_acknowledge = use_mut_ref(Callback::noop);
    *on_acknowledge.borrow_mut() = props.on_acknowledge.clone();

    let chunk = |piece: &Piece| {
        let passages = plan.passages(&piece.units);
        let part = |flags: &Rc<Vec<bool>>| flags.get(passages.clone()).map(<[bool]>::to_vec).unwrap_or_default();
        html! {
            <Chunk key={piece.units.start} document={ByPtr(props.document.clone())} plan={ByPtr(plan.clone())} units={piece.units.clone()}
                   first_passage={passages.start} seen={part(&props.seen)} acknowledged={part(&props.acknowledged)}
                   require_ack={props.require_ack} on_acknowledge={ByPtr(on_acknowledge.clone())}
                   id_prefix={props.id_prefix.clone()} locale={props.locale} watch={props.watch.clone()} />
        }
    };
    let pieces: Vec<_> = plan.pieces.iter().take_while(|p| p.slice < rendered).collect();
    let mut body = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let Some(list_block) = pieces[i].list else {
            body.push(chunk(pieces[i]));
            i += 1;
            continue;
        };
        let run = pieces[i..].iter().take_while(|p| p.list == Some(list_block)).count();
        let items = pieces[i..i + run].iter().map(|p| chunk(p));
        body.push(match &doc.blocks[list_block] {
            Block::List(List { kind: ListKind::Bullet, .. }) => html! { <ul key={format!("l{list_block}")} class="cw-list">{ for items }</ul> },
            _ => html! { <ol key={format!("l{list_block}")} class="cw-list">{ for items }</ol> },
        });
        i += run;
    }
    html! {
        <article ref={article} class="cw-doc" lang={doc.meta.lang.clone()}>
            <h2 class="cw-title">{ doc.meta.title.clone() }</h2>
            <p class="cw-version">{ labels.version_prefix }{ doc.meta.version.clone() }</p>
            { for body }
            if complete {
                <p ref={end} class="cw-end" data-cw-end="">{ labels.end_of_document }</p>
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ChunkProps {
    document: ByPtr<LoadedDocument>,
    plan: ByPtr<SlicePlan>,
    units: Range<usize>,
    first_passage: usize,
    /// Whether each of the chunk's passages has been seen / acknowledged, from `first_passage` on.
    seen: Vec<bool>,
    acknowledged: Vec<bool>,
    require_ack: bool,
    on_acknowledge: ByPtr<RefCell<Callback<(usize, bool)>>>,
    id_prefix: AttrValue,
    locale: Locale,
    watch: ReadingWatch,
}

/// Consecutive units of one slice: top-level blocks, or items of one top-level list.
#[component]
fn Chunk(props: &ChunkProps) -> Html {
    let doc = &props.document.0.document;
    let labels = crate::messages::labels(props.locale);
    let first = use_node_ref();
    {
        let (first, watch, count) = (first.clone(), props.watch.clone(), props.units.len());
        use_effect_with((props.document.clone(), props.units.clone()), move |_| {
            if let Some(first) = first.cast::<Element>() {
                watch.observe_siblings(&first, count);
            }
        });
    }
    let units = &props.plan.0.units[props.units.clone()];
    let ctx = RenderContext {
        doc,
        props,
        labels: &labels,
        cjk: is_cjk_lang(&doc.meta.lang),
        next_block: Cell::new(units.first().map_or(0, |u| u.first_block)),
    };
    let mut nodes: Vec<Html> = units
        .iter()
        .map(|unit| match (&doc.blocks[unit.block], unit.item) {
            (Block::List(list), Some(item)) => ctx.item(list, &list.items[item], 0),
            (block, _) => ctx.block(block, 0),
        })
        .collect();
    if let Some(Html::VTag(tag)) = nodes.first_mut() {
        if let Some(tag) = Rc::get_mut(tag) {
            tag.node_ref = first;
        }
    }
    nodes.into_iter().collect()
}

struct RenderContext<'a> {
    doc: &'a Document,
    props: &'a ChunkProps,
    labels: &'a Labels,
    cjk: bool,
    /// The next text block's number, in the order `state::count_text_blocks` counts.
    next_block: Cell<usize>,
}

impl RenderContext<'_> {
    fn block(&self, block: &Block, depth: usize) -> Html {
        match block {
            Block::Heading { level, content } => {
                let tag = format!("h{}", (*level as usize + 2).min(6));
                let block = self.block_number();
                html! { <@{tag} class="cw-heading" data-cw-block={block}>{ self.inlines(content) }</@> }
            }
            Block::Paragraph(content) => {
                let class = classes!("cw-p", contains_passage(content).then_some("cw-has-key"));
                let block = self.block_number();
                html! { <p {class} data-cw-block={block}>{ self.inlines(content) }</p> }
            }
            Block::List(list) => self.list(list, depth),
        }
    }

    fn list(&self, list: &List, depth: usize) -> Html {
        let items = list.items.iter().map(|item| self.item(list, item, depth));
        match list.kind {
            ListKind::Ordered { .. } => html! { <ol class={classes!("cw-list", (depth > 0).then_some("cw-sub"))}>{ for items }</ol> },
            ListKind::Bullet => html! { <ul class="cw-list">{ for items }</ul> },
        }
    }

    fn item(&self, list: &List, item: &ListItem, depth: usize) -> Html {
        let label = match (list.kind, item.number) {
            (ListKind::Ordered { delimiter, .. }, Some(n)) => item_label(n, delimiter, self.cjk),
            _ => "•".to_string(),
        };
        let clause_id = (depth == 0 && matches!(list.kind, ListKind::Ordered { .. }))
            .then(|| item.number.map(|n| format!("{}-clause-{n}", self.props.id_prefix)))
            .flatten();
        html! {
            <li id={clause_id} class={classes!(if depth == 0 { "cw-clause" } else { "cw-item" })}>
                <span class="cw-num">{ label.trim_end().to_string() }</span>
                <div class="cw-item-body">{ for item.blocks.iter().map(|b| self.block(b, depth + 1)) }</div>
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
            let on_acknowledge = self.props.on_acknowledge.0.clone();
            let onchange = Callback::from(move |e: Event| {
                let ticked = e.target_dyn_into::<web_sys::HtmlInputElement>().is_some_and(|input| input.checked());
                on_acknowledge.borrow().emit((index, ticked));
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
                // Both states occupy the same cell, one of them hidden, so that marking a
                // passage read never changes the label's width and reflows the text.
                <span class="cw-key-label">
                    { self.labels.key_clause }{ " " }
                    <span class="cw-key-state">
                        <span class={classes!(seen.then_some("cw-off"))}>{ self.labels.key_clause_unseen }</span>
                        <span class={classes!((!seen).then_some("cw-off"))}>{ "✓ " }{ self.labels.key_clause_seen }</span>
                    </span>
                </span>
                <strong
                    id={format!("{}-{id}", self.props.id_prefix)}
                    class={classes!("cw-passage", seen.then_some("cw-seen"))}
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
