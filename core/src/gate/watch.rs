//! The bookkeeping for one highlighted passage: whether it is in view, since when, how
//! long it has been in view in total, and when it was seen and acknowledged.

use chrono::{DateTime, Utc};

use super::{GateOptions, Moment};

#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct PassageWatch {
    /// IntersectionObserver reports it in view (whether or not the page is visible).
    pub in_view: bool,
    /// The current uninterrupted run in front of the reader: its start.
    run: Option<Moment>,
    /// Time in front of the reader in runs that have ended, in monotonic milliseconds.
    pub visible_ms: f64,
    pub first_seen_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

impl PassageWatch {
    pub fn enter(&mut self, now: Moment, page_visible: bool) {
        self.in_view = true;
        if page_visible {
            self.run = Some(now);
        }
    }

    pub fn leave(&mut self, now: Moment) {
        self.pause(now);
        self.in_view = false;
    }

    /// Ends the current run (the page was hidden, or Agree pressed), keeping its time.
    pub fn pause(&mut self, now: Moment) {
        if let Some(start) = self.run.take() {
            self.visible_ms += (now.monotonic_ms - start.monotonic_ms).max(0.0);
        }
    }

    /// Starts a new run if the passage is still in view (the page became visible again).
    pub fn resume(&mut self, now: Moment) {
        if self.in_view && self.run.is_none() {
            self.run = Some(now);
        }
    }

    /// Counts the passage as seen if its current run and its total have become long
    /// enough by `now`; true if it did. It was first seen when that run began.
    pub fn settle(&mut self, now: Moment, options: &GateOptions) -> bool {
        if self.first_seen_at.is_some() {
            return false;
        }
        let Some(start) = self.run else { return false };
        let current = (now.monotonic_ms - start.monotonic_ms).max(0.0);
        if current >= options.min_dwell_ms && self.visible_ms + current >= options.min_visible_ms {
            self.first_seen_at = Some(start.wall);
            return true;
        }
        false
    }

    /// When the current run will make the passage count, if it is unseen and in a run.
    pub fn deadline(&self, options: &GateOptions) -> Option<f64> {
        if self.first_seen_at.is_some() {
            return None;
        }
        let start = self.run?.monotonic_ms;
        let needed = options.min_dwell_ms.max(options.min_visible_ms - self.visible_ms);
        Some(start + needed)
    }
}
