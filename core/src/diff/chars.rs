//! Character-level comparison of two texts (Myers' O(ND) algorithm over Unicode scalar
//! values), so that a change inside a Chinese sentence shows exactly which characters were
//! struck and which were added, with no notion of words.

/// One run of an edit script from the old text to the new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextEdit {
    /// In both texts.
    Same(String),
    /// Only in the new text.
    Inserted(String),
    /// Only in the old text.
    Deleted(String),
}

/// Above this many differences between two texts, the middle part is reported as deleted
/// and inserted whole: exact alignment of texts that share so little says nothing useful,
/// and it would cost time and memory quadratic in their length.
const MAX_DIFFERENCES: usize = 1_000;

/// The shortest edit script from `old` to `new`, as alternating runs. Common runs are
/// merged; an insertion next to a deletion is given after it.
pub fn char_diff(old: &str, new: &str) -> Vec<TextEdit> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (middle_a, middle_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = vec![Op::Same; prefix];
    match myers(middle_a, middle_b) {
        Some(middle) => ops.extend(middle),
        None => {
            ops.extend(std::iter::repeat_n(Op::Delete, middle_a.len()));
            ops.extend(std::iter::repeat_n(Op::Insert, middle_b.len()));
        }
    }
    ops.extend(std::iter::repeat_n(Op::Same, suffix));
    runs(&ops, &a, &b)
}

/// How alike two texts are: twice the characters they share over their total length, from
/// 0 (nothing in common) to 1 (identical). Two empty texts are identical.
pub fn similarity(old: &str, new: &str) -> f64 {
    let total = old.chars().count() + new.chars().count();
    if total == 0 {
        return 1.0;
    }
    let same: usize = char_diff(old, new).iter().map(|e| if let TextEdit::Same(s) = e { s.chars().count() } else { 0 }).sum();
    2.0 * same as f64 / total as f64
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same,
    Delete,
    Insert,
}

/// Myers' greedy algorithm with the trace kept for backtracking; `None` when the texts
/// differ in more than [`MAX_DIFFERENCES`] places.
fn myers(a: &[char], b: &[char]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    if n == 0 || m == 0 {
        return Some(std::iter::repeat_n(Op::Delete, a.len()).chain(std::iter::repeat_n(Op::Insert, b.len())).collect());
    }
    let max = (n + m).min(MAX_DIFFERENCES as isize);
    let offset = max + 1;
    let mut v = vec![0isize; 2 * offset as usize + 1];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=max {
        // Only diagonals -d..=d can be read when backtracking from step d: keep those.
        trace.push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let at = |k: isize| (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) { v[at(k + 1)] } else { v[at(k - 1)] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, a.len(), b.len(), d));
            }
            k += 2;
        }
    }
    None
}

fn backtrack(trace: &[Vec<isize>], n: usize, m: usize, last: isize) -> Vec<Op> {
    let mut ops = Vec::with_capacity(n + m);
    let (mut x, mut y) = (n as isize, m as isize);
    for d in (1..=last).rev() {
        let v = &trace[d as usize];
        let at = |k: isize| (k + d) as usize;
        let k = x - y;
        let previous_k = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) { k + 1 } else { k - 1 };
        let previous_x = v[at(previous_k)];
        let previous_y = previous_x - previous_k;
        while x > previous_x && y > previous_y {
            ops.push(Op::Same);
            x -= 1;
            y -= 1;
        }
        ops.push(if x == previous_x { Op::Insert } else { Op::Delete });
        (x, y) = (previous_x, previous_y);
    }
    ops.extend(std::iter::repeat_n(Op::Same, x as usize));
    ops.reverse();
    ops
}

/// Turns per-character operations into runs; within each stretch of differences the
/// deletions come before the insertions, which reads best.
fn runs(ops: &[Op], a: &[char], b: &[char]) -> Vec<TextEdit> {
    let mut out = Vec::new();
    let (mut i, mut j, mut at) = (0, 0, 0);
    while at < ops.len() {
        if ops[at] == Op::Same {
            let start = at;
            while at < ops.len() && ops[at] == Op::Same {
                at += 1;
            }
            let len = at - start;
            out.push(TextEdit::Same(a[i..i + len].iter().collect()));
            i += len;
            j += len;
            continue;
        }
        let (mut deleted, mut inserted) = (String::new(), String::new());
        while at < ops.len() && ops[at] != Op::Same {
            if ops[at] == Op::Delete {
                deleted.push(a[i]);
                i += 1;
            } else {
                inserted.push(b[j]);
                j += 1;
            }
            at += 1;
        }
        if !deleted.is_empty() {
            out.push(TextEdit::Deleted(deleted));
        }
        if !inserted.is_empty() {
            out.push(TextEdit::Inserted(inserted));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use TextEdit::*;

    fn apply(edits: &[TextEdit]) -> (String, String) {
        let (mut old, mut new) = (String::new(), String::new());
        for edit in edits {
            match edit {
                Same(s) => {
                    old.push_str(s);
                    new.push_str(s);
                }
                Deleted(s) => old.push_str(s),
                Inserted(s) => new.push_str(s),
            }
        }
        (old, new)
    }

    #[test]
    fn chinese_without_spaces() {
        let edits = char_diff("乙方自行承担风险。", "乙方自行承担全部风险。");
        assert_eq!(edits, [Same("乙方自行承担".into()), Inserted("全部".into()), Same("风险。".into())]);
        let edits = char_diff("赔偿上限为人民币一万元", "赔偿上限为人民币五千元");
        assert_eq!(edits, [Same("赔偿上限为人民币".into()), Deleted("一万".into()), Inserted("五千".into()), Same("元".into())]);
    }

    #[test]
    fn edges() {
        assert_eq!(char_diff("", ""), []);
        assert_eq!(char_diff("abc", "abc"), [Same("abc".into())]);
        assert_eq!(char_diff("", "新"), [Inserted("新".into())]);
        assert_eq!(char_diff("旧", ""), [Deleted("旧".into())]);
        assert_eq!(similarity("abc", "abc"), 1.0);
        assert_eq!(similarity("abc", "xyz"), 0.0);
    }

    #[test]
    fn scripts_rebuild_both_texts_and_are_shortest() {
        // A small generator: texts over a 3-letter alphabet, every pair up to length 6.
        let texts: Vec<String> = (0..400u32).map(|i| (0..(i % 7)).map(|k| ['甲', '乙', 'a'][((i / 7 + k * 5) % 3) as usize]).collect()).collect();
        for old in texts.iter().step_by(7) {
            for new in texts.iter().step_by(11) {
                let edits = char_diff(old, new);
                assert_eq!(apply(&edits), (old.clone(), new.clone()));
                let changed: usize = edits.iter().map(|e| if let Same(_) = e { 0 } else { apply(std::slice::from_ref(e)).0.chars().count() + apply(std::slice::from_ref(e)).1.chars().count() }).sum();
                assert_eq!(changed, old.chars().count() + new.chars().count() - 2 * lcs(old, new), "{old} → {new}");
            }
        }
    }

    fn lcs(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row = vec![0; b.len() + 1];
        for x in &a {
            let mut previous = 0;
            for (j, y) in b.iter().enumerate() {
                let keep = row[j + 1];
                row[j + 1] = if x == y { previous + 1 } else { row[j + 1].max(row[j]) };
                previous = keep;
            }
        }
        row[b.len()]
    }

    #[test]
    fn very_different_long_texts_stay_cheap() {
        let old: String = (0..20_000).map(|i| char::from_u32(0x4e00 + (i * 7919 % 5000)).unwrap()).collect();
        let new: String = (0..20_000).map(|i| char::from_u32(0x4e00 + (i * 104_729 % 5000)).unwrap()).collect();
        let (o, n) = apply(&char_diff(&old, &new));
        assert_eq!((o, n), (old, new));
    }
}
