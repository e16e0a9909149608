//! Long documents are rendered in slices, so that no task of the host page's main thread
//! runs long: the first slice fills the view at once, the others follow one per frame
//! (each slice's layout in a frame of its own, however fast the rendering is). A
//! top-level list is cut between its items, since a long document is often one long list.
//! The reader who jumps to a passage through the navigator gets it rendered first.

use std::ops::Range;
use std::rc::Rc;

use clausewrap_core::document::{Block, Document, Inline};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::state::{count_text_blocks, LoadedDocument};

/// How much one slice holds, in bytes of text plus a cost per element: measured to render
/// and lay out in a few milliseconds, so that a slice stays well under a 50 ms task.
pub const SLICE_WEIGHT: usize = 16 * 1024;
/// The first slice only needs to fill the view (about 40 paragraphs of a narrow column),
/// unless the whole document fits one slice.
pub const FIRST_SLICE_WEIGHT: usize = 4 * 1024;
const BLOCK_WEIGHT: usize = 64;
const PASSAGE_WEIGHT: usize = 256;

/// Compared by identity: the document (or plan) is one allocation per opened document, and
/// comparing a long document's contents on every render would cost as much as drawing it.
pub struct ByPtr<T>(pub Rc<T>);

impl<T> Clone for ByPtr<T> {
    fn clone(&self) -> Self {
        ByPtr(self.0.clone())
    }
}

impl<T> PartialEq for ByPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The smallest piece that is rendered on its own: a top-level heading or paragraph, or
/// one item of a top-level list.
pub struct Unit {
    pub block: usize,
    pub item: Option<usize>,
    /// The number of its first text block, in the order `state::count_text_blocks` counts.
    pub first_block: usize,
    /// The index of its first highlighted passage (passages are numbered in document order).
    pub first_passage: usize,
    pub slice: usize,
}

/// A run of units of one slice that share a parent: the article, or one top-level list.
pub struct Piece {
    pub units: Range<usize>,
    pub slice: usize,
    /// The top-level list (by block index) whose items these are.
    pub list: Option<usize>,
}

pub struct SlicePlan {
    pub units: Vec<Unit>,
    pub pieces: Vec<Piece>,
    pub slices: usize,
    passages: usize,
}

impl SlicePlan {
    pub fn new(doc: &Document, first_budget: usize, budget: usize) -> Self {
        // A document that fits one slice is drawn whole: cut in two, its second half cost a
        // task of its own (52-84 ms in cold loads of the default document, most of it the
        // layout) one frame after the first, to show what one slice shows at once.
        let first_budget = if blocks_weight(&doc.blocks, &mut 0) <= budget { budget } else { first_budget };
        let mut units = Vec::new();
        let (mut first_block, mut next_passage, mut slice, mut weight) = (0, 0, 0, 0);
        let mut push = |block: usize, item: Option<usize>, blocks: &[Block]| {
            units.push(Unit { block, item, first_block, first_passage: next_passage, slice });
            first_block += count_text_blocks(blocks);
            weight += blocks_weight(blocks, &mut next_passage);
            if weight >= if slice == 0 { first_budget } else { budget } {
                (slice, weight) = (slice + 1, 0);
            }
        };
        for (index, block) in doc.blocks.iter().enumerate() {
            match block {
                Block::List(list) => list.items.iter().enumerate().for_each(|(i, item)| push(index, Some(i), &item.blocks)),
                _ => push(index, None, std::slice::from_ref(block)),
            }
        }
        let slices = units.last().map_or(1, |u| u.slice + 1);
        let mut pieces: Vec<Piece> = Vec::new();
        for (u, unit) in units.iter().enumerate() {
            let list = unit.item.map(|_| unit.block);
            match pieces.last_mut() {
                Some(piece) if piece.slice == unit.slice && piece.list == list && piece.units.end == u => piece.units.end = u + 1,
                _ => pieces.push(Piece { units: u..u + 1, slice: unit.slice, list }),
            }
        }
        SlicePlan { units, pieces, slices, passages: doc.passages.len().max(next_passage) }
    }

    /// The passages that lie in `units`.
    pub fn passages(&self, units: &Range<usize>) -> Range<usize> {
        let at = |u: usize| self.units.get(u).map_or(self.passages, |unit| unit.first_passage);
        at(units.start)..at(units.end)
    }

    /// How many slices must be rendered for passage `index` to be in the page.
    pub fn slices_for_passage(&self, index: usize) -> usize {
        let unit = self.units.partition_point(|u| u.first_passage <= index).saturating_sub(1);
        self.units.get(unit).map_or(self.slices, |u| u.slice + 1)
    }
}

fn blocks_weight(blocks: &[Block], next_passage: &mut usize) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => BLOCK_WEIGHT + inlines_weight(content, next_passage),
            Block::List(list) => list.items.iter().map(|item| BLOCK_WEIGHT + blocks_weight(&item.blocks, next_passage)).sum(),
        })
        .sum()
}

fn inlines_weight(content: &[Inline], next_passage: &mut usize) -> usize {
    content
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) => text.len(),
            Inline::SoftBreak => 1,
            Inline::Emphasis(inner) | Inline::Link { content: inner, .. } => inlines_weight(inner, next_passage),
            Inline::Strong { passage, content } => {
                *next_passage = (*next_passage).max(passage + 1);
                PASSAGE_WEIGHT + inlines_weight(content, next_passage)
            }
        })
        .sum()
}

struct Slices {
    plan: Rc<SlicePlan>,
    rendered: usize,
}

impl Reducible for Slices {
    /// Render at least this many slices of this plan.
    type Action = (Rc<SlicePlan>, usize);

    fn reduce(self: Rc<Self>, (plan, wanted): Self::Action) -> Rc<Self> {
        let same = Rc::ptr_eq(&plan, &self.plan);
        if same && wanted.min(plan.slices) <= self.rendered {
            return self;
        }
        let rendered = if same { wanted.max(self.rendered) } else { wanted };
        Rc::new(Slices { rendered: rendered.min(plan.slices).max(1), plan })
    }
}

/// How many slices of `plan` to render now (a new plan starts again from the first), and a
/// callback that renders at least n slices at once. The caller asks for one more at each
/// animation frame until all are in ([`next_slice_at_frame`]), from the effect it runs
/// after each slice.
#[hook]
pub fn use_render_slices(plan: Rc<SlicePlan>) -> (usize, Callback<usize>) {
    let slices = use_reducer(|| Slices { plan: plan.clone(), rendered: 1 });
    let rendered = if Rc::ptr_eq(&slices.plan, &plan) { slices.rendered } else { 1 };
    let dispatcher = slices.dispatcher();
    (rendered, Callback::from(move |wanted: usize| dispatcher.dispatch((plan.clone(), wanted))))
}

/// Renders one more slice at the next animation frame, when `rendered` are not all: so
/// input and painting get their turn in between, and the layout a frame does covers one
/// slice (with a zero-delay timer, several slices could land before one long layout).
/// Dropping the frame cancels it.
pub fn next_slice_at_frame(plan: &SlicePlan, rendered: usize, reveal: &Callback<usize>) -> Option<AnimationFrame> {
    let reveal = reveal.clone();
    (rendered < plan.slices).then(|| request_animation_frame(move |_| reveal.emit(rendered + 1)))
}

/// Before the navigator jumps to a passage that is not rendered yet, renders up to it (or,
/// for "next unread", everything): the jump happens on click, and pressing or focusing
/// the button comes first. Listens on the widget's root only while slices are missing:
/// the document view calls this from the effect it runs after each slice, and drops the
/// listeners before the next.
pub fn reveal_for_navigator(
    article: &NodeRef,
    plan: &Rc<SlicePlan>,
    document: Rc<LoadedDocument>,
    complete: bool,
    reveal: Callback<usize>,
) -> Option<[EventListener; 3]> {
    let root = (!complete).then(|| article.cast::<Element>()?.closest(".cw").ok()?).flatten();
    root.map(|root| {
        let plan = plan.clone();
        let wanted = move |event: &Event| -> Option<usize> {
            let target = event.target()?.dyn_into::<Element>().ok()?;
            if let Some(item) = target.closest(".cw-nav-item").ok()? {
                // A change's entry renders everything, as "next unread" does.
                let id = item.get_attribute("data-passage-id")?;
                let index = document.document.passages.iter().position(|p| p.id == id);
                return Some(index.map_or(plan.slices, |index| plan.slices_for_passage(index)));
            }
            target.closest(".cw-nav-next").ok()?.map(|_| plan.slices)
        };
        let on_event = Rc::new(move |event: &Event| {
            if let Some(n) = wanted(event) {
                reveal.emit(n);
            }
        });
        ["pointerdown", "focusin", "keydown"].map(|kind| {
            let on_event = on_event.clone();
            EventListener::new_with_options(&root, kind, EventListenerOptions::run_in_capture_phase(), move |e| on_event(e))
        })
    })
}
