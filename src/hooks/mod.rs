//! Hooks that connect browser events to the widget's reducer.

mod use_reading_observer;
mod use_record_emitter;

pub use use_reading_observer::{use_dwell_ticks, use_reading_observer};
pub use use_record_emitter::{use_record_emitter, EmitterContext};
