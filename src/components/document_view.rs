//! The rules themselves: title, version line, blocks, and the end marker that the
//! reading gate observes. Text is only ever rendered as text nodes, never as HTML.
//!
//! A long document is drawn in slices (`hooks::use_render_slices`), each slice as chunks
//! of blocks or list items that render again only when one of their passages changes.
//! The end marker appears with the last slice, so the end cannot be seen before the rest.

use std::rc::Rc;

use clausewrap_core::document::{Block, List, ListKind};
use web_sys::Element;
use yew::prelude::*;

use super::chunk::Chunk;
use crate::hooks::{next_slice_at_frame, reveal_for_navigator, use_render_slices, ByPtr, Piece, ReadingWatch, SlicePlan, FIRST_SLICE_WEIGHT, SLICE_WEIGHT};
use crate::messages::Locale;
use crate::revision::Change;
use crate::state::LoadedDocument;

#[derive(Properties)]
pub struct DocumentViewProps {
    pub document: Rc<LoadedDocument>,
    /// Which of the gate's items have been seen, by index: the passages, then the changes.
    pub seen: Rc<Vec<bool>>,
    /// Which passages have been acknowledged, by index (shown only with `require_ack`).
    pub acknowledged: Rc<Vec<bool>>,
    pub require_ack: bool,
    /// Made once for the root's life, so that it leaves the view and its chunks unrendered.
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
    // Refs of this render only, as in `Chunk`: the effect reads them after this render's commit.
    let (article, end) = (NodeRef::default(), NodeRef::default());
    // After each slice: the next one at the next frame; once all are in, the end marker
    // watched; until then, the navigator's jumps render what they need first.
    {
        let (watch, article, end, document) = (props.watch.clone(), article.clone(), end.clone(), props.document.clone());
        use_effect_with((ByPtr(plan.clone()), rendered), move |(plan, rendered)| {
            let frame = next_slice_at_frame(&plan.0, *rendered, &reveal);
            if let Some(end) = end.cast::<Element>() {
                watch.observe_siblings(&end, 1);
            }
            let complete = *rendered >= plan.0.slices;
            let listeners = reveal_for_navigator(&article, &plan.0, document, complete, reveal);
            move || drop((frame, listeners))
        });
    }

    let changes = props.document.changes();
    let chunk = |piece: &Piece| {
        let passages = plan.passages(&piece.units);
        let part = |flags: &Rc<Vec<bool>>| flags.get(passages.clone()).map(<[bool]>::to_vec).unwrap_or_default();
        // The changes shown at the piece's units: consecutive, as both follow the text.
        let units = &plan.units[piece.units.clone()];
        let here = |c: &Change| units.iter().any(|u| (u.block, u.item) == c.at);
        let start = changes.iter().position(here).unwrap_or(0);
        let shown = start..changes.iter().rposition(here).map_or(start, |end| end + 1);
        let offset = doc.passages.len();
        let change_seen = props.seen.get(offset + shown.start..offset + shown.end).map(<[bool]>::to_vec).unwrap_or_default();
        html! {
            <Chunk key={piece.units.start} document={ByPtr(props.document.clone())} plan={ByPtr(plan.clone())} units={piece.units.clone()}
                   changes={shown} {change_seen}
                   first_passage={passages.start} seen={part(&props.seen)} acknowledged={part(&props.acknowledged)}
                   require_ack={props.require_ack} on_acknowledge={props.on_acknowledge.clone()}
                   id_prefix={props.id_prefix.clone()} locale={props.locale} watch={props.watch.clone()} later={piece.slice > 0} />
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
