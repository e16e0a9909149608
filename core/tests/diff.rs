//! The clause-level diff between two versions of a document: identical documents, a
//! wording change, a change inside a highlighted passage, an added and a removed clause,
//! a renumbering, a reorder, and the default rules against an edited copy.

use clausewrap_core::diff::{diff_documents, ChangeKind, DocumentDiff, TextEdit};
use clausewrap_core::document::Document;
use clausewrap_core::markdown;

fn doc(version: &str, body: &str) -> Document {
    let text = format!("---\nid: rules\ntitle: 规则\nversion: {version}\nlang: zh-CN\n---\n{body}");
    markdown::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// (kind, old id, new id, highlighted) for every section.
fn shape(diff: &DocumentDiff) -> Vec<(ChangeKind, Option<String>, Option<String>, bool)> {
    diff.sections.iter().map(|s| (s.kind, s.old.as_ref().map(|o| o.id.clone()), s.new.as_ref().map(|n| n.id.clone()), s.highlighted)).collect()
}

fn row(kind: ChangeKind, old: Option<&str>, new: Option<&str>, highlighted: bool) -> (ChangeKind, Option<String>, Option<String>, bool) {
    (kind, old.map(str::to_owned), new.map(str::to_owned), highlighted)
}

const BASE: &str = "请仔细阅读本规则。\n\n1. 甲方向乙方提供人脸识别服务。\n2. **甲方对间接损失不承担责任。**\n3. 乙方应妥善保管账户。\n4. 争议提交甲方所在地法院管辖。\n";

#[test]
fn identical_documents() {
    let diff = diff_documents(&doc("1", BASE), &doc("2", BASE));
    assert!(diff.is_identical());
    assert_eq!(diff.summary().changes(), 0);
    assert_eq!(diff.sections.len(), 5);
    let default = markdown::parse(include_bytes!("../../static/face-recognition-service-rules.md")).unwrap();
    assert!(diff_documents(&default, &default).is_identical());
}

#[test]
fn a_change_inside_a_highlighted_passage_and_one_outside() {
    let new = BASE.replace("对间接损失不承担责任", "对间接损失及数据丢失不承担责任").replace("妥善保管账户", "妥善保管账户和密码");
    let diff = diff_documents(&doc("1", BASE), &doc("2", &new));
    use ChangeKind::*;
    assert_eq!(shape(&diff), [
        row(Unchanged, Some("b1"), Some("b1"), false),
        row(Unchanged, Some("c1"), Some("c1"), false),
        row(Changed, Some("c2"), Some("c2"), true),
        row(Changed, Some("c3"), Some("c3"), false),
        row(Unchanged, Some("c4"), Some("c4"), false),
    ]);
    assert_eq!(diff.sections[2].edits, [TextEdit::Same("甲方对间接损失".into()), TextEdit::Inserted("及数据丢失".into()), TextEdit::Same("不承担责任。".into())]);
    let summary = diff.summary();
    assert_eq!((summary.changed, summary.highlighted_changes, summary.changes()), (2, 1, 2));
}

#[test]
fn a_clause_inserted_renumbers_the_rest_as_moved() {
    let new = BASE.replace("3. 乙方应妥善保管账户。\n4. 争议", "3. **乙方不得转让账户。**\n4. 乙方应妥善保管账户。\n5. 争议");
    let diff = diff_documents(&doc("1", BASE), &doc("2", &new));
    use ChangeKind::*;
    assert_eq!(shape(&diff), [
        row(Unchanged, Some("b1"), Some("b1"), false),
        row(Unchanged, Some("c1"), Some("c1"), false),
        row(Unchanged, Some("c2"), Some("c2"), false),
        row(Added, None, Some("c3"), true),
        row(Moved, Some("c3"), Some("c4"), false),
        row(Moved, Some("c4"), Some("c5"), false),
    ]);
    let summary = diff.summary();
    assert_eq!((summary.added, summary.moved, summary.changes()), (1, 2, 1));
    assert_eq!(diff.to_read().map(|s| s.id()).collect::<Vec<_>>(), ["c3"]);
}

#[test]
fn a_clause_removed_stays_in_place_and_the_rest_move_up() {
    let new = BASE.replace("2. **甲方对间接损失不承担责任。**\n3. 乙方应妥善保管账户。\n4. ", "2. 乙方应妥善保管账户。\n3. ");
    let diff = diff_documents(&doc("1", BASE), &doc("2", &new));
    use ChangeKind::*;
    assert_eq!(shape(&diff), [
        row(Unchanged, Some("b1"), Some("b1"), false),
        row(Unchanged, Some("c1"), Some("c1"), false),
        row(Removed, Some("c2"), None, true),
        row(Moved, Some("c3"), Some("c2"), false),
        row(Moved, Some("c4"), Some("c3"), false),
    ]);
    assert_eq!(diff.sections[2].id(), "old-c2");
    assert_eq!(diff.sections[2].edits, [TextEdit::Deleted("甲方对间接损失不承担责任。".into())]);
}

#[test]
fn a_reorder_is_moves_not_removals() {
    let new = BASE.replace("3. 乙方应妥善保管账户。\n4. 争议提交甲方所在地法院管辖。", "3. 争议提交甲方所在地法院管辖。\n4. 乙方应妥善保管账户。");
    let diff = diff_documents(&doc("1", BASE), &doc("2", &new));
    use ChangeKind::*;
    let kinds: Vec<_> = shape(&diff).into_iter().map(|(k, o, n, _)| (k, o, n)).collect();
    assert_eq!(kinds[3..], [(Moved, Some("c4".into()), Some("c3".into())), (Moved, Some("c3".into()), Some("c4".into()))]);
    assert_eq!(diff.summary().changes(), 0);
}

#[test]
fn renumbered_and_changed_is_one_change() {
    // Clause 2 removed, and clause 3 reworded as it moves up to 2.
    let new = BASE.replace("2. **甲方对间接损失不承担责任。**\n3. 乙方应妥善保管账户。\n4. ", "2. 乙方应当妥善保管其账户。\n3. ");
    let diff = diff_documents(&doc("1", BASE), &doc("2", &new));
    let changed: Vec<_> = diff.sections.iter().filter(|s| s.kind == ChangeKind::Changed).collect();
    assert_eq!(changed.len(), 1);
    assert_eq!((changed[0].old.as_ref().unwrap().id.as_str(), changed[0].new.as_ref().unwrap().id.as_str()), ("c3", "c2"));
    assert_eq!(diff.summary().removed, 1);
}

#[test]
fn the_default_rules_against_an_edited_copy() {
    let text = String::from_utf8(include_bytes!("../../static/face-recognition-service-rules.md").to_vec()).unwrap();
    let old = markdown::parse(text.as_bytes()).unwrap();
    // Add a character inside every highlighted passage of a clause: each of those
    // clauses is changed, in a highlighted passage; nothing else changes.
    let mut edited = text.clone();
    for passage in old.passages.iter().filter(|p| p.clause.is_some()) {
        let first = passage.text.chars().next().unwrap();
        let inserted = format!("{first}某{}", &passage.text[first.len_utf8()..]);
        edited = edited.replacen(&passage.text, &inserted, 1);
    }
    let new = markdown::parse(edited.as_bytes()).unwrap();
    let diff = diff_documents(&old, &new);
    let clauses_with_passages: std::collections::BTreeSet<u64> = old.passages.iter().filter_map(|p| p.clause).collect();
    let changed: std::collections::BTreeSet<u64> = diff.to_read().map(|s| s.new.as_ref().unwrap().number.unwrap()).collect();
    assert_eq!(changed, clauses_with_passages);
    assert!(diff.to_read().all(|s| s.kind == ChangeKind::Changed && s.highlighted));
}
