//! The rules themselves: title, version line, blocks, and the end marker that the
//! reading gate observes. Text is only ever rendered as text nodes, never as HTML.

use std::cell::Cell;
use std::rc::Rc;

use clausewrap_core::document::{is_cjk_lang, item_label, Block, Document, Inline, List, ListKind};
use yew::prelude::*;

use crate::messages::Labels;
use crate::state::LoadedDocument;

#[derive(Properties, PartialEq)]
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
    pub locale: crate::messages::Locale,
}

#[component]
pub fn DocumentView(props: &DocumentViewProps) -> Html {
    let doc = &props.document.document;
    let labels = crate::messages::labels(props.locale);
    let ctx = RenderContext {
        doc,
        props,
        labels: &labels,
        cjk: is_cjk_lang(&doc.meta.lang),
        next_block: Cell::new(0),
    };
    html! {
        <article class="cw-doc" lang={doc.meta.lang.clone()}>
            <h2 class="cw-title">{ doc.meta.title.clone() }</h2>
            <p class="cw-version">{ labels.version_prefix }{ doc.meta.version.clone() }</p>
            { for doc.blocks.iter().map(|block| ctx.block(block, 0)) }
            <p class="cw-end" data-cw-end="">{ labels.end_of_document }</p>
        </article>
    }
}

struct RenderContext<'a> {
    doc: &'a Document,
    props: &'a DocumentViewProps,
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
        let items = list.items.iter().map(|item| {
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
        });
        match list.kind {
            ListKind::Ordered { .. } => html! { <ol class={classes!("cw-list", (depth > 0).then_some("cw-sub"))}>{ for items }</ol> },
            ListKind::Bullet => html! { <ul class="cw-list">{ for items }</ul> },
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
        let seen = self.props.seen.get(index).copied().unwrap_or(false);
        let id = self.doc.passages.get(index).map(|p| p.id.as_str()).unwrap_or_default();
        let acknowledgement = self.props.require_ack.then(|| {
            let checked = self.props.acknowledged.get(index).copied().unwrap_or(false);
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
