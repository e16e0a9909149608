//! The reading gate, event by event: Agree opens only when the end and every highlighted
//! passage have been seen, whatever the order; it accepts exactly once.

use chrono::{DateTime, Duration, Utc};
use clausewrap_core::gate::{counts_as_seen, GateEvent, GateStatus, Outcome, ReadingGate};

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000 + ms).unwrap()
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

#[test]
fn every_order_of_events_opens_only_when_all_are_seen() {
    let events = [GateEvent::EndVisible, GateEvent::PassageVisible(0), GateEvent::PassageVisible(1), GateEvent::PassageVisible(2)];
    for order in permutations(&events) {
        let mut gate = ReadingGate::new(3, t(0));
        for (step, event) in order.iter().enumerate() {
            assert_eq!(gate.apply(GateEvent::AgreePressed, t(step as i64 * 10)), Outcome::Refused, "{order:?} before step {step}");
            assert_eq!(gate.apply(*event, t(step as i64 * 10 + 5)), Outcome::Progressed);
        }
        assert_eq!(gate.status(), GateStatus::Ready, "{order:?}");
        assert_eq!(gate.apply(GateEvent::AgreePressed, t(100)), Outcome::Accepted);
        let evidence = gate.evidence().unwrap();
        assert!(evidence.opened_at <= evidence.reached_end_at && evidence.reached_end_at <= evidence.accepted_at);
        assert_eq!(evidence.passages_first_seen.len(), 3);
    }
}

#[test]
fn jumping_to_the_end_leaves_the_gate_closed() {
    let mut gate = ReadingGate::new(17, t(0));
    gate.apply(GateEvent::EndVisible, t(5));
    gate.apply(GateEvent::PassageVisible(15), t(5));
    gate.apply(GateEvent::PassageVisible(16), t(5));
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: true, passages_unseen: 15 });
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(6)), Outcome::Refused);
}

#[test]
fn a_document_without_passages_needs_only_the_end() {
    let mut gate = ReadingGate::new(0, t(0));
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: false, passages_unseen: 0 });
    gate.apply(GateEvent::EndVisible, t(1));
    assert_eq!(gate.status(), GateStatus::Ready);
}

#[test]
fn a_short_document_seen_at_once_is_ready_at_once() {
    // What the observer reports on its first callback when everything fits.
    let mut gate = ReadingGate::new(2, t(0));
    for event in [GateEvent::PassageVisible(0), GateEvent::PassageVisible(1), GateEvent::EndVisible] {
        gate.apply(event, t(16));
    }
    assert_eq!(gate.status(), GateStatus::Ready);
}

#[test]
fn accepts_exactly_once() {
    let mut gate = ReadingGate::new(1, t(0));
    gate.apply(GateEvent::PassageVisible(0), t(1));
    gate.apply(GateEvent::EndVisible, t(2));
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(3)), Outcome::Accepted);
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(4)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::EndVisible, t(5)), Outcome::Unchanged);
    assert_eq!(gate.status(), GateStatus::Accepted);
    assert_eq!(gate.evidence().unwrap().accepted_at, t(3));
}

#[test]
fn repeated_and_unknown_events_change_nothing_and_keep_first_times() {
    let mut gate = ReadingGate::new(1, t(0));
    assert_eq!(gate.apply(GateEvent::PassageVisible(0), t(10)), Outcome::Progressed);
    assert_eq!(gate.apply(GateEvent::PassageVisible(0), t(20)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::PassageVisible(7), t(20)), Outcome::Unchanged);
    gate.apply(GateEvent::EndVisible, t(30));
    gate.apply(GateEvent::AgreePressed, t(40));
    assert_eq!(gate.evidence().unwrap().passages_first_seen, vec![t(10)]);
}

#[test]
fn a_clock_stepping_backwards_cannot_disorder_the_evidence() {
    let mut gate = ReadingGate::new(1, t(1000));
    gate.apply(GateEvent::PassageVisible(0), t(500));
    gate.apply(GateEvent::EndVisible, t(2000));
    gate.apply(GateEvent::AgreePressed, t(1500));
    let e = gate.evidence().unwrap();
    assert!(e.opened_at <= e.passages_first_seen[0]);
    assert!(e.reached_end_at <= e.accepted_at);
    assert_eq!(e.accepted_at, t(2000));
    assert!(e.accepted_at - e.opened_at >= Duration::zero());
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
