//! Hooks that connect browser events to the widget's reducer.

mod use_document_source;
mod use_host_events;
mod use_reading_observer;
mod use_record_emitter;
mod use_render_slices;

pub use use_document_source::{use_document_source, SourceRequest, PART_BYTES};
pub use use_host_events::{use_host_events, HostCallbacks};
pub use use_reading_observer::{use_dwell_ticks, use_reading_observer, ReadingWatch};
pub use use_record_emitter::{use_record_emitter, EmitterContext};
pub use use_render_slices::{next_slice_at_frame, reveal_for_navigator, use_render_slices, ByPtr, Piece, SlicePlan, FIRST_SLICE_WEIGHT, SLICE_WEIGHT};
