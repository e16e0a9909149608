//! The reading gate: a pure state machine that decides when "Agree" may be pressed.
//!
//! The browser shell feeds it what IntersectionObserver saw (the end of the document
//! became visible; highlighted passage *i* became visible) and what the reader did
//! (pressed Agree), each with the time it happened. Agree is available only once the end
//! has been seen **and** every highlighted passage has been seen: jumping to the end with
//! the End key does not count as reading the passages it skipped. A document that fits
//! without scrolling is seen at once, because the observer reports everything visible on
//! its first callback.
//!
//! The gate accepts exactly once: after `Accepted`, further presses change nothing.

use chrono::{DateTime, Utc};

/// Something that happened in front of the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateEvent {
    /// The sentinel after the last line of the document became visible.
    EndVisible,
    /// Highlighted passage number `index` (in document order) became visible.
    PassageVisible(usize),
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
    reached_end_at: Option<DateTime<Utc>>,
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
        ReadingGate { opened_at, reached_end_at: None, passages_first_seen: vec![None; passage_count], accepted_at: None }
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
            GateEvent::PassageVisible(index) => match self.passages_first_seen.get_mut(index) {
                Some(slot @ None) => {
                    *slot = Some(now);
                    Outcome::Progressed
                }
                _ => Outcome::Unchanged,
            },
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

    fn latest_time(&self) -> DateTime<Utc> {
        self.passages_first_seen
            .iter()
            .flatten()
            .chain(self.reached_end_at.iter())
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
