//! The reading gate, event by event: Agree opens only when the end and every highlighted
//! passage have been seen, whatever the order; a passage swept past is not seen; the gate
//! accepts exactly once.

use chrono::{DateTime, Utc};
use clausewrap_core::gate::{counts_as_seen, GateEvent, GateOptions, GateStatus, Moment, Outcome, ReadingGate, DEFAULT_MIN_DWELL_MS};

const DWELL: i64 = DEFAULT_MIN_DWELL_MS;

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000 + ms).unwrap()
}

/// Passage `i` comes into view at `at` and stays there for the dwell time.
fn dwell_on(gate: &mut ReadingGate, i: usize, at: i64) -> Outcome {
    assert_eq!(gate.apply(GateEvent::PassageShown(i), t(at)), Outcome::Unchanged, "not seen on arrival");
    assert_eq!(gate.next_deadline(), Some(Moment::from(t(at + DWELL)).monotonic_ms));
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
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: false, passages_unseen: 2, passages_unacknowledged: 0 });
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
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: true, passages_unseen: 15, passages_unacknowledged: 0 });
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
    let mut gate = ReadingGate::with_options(1, t(0), GateOptions { min_dwell_ms: 0.0, ..GateOptions::default() });
    assert_eq!(gate.apply(GateEvent::PassageShown(0), t(5)), Outcome::Progressed);
}

#[test]
fn a_document_without_passages_needs_only_the_end() {
    let mut gate = ReadingGate::new(0, t(0));
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: false, passages_unseen: 0, passages_unacknowledged: 0 });
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
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: true, passages_unseen: 2, passages_unacknowledged: 0 });
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
    let mut gate = ReadingGate::with_options(1, t(1000), GateOptions { min_dwell_ms: 0.0, ..GateOptions::default() });
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

fn m(wall_ms: i64, monotonic_ms: f64) -> Moment {
    Moment::new(t(wall_ms), monotonic_ms)
}

#[test]
fn visible_time_is_measured_on_the_monotonic_clock_and_summed_over_runs() {
    let mut gate = ReadingGate::new(1, m(0, 0.0));
    gate.apply(GateEvent::PassageShown(0), m(100, 100.0));
    gate.apply(GateEvent::PassageHidden(0), m(600, 600.0)); // 500 ms, seen (dwell 300)
    // The wall clock jumps an hour ahead; the monotonic clock does not.
    gate.apply(GateEvent::PassageShown(0), m(3_600_000, 1000.0));
    gate.apply(GateEvent::PassageHidden(0), m(3_600_250, 1250.0)); // 250 ms more
    gate.apply(GateEvent::EndVisible, m(3_600_300, 1300.0));
    gate.apply(GateEvent::AgreePressed, m(3_600_400, 1400.0));
    let e = gate.evidence().unwrap();
    assert_eq!(e.passages_visible_ms, vec![750]);
    assert_eq!(e.passages_first_seen, vec![t(100)]);
    assert_eq!(e.reading_ms, 1400);
}

#[test]
fn time_while_the_page_is_hidden_counts_for_nothing() {
    let mut gate = ReadingGate::new(2, m(0, 0.0));
    gate.apply(GateEvent::PassageShown(0), m(0, 0.0));
    gate.apply(GateEvent::PassageShown(1), m(0, 0.0));
    gate.apply(GateEvent::PageHidden, m(100, 100.0));
    // Hidden for ten seconds while both stay "in view": no tick may count them.
    assert_eq!(gate.apply(GateEvent::Tick, m(10_100, 10_100.0)), Outcome::Unchanged);
    assert_eq!(gate.next_deadline(), None);
    gate.apply(GateEvent::PageShown, m(10_100, 10_100.0));
    assert_eq!(gate.next_deadline(), Some(10_400.0), "a new dwell starts when the page shows again");
    assert_eq!(gate.apply(GateEvent::Tick, m(10_400, 10_400.0)), Outcome::Progressed);
    gate.apply(GateEvent::EndVisible, m(10_500, 10_500.0));
    gate.apply(GateEvent::AgreePressed, m(11_000, 11_000.0));
    let e = gate.evidence().unwrap();
    assert_eq!(e.passages_visible_ms, vec![100 + 900, 100 + 900]);
    assert_eq!(e.passages_first_seen, vec![t(10_100), t(10_100)]);
}

#[test]
fn an_integrator_minimum_needs_that_much_time_in_total() {
    let options = GateOptions { min_visible_ms: 2000.0, ..GateOptions::default() };
    let mut gate = ReadingGate::with_options(1, m(0, 0.0), options);
    gate.apply(GateEvent::PassageShown(0), m(0, 0.0));
    assert_eq!(gate.next_deadline(), Some(2000.0));
    gate.apply(GateEvent::PassageHidden(0), m(1500, 1500.0));
    assert!(!gate.passage_seen(0));
    gate.apply(GateEvent::PassageShown(0), m(5000, 5000.0));
    assert_eq!(gate.next_deadline(), Some(5500.0), "500 ms more make 2000 in total");
    assert_eq!(gate.apply(GateEvent::Tick, m(5499, 5499.0)), Outcome::Unchanged);
    assert_eq!(gate.apply(GateEvent::Tick, m(5500, 5500.0)), Outcome::Progressed);
}

#[test]
fn acknowledgement_when_asked_for_is_needed_for_every_passage() {
    let options = GateOptions { require_acknowledgement: true, ..GateOptions::default() };
    let mut gate = ReadingGate::with_options(2, t(0), options);
    dwell_on(&mut gate, 0, 0);
    dwell_on(&mut gate, 1, 1000);
    gate.apply(GateEvent::EndVisible, t(2000));
    assert_eq!(gate.status(), GateStatus::Reading { end_seen: true, passages_unseen: 0, passages_unacknowledged: 2 });
    assert_eq!(gate.apply(GateEvent::Acknowledged(0, true), t(3000)), Outcome::Progressed);
    assert_eq!(gate.apply(GateEvent::Acknowledged(1, true), t(3500)), Outcome::Progressed);
    assert_eq!(gate.apply(GateEvent::Acknowledged(1, false), t(3600)), Outcome::Progressed);
    assert_eq!(gate.next_unread(None), Some(1), "the unacknowledged one is next");
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(3700)), Outcome::Refused);
    gate.apply(GateEvent::Acknowledged(1, true), t(4000));
    assert_eq!(gate.apply(GateEvent::AgreePressed, t(5000)), Outcome::Accepted);
    assert_eq!(gate.evidence().unwrap().passages_acknowledged_at, vec![Some(t(3000)), Some(t(4000))]);
}

#[test]
fn acknowledgement_is_ignored_when_not_asked_for() {
    let mut gate = ReadingGate::new(1, t(0));
    assert_eq!(gate.apply(GateEvent::Acknowledged(0, true), t(1)), Outcome::Unchanged);
    dwell_on(&mut gate, 0, 10);
    gate.apply(GateEvent::EndVisible, t(500));
    gate.apply(GateEvent::AgreePressed, t(600));
    assert_eq!(gate.evidence().unwrap().passages_acknowledged_at, vec![None]);
}

#[test]
fn next_unread_walks_the_skipped_passages_in_order() {
    let mut gate = ReadingGate::new(4, t(0));
    dwell_on(&mut gate, 1, 0);
    assert_eq!(gate.next_unread(None), Some(0));
    assert_eq!(gate.next_unread(Some(0)), Some(2));
    assert_eq!(gate.next_unread(Some(3)), Some(0), "wraps around");
    for i in [0, 2, 3] {
        dwell_on(&mut gate, i, 1000 * (i as i64 + 1));
    }
    assert_eq!(gate.next_unread(None), None);
}
