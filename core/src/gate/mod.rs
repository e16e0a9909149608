//! The reading gate: a pure state machine that decides when "Agree" may be pressed.
//!
//! The browser shell feeds it what IntersectionObserver saw (the end of the document
//! became visible; highlighted passage *i* came into view or left it), whether the page
//! itself is visible, the passing of time, the reader's acknowledgements, and the Agree
//! press — each at a [`Moment`]: the wall-clock time that goes into the record and the
//! monotonic time that durations are measured with. Agree is available only once the end
//! has been seen **and** every highlighted passage has been seen (and, if the integrator
//! asks for it, acknowledged).
//!
//! A passage is *seen* once it has stayed in view for the dwell time (300 ms by default)
//! without interruption, and has been in view for at least the integrator's minimum in
//! total. Browsers animate the End key's jump (and flings) through the whole document in a
//! few frames; a passage that only flashes past during that animation was not shown to
//! the reader, and must not count. Time while the page is hidden (another tab, a locked
//! phone) counts toward nothing. A document that fits without scrolling is seen as soon
//! as it has been in view for the dwell time.
//!
//! The gate accepts exactly once: after `Accepted`, further events change nothing.

mod watch;

use chrono::{DateTime, Utc};

use watch::PassageWatch;

/// How long a passage must stay in view, uninterrupted, to count as seen. Long enough
/// that a passage swept past by an animated jump (about 150 ms for End in Chromium) does
/// not count; short enough that a reader who stops on it is never kept waiting.
pub const DEFAULT_MIN_DWELL_MS: i64 = 300;

/// A point in time as the browser gives it: wall clock for the record, monotonic
/// milliseconds (`performance.now()`) for durations, which wall-clock adjustments cannot
/// stretch or shrink.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moment {
    pub wall: DateTime<Utc>,
    pub monotonic_ms: f64,
}

impl Moment {
    pub fn new(wall: DateTime<Utc>, monotonic_ms: f64) -> Moment {
        Moment { wall, monotonic_ms }
    }
}

/// A wall-clock time alone, with its milliseconds as the monotonic reading (for tests and
/// tools whose clock does not step).
impl From<DateTime<Utc>> for Moment {
    fn from(wall: DateTime<Utc>) -> Moment {
        Moment { wall, monotonic_ms: wall.timestamp_millis() as f64 }
    }
}

/// What the integrator asks of a reading.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GateOptions {
    /// Uninterrupted time in view before a passage counts ([`DEFAULT_MIN_DWELL_MS`]).
    pub min_dwell_ms: f64,
    /// Total time in view a passage needs before it counts (0: the dwell alone decides).
    pub min_visible_ms: f64,
    /// Each passage must also be acknowledged with its own checkbox.
    pub require_acknowledgement: bool,
}

impl Default for GateOptions {
    fn default() -> Self {
        GateOptions { min_dwell_ms: DEFAULT_MIN_DWELL_MS as f64, min_visible_ms: 0.0, require_acknowledgement: false }
    }
}

/// Something that happened in front of the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateEvent {
    /// The sentinel after the last line of the document became visible.
    EndVisible,
    /// Highlighted passage number `index` (in document order) came into view.
    PassageShown(usize),
    /// Highlighted passage number `index` left the view.
    PassageHidden(usize),
    /// The page became hidden (`document.hidden`): nothing is in front of the reader.
    PageHidden,
    /// The page became visible again.
    PageShown,
    /// Time passed: passages that have now been in view long enough become seen. The
    /// shell sends this when a deadline from [`ReadingGate::next_deadline`] is reached.
    Tick,
    /// The reader ticked (`true`) or unticked (`false`) passage `index`'s acknowledgement.
    Acknowledged(usize, bool),
    /// The reader pressed Agree (click, Enter or Space).
    AgreePressed,
}

/// Where the gate stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateStatus {
    /// Agree is not available yet.
    Reading { end_seen: bool, passages_unseen: usize, passages_unacknowledged: usize },
    /// Agree is available.
    Ready,
    /// Agree was pressed while ready; the record may be emitted, once.
    Accepted,
}

/// What an event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing the reader can see changed (bookkeeping may have: a passage came into view).
    Unchanged,
    /// Progress was recorded.
    Progressed,
    /// Agree was pressed while ready: the one acceptance. Emit the record now.
    Accepted,
    /// Agree was pressed while reading: nothing may be emitted.
    Refused,
}

/// The reading gate for one document, opened at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadingGate {
    options: GateOptions,
    opened: Moment,
    /// The latest wall-clock time seen; earlier times are clamped to it.
    latest_wall: DateTime<Utc>,
    page_visible: bool,
    reached_end_at: Option<DateTime<Utc>>,
    passages: Vec<PassageWatch>,
    accepted: Option<Moment>,
}

/// The reading evidence the gate gathered, for the acceptance record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub opened_at: DateTime<Utc>,
    pub reached_end_at: DateTime<Utc>,
    /// When each passage was first seen, in document order.
    pub passages_first_seen: Vec<DateTime<Utc>>,
    /// How long each passage was in view in total, in whole milliseconds.
    pub passages_visible_ms: Vec<u64>,
    /// When each passage was acknowledged, if acknowledgement was asked for.
    pub passages_acknowledged_at: Vec<Option<DateTime<Utc>>>,
    pub accepted_at: DateTime<Utc>,
    /// Opened to accepted, in whole milliseconds of monotonic time.
    pub reading_ms: u64,
}

impl Evidence {
    /// Splits evidence whose first `passages` items are the highlighted passages and the
    /// rest the changes since an earlier version (a re-acceptance's gate watches both) into
    /// the passages' evidence and the changes' first-seen times.
    // Inlined into the widget's one caller, as when it lived beside it (274 B brotli less).
    #[inline]
    pub fn split_changes(&self, passages: usize) -> (Evidence, Vec<DateTime<Utc>>) {
        let mut highlights = self.clone();
        let at = passages.min(highlights.passages_first_seen.len());
        let changes = highlights.passages_first_seen.split_off(at);
        highlights.passages_visible_ms.truncate(at);
        highlights.passages_acknowledged_at.truncate(at);
        (highlights, changes)
    }
}

impl ReadingGate {
    /// A gate with default options for a document with `passage_count` passages.
    pub fn new(passage_count: usize, opened: impl Into<Moment>) -> Self {
        Self::with_options(passage_count, opened, GateOptions::default())
    }

    pub fn with_options(passage_count: usize, opened: impl Into<Moment>, options: GateOptions) -> Self {
        let opened = opened.into();
        ReadingGate {
            options,
            opened,
            latest_wall: opened.wall,
            page_visible: true,
            reached_end_at: None,
            passages: vec![PassageWatch::default(); passage_count],
            accepted: None,
        }
    }

    pub fn options(&self) -> GateOptions {
        self.options
    }

    /// Applies one event that happened at `at`, returning what it did.
    ///
    /// Wall-clock times earlier than the latest one seen are clamped to it, so that a
    /// clock that stepped backwards cannot produce a record whose times are out of order.
    pub fn apply(&mut self, event: GateEvent, at: impl Into<Moment>) -> Outcome {
        let mut now = at.into();
        now.wall = now.wall.max(self.latest_wall);
        if self.accepted.is_some() {
            return Outcome::Unchanged;
        }
        self.latest_wall = now.wall;
        let options = self.options;
        match event {
            GateEvent::EndVisible => {
                if self.reached_end_at.is_some() {
                    return Outcome::Unchanged;
                }
                self.reached_end_at = Some(now.wall);
                Outcome::Progressed
            }
            GateEvent::PassageShown(index) => {
                let page_visible = self.page_visible;
                match self.passages.get_mut(index) {
                    Some(passage) if !passage.in_view => passage.enter(now, page_visible),
                    _ => return Outcome::Unchanged,
                }
                // With no dwell time the passage counts at once.
                self.settle(now)
            }
            GateEvent::PassageHidden(index) => {
                // Leaving after a full dwell still counts, even if no tick came in between.
                let outcome = self.settle(now);
                if let Some(passage) = self.passages.get_mut(index) {
                    passage.leave(now);
                }
                outcome
            }
            GateEvent::PageHidden => {
                let outcome = self.settle(now);
                self.page_visible = false;
                self.passages.iter_mut().for_each(|p| p.pause(now));
                outcome
            }
            GateEvent::PageShown => {
                self.page_visible = true;
                self.passages.iter_mut().for_each(|p| p.resume(now));
                Outcome::Unchanged
            }
            GateEvent::Tick => self.settle(now),
            GateEvent::Acknowledged(index, ticked) => match self.passages.get_mut(index) {
                Some(passage) if options.require_acknowledgement && passage.acknowledged_at.is_some() != ticked => {
                    passage.acknowledged_at = ticked.then_some(now.wall);
                    Outcome::Progressed
                }
                _ => Outcome::Unchanged,
            },
            GateEvent::AgreePressed => {
                if self.status() != GateStatus::Ready {
                    return Outcome::Refused;
                }
                self.passages.iter_mut().for_each(|p| p.pause(now));
                self.accepted = Some(now);
                Outcome::Accepted
            }
        }
    }

    /// Where the gate stands now.
    pub fn status(&self) -> GateStatus {
        if self.accepted.is_some() {
            return GateStatus::Accepted;
        }
        let passages_unseen = self.passages_unseen();
        let passages_unacknowledged = self.passages_unacknowledged();
        let end_seen = self.reached_end_at.is_some();
        if end_seen && passages_unseen == 0 && passages_unacknowledged == 0 {
            GateStatus::Ready
        } else {
            GateStatus::Reading { end_seen, passages_unseen, passages_unacknowledged }
        }
    }

    /// How many highlighted passages have not been seen yet.
    pub fn passages_unseen(&self) -> usize {
        self.passages.iter().filter(|p| p.first_seen_at.is_none()).count()
    }

    /// How many passages still need their acknowledgement (0 when none is asked for).
    pub fn passages_unacknowledged(&self) -> usize {
        if !self.options.require_acknowledgement {
            return 0;
        }
        self.passages.iter().filter(|p| p.acknowledged_at.is_none()).count()
    }

    /// Whether passage `index` has been seen.
    pub fn passage_seen(&self, index: usize) -> bool {
        self.passages.get(index).is_some_and(|p| p.first_seen_at.is_some())
    }

    /// Whether passage `index` has been acknowledged.
    pub fn passage_acknowledged(&self, index: usize) -> bool {
        self.passages.get(index).is_some_and(|p| p.acknowledged_at.is_some())
    }

    /// The first passage after `after` (in document order, wrapping around) that has not
    /// been seen — or, once all are seen, not acknowledged; `None` when none is left.
    pub fn next_unread(&self, after: Option<usize>) -> Option<usize> {
        let n = self.passages.len();
        let start = after.map_or(0, |i| i + 1);
        let pending = |i: &usize| {
            let p = &self.passages[*i];
            p.first_seen_at.is_none() || (self.options.require_acknowledgement && p.acknowledged_at.is_none())
        };
        (0..n).map(|k| (start + k) % n).find(pending)
    }

    /// How many highlighted passages the document has.
    pub fn passage_count(&self) -> usize {
        self.passages.len()
    }

    pub fn opened_at(&self) -> DateTime<Utc> {
        self.opened.wall
    }

    /// The monotonic time at which a passage now in view will have been in view long
    /// enough to count: the shell schedules a [`GateEvent::Tick`] for it.
    pub fn next_deadline(&self) -> Option<f64> {
        if self.accepted.is_some() {
            return None;
        }
        self.passages.iter().filter_map(|p| p.deadline(&self.options)).min_by(f64::total_cmp)
    }

    /// The evidence for a record, available only once the gate has accepted.
    pub fn evidence(&self) -> Option<Evidence> {
        let accepted = self.accepted?;
        let reached_end_at = self.reached_end_at?;
        let passages_first_seen = self.passages.iter().map(|p| p.first_seen_at).collect::<Option<Vec<_>>>()?;
        Some(Evidence {
            opened_at: self.opened.wall,
            reached_end_at,
            passages_first_seen,
            passages_visible_ms: self.passages.iter().map(|p| whole_ms(p.visible_ms)).collect(),
            passages_acknowledged_at: self.passages.iter().map(|p| p.acknowledged_at).collect(),
            accepted_at: accepted.wall,
            reading_ms: whole_ms(accepted.monotonic_ms - self.opened.monotonic_ms),
        })
    }

    /// Marks as seen every passage that has now been in view long enough.
    fn settle(&mut self, now: Moment) -> Outcome {
        let options = self.options;
        let mut outcome = Outcome::Unchanged;
        for passage in &mut self.passages {
            if passage.settle(now, &options) {
                outcome = Outcome::Progressed;
            }
        }
        outcome
    }
}

fn whole_ms(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

/// Whether an observed passage counts as in view: at least half of it visible, or, for a
/// passage taller than half the view, visible over at least half the view's height
/// (a passage three screens tall can never be half visible, yet it is being read).
///
/// `ratio` is IntersectionObserver's `intersectionRatio`, `visible_height` the height of
/// its `intersectionRect`, `view_height` the height of what the reader can see of the
/// scroll region (0 when unknown, which leaves only the ratio rule).
pub fn counts_as_seen(ratio: f64, visible_height: f64, view_height: f64) -> bool {
    ratio >= 0.5 || (view_height > 0.0 && visible_height >= 0.5 * view_height)
}
