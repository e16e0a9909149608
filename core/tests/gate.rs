//! The reading gate, event by event: Agree opens only when the end and every highlighted
//! passage have been seen, whatever the order; a passage swept past is not seen; the gate
//! accepts exactly once.

use chrono::{DateTime, Duration, Utc};
use clausewrap_core::gate::{counts_as_seen, GateEvent, GateStatus, Outcome, ReadingGate, DEFAULT_MIN_DWELL_MS};

const DWELL: i64 = DEFAULT_MIN_DWELL_MS;

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000 + ms).unwrap()
}

/// Passage `i` comes into view at `at` and stays there for the dwell time.
fn dwell_on(gate: &mut ReadingGate, i: usize, at: i64) -> Outcome {
    assert_eq!(gate.apply(GateEvent::PassageShown(i), t(at)), Outcome::Unchanged, "not seen on arrival");
    assert_eq!(gate.next_deadline(), Some(t(at + DWELL)));
    gate.apply(GateEvent::Tick, t(at + DWELL))
}

/// Every permutation of `items`.
fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first.clone());
            out.push(tail);
        }
    }
    out
}

#[test]
fn starts_closed_and_refuses_a_press() {
    let mut gate = ReadingGate::new(2, t(0));
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: false, passages_unseen: 2 });
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(10)), Outcome::Refused);
    assert_eq!(gate.evidence(), None);
}

/// `None` stands for the end of the document, `Some(i)` for passage i.
#[test]
fn every_order_of_events_opens_only_when_all_are_seen() {
    let targets = [None, Some(0), Some(1), Some(2)];
    for order in permutations(&targets) {
        let mut gate = ReadingGate::new(3, t(0));
        for (step, target) in order.iter().enumerate() {
            let at = step as i64 * 1000;
            assert_eq!(gate.apply(GateEvent::AgreePressed, t(at)), Outcome::Refused, "{order:?} before step {step}");
            let outcome = match target {
                None => gate.apply(GateEvent::EndVisible, t(at + 1)),
                Some(i) => dwell_on(&mut gate, *i, at + 1),
            };
            assert_eq!(outcome, Outcome::Progressed, "{order:?} step {step}");
        }
        assert_eq!(gate.status(), GateStatus::Ready, "{order:?}");
        assert_eq!(gate.apply(GateEvent::AgreePressed, t(10_000)), Outcome::Accepted);
        let evidence = gate.evidence().unwrap();
        assert!(evidence.opened_at <= evidence.reached_end_at && evidence.reached_end_at <= evidence.accepted_at);
        assert_eq!(evidence.passages_first_seen.len(), 3);
        // A passage was first seen when it came into view, not when its dwell ran out.
        let first = order.iter().position(|x| *x == Some(0)).unwrap() as i64 * 1000 + 1;
        assert_eq!(evidence.passages_first_seen[0], t(first));
    }
}

#[test]
fn jumping_to_the_end_leaves_the_gate_closed() {
    // What IntersectionObserver reports while the End key's scroll animation sweeps the
    // document in ~150 ms: each passage in view for a frame or two, then the end.
    let mut gate = ReadingGate::new(17, t(0));
    for i in 0..15 {
        gate.apply(GateEvent::PassageShown(i), t(10 * i as i64));
        gate.apply(GateEvent::PassageHidden(i), t(10 * i as i64 + 32));
    }
    gate.apply(GateEvent::PassageShown(15), t(150));
    gate.apply(GateEvent::PassageShown(16), t(150));
    gate.apply(GateEvent::EndVisible, t(150));
    gate.apply(GateEvent::Tick, t(150 + DWELL));
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: true, passages_unseen: 15 });
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(600)), Outcome::Refused);
    // Reading them afterwards opens it.
    for i in 0..15 {
        dwell_on(&mut gate, i, 1000 + 1000 * i as i64);
    }
    assert_eq!(gate.status(), GateStatus::Ready);
}

#[test]
fn a_passage_that_leaves_before_the_dwell_is_not_seen_and_its_clock_restarts() {
    let mut gate = ReadingGate::new(1, t(0));
    gate.apply(GateEvent::PassageShown(0), t(0));
    gate.apply(GateEvent::PassageHidden(0), t(DWELL - 1));
    assert_eq!(gate.apply(GateEvent::Tick, t(DWELL + 50)), Outcome::Unchanged);
    assert_eq!(gate.next_deadline(), None);
    gate.apply(GateEvent::PassageShown(0), t(1000));
    assert_eq!(gate.apply(GateEvent::Tick, t(1000 + DWELL - 1)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::Tick, t(1000 + DWELL)), Outcome::Progressed);
    assert!(gate.passage_seen(0));
}

#[test]
fn leaving_after_a_full_dwell_counts_even_without_a_tick() {
    let mut gate = ReadingGate::new(1, t(0));
    gate.apply(GateEvent::PassageShown(0), t(100));
    assert_eq!(gate.apply(GateEvent::PassageHidden(0), t(100 + DWELL)), Outcome::Progressed);
    assert!(gate.passage_seen(0));
}

#[test]
fn a_zero_dwell_counts_a_passage_on_arrival() {
    let mut gate = ReadingGate::new(1, t(0)).with_min_dwell(Duration::zero());
    assert_eq!(gate.apply(GateEvent::PassageShown(0), t(5)), Outcome::Progressed);
}

#[test]
fn a_document_without_passages_needs_only_the_end() {
    let mut gate = ReadingGate::new(0, t(0));
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: false, passages_unseen: 0 });
    gate.apply(GateEvent::EndVisible, t(1));
    assert_eq!(gate.status(), GateStatus::Ready);
}

#[test]
fn a_short_document_in_view_is_ready_after_one_dwell() {
    // What the observer reports on its first callback when everything fits.
    let mut gate = ReadingGate::new(2, t(0));
    for event in [GateEvent::PassageShown(0), GateEvent::PassageShown(1), GateEvent::EndVisible] {
        gate.apply(event, t(16));
    }
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: true, passages_unseen: 2 });
    gate.apply(GateEvent::Tick, t(16 + DWELL));
    assert_eq!(gate.status(), GateStatus::Ready);
}

#[test]
fn accepts_exactly_once() {
    let mut gate = ReadingGate::new(1, t(0));
    dwell_on(&mut gate, 0, 1);
    gate.apply(GateEvent::EndVisible, t(2));
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(1000)), Outcome::Accepted);
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(1001)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::EndVisible, t(1002)), Outcome::Unchanged);
    assert_eq!(gate.status(), GateStatus::Accepted);
    assert_eq!(gate.evidence().unwrap().accepted_at, t(1000));
    assert_eq!(gate.next_deadline(), None);
}

#[test]
fn repeated_and_unknown_events_change_nothing_and_keep_first_times() {
    let mut gate = ReadingGate::new(1, t(0));
    assert_eq!(dwell_on(&mut gate, 0, 10), Outcome::Progressed);
    gate.apply(GateEvent::PassageHidden(0), t(500));
    assert_eq!(gate.apply(GateEvent::PassageShown(0), t(600)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::Tick, t(2000)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::PassageShown(7), t(600)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::PassageHidden(7), t(600)), Outcome::Unchanged);
    gate.apply(GateEvent::EndVisible, t(3000));
    gate.apply(GateEvent::AgreePressed, t(4000));
    assert_eq!(gate.evidence().unwrap().passages_first_seen, vec![t(10)]);
}

#[test]
fn a_clock_stepping_backwards_cannot_disorder_the_evidence() {
    let mut gate = ReadingGate::new(1, t(1000)).with_min_dwell(Duration::zero());
    gate.apply(GateEvent::PassageShown(0), t(500));
    gate.apply(GateEvent::EndVisible, t(2000));
    gate.apply(GateEvent::AgreePressed, t(1500));
    let e = gate.evidence().unwrap();
    assert!(e.opened_at <= e.passages_first_seen[0]);
    assert!(e.reached_end_at <= e.accepted_at);
    assert_eq!(e.accepted_at, t(2000));
}

#[test]
fn seen_means_half_visible_or_half_the_view() {
    assert!(counts_as_seen(0.5, 10.0, 400.0));
    assert!(!counts_as_seen(0.49, 10.0, 400.0));
    // A passage three views tall: a third of it fills the view.
    assert!(counts_as_seen(0.33, 400.0, 400.0));
    assert!(!counts_as_seen(0.1, 150.0, 400.0));
    assert!(!counts_as_seen(0.2, 300.0, 0.0), "unknown view height leaves only the ratio rule");
}
