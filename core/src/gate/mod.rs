//! The reading gate: a pure state machine that decides when "Agree" may be pressed.
//!
//! The browser shell feeds it what IntersectionObserver saw (the end of the document
//! became visible; highlighted passage *i* came into view or left it), the passing of
//! time, and what the reader did (pressed Agree), each with the time it happened. Agree
//! is available only once the end has been seen **and** every highlighted passage has
//! been seen.
//!
//! A passage is *seen* once it has stayed in view for [`DEFAULT_MIN_DWELL_MS`] without
//! interruption. Browsers animate the End key's jump (and flings) through the whole
//! document in a few frames; a passage that only flashes past during that animation was
//! not shown to the reader, and must not count. A document that fits without scrolling
//! is seen as soon as it has been in view for that dwell time.
//!
//! The gate accepts exactly once: after `Accepted`, further presses change nothing.

use chrono::{DateTime, Duration, Utc};

/// How long a passage must stay in view, uninterrupted, to count as seen. Long enough
/// that a passage swept past by an animated jump (about 150 ms for End in Chromium) does
/// not count; short enough that a reader who stops on it is never kept waiting.
pub const DEFAULT_MIN_DWELL_MS: i64 = 300;

/// Something that happened in front of the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateEvent {
    /// The sentinel after the last line of the document became visible.
    EndVisible,
    /// Highlighted passage number `index` (in document order) came into view.
    PassageShown(usize),
    /// Highlighted passage number `index` left the view.
    PassageHidden(usize),
    /// Time passed: passages that have now been in view long enough become seen. The
    /// shell sends this when a dwell period it started may have run out.
    Tick,
    /// The reader pressed Agree (click, Enter or Space).
    AgreePressed,
}

/// Where the gate stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateStatus {
    /// Agree is not available yet: the end is not reached and/or passages are unseen.
    Reading { end_seen: bool, passages_unseen: usize },
    /// Agree is available.
    Ready,
    /// Agree was pressed while ready; the record may be emitted, once.
    Accepted,
}

/// What an event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The event changed nothing (already seen, out of range, or already accepted).
    Unchanged,
    /// Progress was recorded.
    Progressed,
    /// Agree was pressed while ready: the one acceptance. Emit the record now.
    Accepted,
    /// Agree was pressed while reading: nothing may be emitted.
    Refused,
}

/// The reading gate for one document, opened at one time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingGate {
    opened_at: DateTime<Utc>,
    min_dwell: Duration,
    reached_end_at: Option<DateTime<Utc>>,
    /// Since when each passage has been in view, if it is.
    in_view_since: Vec<Option<DateTime<Utc>>>,
    passages_first_seen: Vec<Option<DateTime<Utc>>>,
    accepted_at: Option<DateTime<Utc>>,
}

/// The reading evidence the gate gathered, for the acceptance record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub opened_at: DateTime<Utc>,
    pub reached_end_at: DateTime<Utc>,
    /// When each passage was first seen, in document order.
    pub passages_first_seen: Vec<DateTime<Utc>>,
    pub accepted_at: DateTime<Utc>,
}

impl ReadingGate {
    /// A gate for a document with `passage_count` highlighted passages, shown at `opened_at`.
    pub fn new(passage_count: usize, opened_at: DateTime<Utc>) -> Self {
        ReadingGate {
            opened_at,
            min_dwell: Duration::milliseconds(DEFAULT_MIN_DWELL_MS),
            reached_end_at: None,
            in_view_since: vec![None; passage_count],
            passages_first_seen: vec![None; passage_count],
            accepted_at: None,
        }
    }

    /// The same gate with another dwell time (zero counts a passage the moment it shows).
    pub fn with_min_dwell(mut self, min_dwell: Duration) -> Self {
        self.min_dwell = min_dwell.max(Duration::zero());
        self
    }

    /// How long a passage must stay in view to count as seen.
    pub fn min_dwell(&self) -> Duration {
        self.min_dwell
    }

    /// Applies one event that happened at `now`, returning what it did.
    ///
    /// Times earlier than the gate's opening are clamped to it, so that a clock that
    /// stepped backwards cannot produce a record whose timestamps are out of order.
    pub fn apply(&mut self, event: GateEvent, now: DateTime<Utc>) -> Outcome {
        let now = now.max(self.latest_time());
        if self.accepted_at.is_some() {
            return Outcome::Unchanged;
        }
        match event {
            GateEvent::EndVisible => {
                if self.reached_end_at.is_some() {
                    return Outcome::Unchanged;
                }
                self.reached_end_at = Some(now);
                Outcome::Progressed
            }
            GateEvent::PassageShown(index) => {
                match self.in_view_since.get_mut(index) {
                    Some(since @ None) if self.passages_first_seen[index].is_none() => *since = Some(now),
                    _ => return Outcome::Unchanged,
                }
                // With no dwell time the passage counts at once.
                self.settle(now)
            }
            GateEvent::PassageHidden(index) => {
                // Leaving after a full dwell still counts, even if no tick came in between.
                let progressed = self.settle(now);
                if let Some(since) = self.in_view_since.get_mut(index) {
                    *since = None;
                }
                progressed
            }
            GateEvent::Tick => self.settle(now),
            GateEvent::AgreePressed => {
                if self.status() == GateStatus::Ready {
                    self.accepted_at = Some(now);
                    Outcome::Accepted
                } else {
                    Outcome::Refused
                }
            }
        }
    }

    /// Where the gate stands now.
    pub fn status(&self) -> GateStatus {
        if self.accepted_at.is_some() {
            return GateStatus::Accepted;
        }
        let passages_unseen = self.passages_unseen();
        let end_seen = self.reached_end_at.is_some();
        if end_seen && passages_unseen == 0 {
            GateStatus::Ready
        } else {
            GateStatus::Reading { end_seen, passages_unseen }
        }
    }

    /// How many highlighted passages have not been seen yet.
    pub fn passages_unseen(&self) -> usize {
        self.passages_first_seen.iter().filter(|seen| seen.is_none()).count()
    }

    /// Whether passage `index` has been seen.
    pub fn passage_seen(&self, index: usize) -> bool {
        matches!(self.passages_first_seen.get(index), Some(Some(_)))
    }

    /// How many highlighted passages the document has.
    pub fn passage_count(&self) -> usize {
        self.passages_first_seen.len()
    }

    pub fn opened_at(&self) -> DateTime<Utc> {
        self.opened_at
    }

    /// The evidence for a record, available only once the gate has accepted.
    pub fn evidence(&self) -> Option<Evidence> {
        let accepted_at = self.accepted_at?;
        let reached_end_at = self.reached_end_at?;
        let passages_first_seen = self.passages_first_seen.iter().copied().collect::<Option<Vec<_>>>()?;
        Some(Evidence { opened_at: self.opened_at, reached_end_at, passages_first_seen, accepted_at })
    }

    /// The earliest time at which a passage now in view will have dwelt long enough: the
    /// shell schedules a [`GateEvent::Tick`] for it.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        if self.accepted_at.is_some() {
            return None;
        }
        self.in_view_since.iter().zip(&self.passages_first_seen).filter(|(_, seen)| seen.is_none()).filter_map(|(since, _)| *since).min().map(|since| since + self.min_dwell)
    }

    /// Marks as seen every passage that has been in view for the dwell time by `now`; it
    /// was first seen when it came into view.
    fn settle(&mut self, now: DateTime<Utc>) -> Outcome {
        let mut outcome = Outcome::Unchanged;
        for (since, seen) in self.in_view_since.iter().zip(self.passages_first_seen.iter_mut()) {
            if let (Some(since), None) = (since, &seen) {
                if now - *since >= self.min_dwell {
                    *seen = Some(*since);
                    outcome = Outcome::Progressed;
                }
            }
        }
        outcome
    }

    fn latest_time(&self) -> DateTime<Utc> {
        self.passages_first_seen
            .iter()
            .flatten()
            .chain(self.reached_end_at.iter())
            .chain(self.in_view_since.iter().flatten())
            .copied()
            .fold(self.opened_at, DateTime::max)
    }
}

/// Whether an observed passage counts as seen: at least half of it visible, or, for a
/// passage taller than half the view, visible over at least half the view's height
/// (a passage three screens tall can never be half visible, yet it is being read).
///
/// `ratio` is IntersectionObserver's `intersectionRatio`, `visible_height` the height of
/// its `intersectionRect`, `view_height` the height of what the reader can see of the
/// scroll region (0 when unknown, which leaves only the ratio rule).
pub fn counts_as_seen(ratio: f64, visible_height: f64, view_height: f64) -> bool {
    ratio >= 0.5 || (view_height > 0.0 && visible_height >= 0.5 * view_height)
}
