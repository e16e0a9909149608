//! Every string the widget itself shows, in zh-CN and en (the document keeps its own
//! language). Pure, so the wording of each state is tested natively.

use clausewrap_core::document::Passage;
use clausewrap_core::gate::GateStatus;
use clausewrap_core::record::ChangeSeenKind;

use crate::revision::{Change, Revision};
use crate::state::{DocumentSlot, Signing, WidgetState};

/// The UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    ZhCn,
    En,
}

impl Locale {
    /// The BCP 47 tag written into the record's `evidence.locale`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Picks a locale from a tag such as `zh-CN`, `zh`, `en-GB`: English for `en*`,
    /// Chinese for `zh*`, `None` for anything else (the caller falls back).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        match clausewrap_core::document::primary_language(tag).as_str() {
            "en" => Some(Locale::En),
            "zh" => Some(Locale::ZhCn),
            _ => None,
        }
    }

    /// The first supported language among the browser's preferences, else Chinese.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred.into_iter().find_map(Locale::from_tag).unwrap_or(Locale::ZhCn)
    }
}

/// The fixed labels of the widget.
pub struct Labels {
    pub agree: &'static str,
    pub decline: &'static str,
    pub key_clause: &'static str,
    pub key_clause_seen: &'static str,
    pub key_clause_unseen: &'static str,
    pub region_name: &'static str,
    pub version_prefix: &'static str,
    pub end_of_document: &'static str,
    pub retry: &'static str,
    pub broken_document: &'static str,
    pub loading: &'static str,
    pub navigator_name: &'static str,
    pub next_unread: &'static str,
    /// The navigator's summary for a document that highlights no passage.
    pub no_key_clauses: &'static str,
    pub progress_name: &'static str,
    pub acknowledge: &'static str,
    pub download_record: &'static str,
    pub print_text: &'static str,
    pub receipt_heading: &'static str,
    pub receipt_record_id: &'static str,
    pub receipt_version: &'static str,
    pub receipt_sha256: &'static str,
    pub receipt_accepted_at: &'static str,
    pub changed: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    /// Read out before inserted and deleted text (visually hidden).
    pub inserted: &'static str,
    pub deleted: &'static str,
    pub next_unread_or_change: &'static str,
}

pub fn labels(locale: Locale) -> Labels {
    match locale {
        Locale::ZhCn => Labels {
            agree: "同意",
            decline: "不同意",
            key_clause: "重点条款",
            key_clause_seen: "已阅读",
            key_clause_unseen: "未阅读",
            region_name: "服务规则全文",
            version_prefix: "最近更新时间：",
            end_of_document: "—— 全文完 ——",
            retry: "重试",
            broken_document: "无法显示服务规则",
            loading: "正在载入服务规则…",
            navigator_name: "重点条款导航",
            next_unread: "下一处未读重点条款",
            no_key_clauses: "本文件未加粗标示重点条款",
            progress_name: "阅读进度",
            acknowledge: "我已阅读并理解",
            download_record: "下载签名记录（JSON）",
            print_text: "打印或保存本文本",
            receipt_heading: "接受凭证",
            receipt_record_id: "记录编号",
            receipt_version: "版本",
            receipt_sha256: "文本 SHA-256",
            receipt_accepted_at: "同意时间",
            changed: "已修改",
            added: "新增",
            removed: "已删除",
            inserted: "插入：",
            deleted: "删除：",
            next_unread_or_change: "下一处未读重点条款或修改",
        },
        Locale::En => Labels {
            agree: "Agree",
            decline: "Decline",
            key_clause: "Key clause",
            key_clause_seen: "read",
            key_clause_unseen: "not read",
            region_name: "Full text of the service rules",
            version_prefix: "Last updated: ",
            end_of_document: "— End of document —",
            retry: "Retry",
            broken_document: "The service rules cannot be shown",
            loading: "Loading the service rules…",
            navigator_name: "Key clause navigator",
            next_unread: "Next unread key clause",
            no_key_clauses: "This document marks no key clauses in bold",
            progress_name: "Reading progress",
            acknowledge: "I have read and understood",
            download_record: "Download the signed record (JSON)",
            print_text: "Print or save this text",
            receipt_heading: "Acceptance receipt",
            receipt_record_id: "Record",
            receipt_version: "Version",
            receipt_sha256: "Text SHA-256",
            receipt_accepted_at: "Accepted at",
            changed: "Changed",
            added: "Added",
            removed: "Removed",
            inserted: "Inserted: ",
            deleted: "Deleted: ",
            next_unread_or_change: "Next unread key clause or change",
        },
    }
}

/// The navigator's summary, e.g. "重点条款 3 / 17 已阅读".
pub fn navigator_summary(seen: usize, total: usize, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("重点条款 {seen} / {total} 已阅读"),
        Locale::En => format!("Key clauses: {seen} / {total} read"),
    }
}

/// What the navigator's summary adds when changes must be read too, e.g. " · 修改 1 / 3 已阅读".
pub fn changes_summary(seen: usize, total: usize, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!(" · 修改 {seen} / {total} 已阅读"),
        Locale::En => format!(" · changes: {seen} / {total} read"),
    }
}

/// The summary above the text for a reader who accepted an earlier version, e.g.
/// "自您于 2024-05-01 同意 2019-07-29 版以来：3 处修改，其中 1 处为重点条款"; `None` when no
/// re-acceptance is required.
pub fn revision_summary(revision: &Revision, locale: Locale) -> Option<String> {
    if !revision.required {
        return None;
    }
    let (since, summary) = (&revision.since, &revision.summary);
    let (version, on) = (since.version.as_str(), since.accepted_on());
    let (n, key, moved) = (summary.changes(), summary.highlighted_changes, summary.moved);
    let s = |n: usize| if n == 1 { "" } else { "s" };
    Some(match locale {
        Locale::ZhCn => {
            let mut text = match on {
                Some(date) => format!("自您于 {date} 同意 {version} 版以来：{n} 处修改"),
                None => format!("自您同意 {version} 版以来：{n} 处修改"),
            };
            if key > 0 {
                text += &format!("，其中 {key} 处为重点条款");
            }
            if moved > 0 {
                text += &format!("；另有 {moved} 条仅位置或编号变动");
            }
            text
        }
        Locale::En => {
            let mut text = match on {
                Some(date) => format!("Since you accepted version {version} on {date}: {n} change{}", s(n)),
                None => format!("Since you accepted version {version}: {n} change{}", s(n)),
            };
            text += &match (n, key) {
                (_, 0) => String::new(),
                (1, _) => ", to a key clause".to_string(),
                (_, 1) => ", 1 of them to a key clause".to_string(),
                (_, k) => format!(", {k} of them to key clauses"),
            };
            if moved > 0 {
                text += &format!("; {moved} section{} only moved or renumbered", s(moved));
            }
            text
        }
    })
}

/// Where a change is: "第 9 条", "条款外第 2 段", "原第 12 条" (removed), in English "Clause 9",
/// "Paragraph 2 outside the clauses", "Former clause 12".
pub fn change_place(change: &Change, locale: Locale) -> String {
    let removed = change.kind == ChangeSeenKind::Removed;
    let id = change.id.strip_prefix("old-").unwrap_or(&change.id);
    let n = id.get(1..).unwrap_or_default();
    let clause = id.starts_with('c');
    match (locale, removed, clause) {
        (Locale::ZhCn, _, true) => format!("{}第 {n} 条", if removed { "原" } else { "" }),
        (Locale::ZhCn, _, false) => format!("{}条款外第 {n} 段", if removed { "原" } else { "" }),
        (Locale::En, false, true) => format!("Clause {n}"),
        (Locale::En, true, true) => format!("Former clause {n}"),
        (Locale::En, false, false) => format!("Paragraph {n} outside the clauses"),
        (Locale::En, true, false) => format!("Former paragraph {n} outside the clauses"),
    }
}

/// The label of a change's kind: "已修改", "新增", "已删除".
pub fn change_kind(kind: ChangeSeenKind, labels: &Labels) -> &'static str {
    match kind {
        ChangeSeenKind::Changed => labels.changed,
        ChangeSeenKind::Added => labels.added,
        ChangeSeenKind::Removed => labels.removed,
    }
}

/// A navigator entry's visible name: where the passage is ("第 9 条", "Clause 9", with a
/// letter when a clause has several), so that a reader knows where a jump goes.
pub fn passage_place(passage: &Passage, locale: Locale) -> String {
    // The id ends in `-h{k}` (core's document ids): its trailing digits. (Splitting at "-h"
    // linked the substring searcher into the wasm, and splitting at 'h' 0.8 KB of its own.)
    let digits = passage.id.bytes().rev().take_while(u8::is_ascii_digit).count();
    let k = passage.id[passage.id.len() - digits..].parse::<usize>().unwrap_or(1);
    let letter = (b'a' + ((k - 1) % 26) as u8) as char;
    match (passage.clause, locale) {
        (Some(n), Locale::ZhCn) => format!("第 {n} 条{}", if k > 1 { format!(" ({k})") } else { String::new() }),
        (Some(n), Locale::En) => format!("Clause {n}{}", if k > 1 { letter.to_string() } else { String::new() }),
        (None, Locale::ZhCn) => format!("导言 {k}"),
        (None, Locale::En) => format!("Preamble {k}"),
    }
}

/// The status line under the document: what is still missing, or what happened.
pub fn status_line(state: &WidgetState, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    match &state.document {
        DocumentSlot::Loading => {
            return if zh { "正在载入服务规则…" } else { "Loading the service rules…" }.to_string();
        }
        DocumentSlot::Failed(_) => {
            return if zh { "无法显示服务规则，因此不能同意。" } else { "The service rules cannot be shown, so they cannot be accepted." }
                .to_string();
        }
        DocumentSlot::Ready(_) => {}
    }
    let prefix = match (state.refused, zh) {
        (true, true) => "「同意」尚不可用：",
        (true, false) => "Agree is not available yet: ",
        _ => "",
    };
    let changes = state.document.ready().map_or(0, |d| d.changes().len());
    let body = match (state.gate.status(), &state.signing) {
        (GateStatus::Reading { end_seen, passages_unseen, passages_unacknowledged }, _) => {
            let changes_unseen = state.changes_unseen();
            let unseen = Unseen { passages: passages_unseen - changes_unseen, changes: changes_unseen };
            reading_message(end_seen, unseen, passages_unacknowledged, zh)
        }
        (GateStatus::Ready, _) => match (changes > 0, zh) {
            (false, true) => "您已阅读全文及全部重点条款，可以点击「同意」。",
            (false, false) => "You have read the whole text and every key clause; you may now agree.",
            (true, true) => "您已阅读全文、全部重点条款及全部修改，可以点击「同意」。",
            (true, false) => "You have read the whole text, every key clause and every change; you may now agree.",
        }
        .to_string(),
        (GateStatus::Accepted, Signing::Emitted { record_id, .. }) => {
            if zh { format!("已同意。记录编号 {record_id}") } else { format!("Accepted. Record {record_id}") }
        }
        (GateStatus::Accepted, Signing::Failed { message, .. }) => {
            if zh { format!("已同意，但签名记录未能生成：{message}。请重试。") } else { format!("Accepted, but the signed record could not be made: {message}. Please retry.") }
        }
        (GateStatus::Accepted, _) => if zh { "已同意，正在生成签名记录…" } else { "Accepted; signing the record…" }.to_string(),
    };
    format!("{prefix}{body}")
}

/// What is still unseen: highlighted passages and changes.
struct Unseen {
    passages: usize,
    changes: usize,
}

fn reading_message(end_seen: bool, unseen: Unseen, unacknowledged: usize, zh: bool) -> String {
    if unseen.changes > 0 {
        return changes_message(end_seen, unseen, zh);
    }
    let unseen = unseen.passages;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match (end_seen, unseen, zh) {
        (false, 0, true) => "请阅读至文末。".to_string(),
        (false, n, true) => format!("请阅读至文末，还有 {n} 处重点条款未阅读。"),
        (true, 0, true) => format!("还有 {unacknowledged} 处重点条款未确认，请勾选「我已阅读并理解」。"),
        (true, n, true) => format!("还有 {n} 处重点条款未阅读，请使用「下一处未读重点条款」查看。"),
        (false, 0, false) => "Please read to the end of the document.".to_string(),
        (false, n, false) => format!("Please read to the end; {n} key clause{} not read yet.", if n == 1 { " is" } else { "s are" }),
        (true, 0, false) => {
            format!("{unacknowledged} key clause{} not yet acknowledged; tick “I have read and understood”.", plural(unacknowledged))
        }
        (true, n, false) => format!("{n} key clause{} not read yet; use “Next unread key clause”.", if n == 1 { " is" } else { "s are" }),
    }
}

/// The status while changes are unseen: "请阅读至文末，还有 2 处重点条款、1 处修改未阅读。",
/// "还有 2 处修改未阅读，请使用「下一处未读重点条款或修改」查看。".
fn changes_message(end_seen: bool, Unseen { passages, changes }: Unseen, zh: bool) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let list = match (passages, zh) {
        (0, true) => format!("{changes} 处修改"),
        (p, true) => format!("{p} 处重点条款、{changes} 处修改"),
        (0, false) => format!("{changes} change{}", s(changes)),
        (p, false) => format!("{p} key clause{} and {changes} change{}", s(p), s(changes)),
    };
    let verb = if passages + changes == 1 { "is" } else { "are" };
    match (end_seen, zh) {
        (false, true) => format!("请阅读至文末，还有 {list}未阅读。"),
        (true, true) => format!("还有 {list}未阅读，请使用「下一处未读重点条款或修改」查看。"),
        (false, false) => format!("Please read to the end; {list} {verb} not read yet."),
        (true, false) => format!("{list} {verb} not read yet; use “Next unread key clause or change”."),
    }
}

/// The polite live announcement: it changes only at meaningful moments (all key clauses
/// read, end reached with key clauses unread, Agree available, accepted, failure), never
/// on each scroll step, so a screen reader is not flooded while the reader scrolls.
pub fn announcement(state: &WidgetState, locale: Locale) -> &'static str {
    let zh = locale == Locale::ZhCn;
    match &state.document {
        DocumentSlot::Loading => return "",
        DocumentSlot::Failed(_) => return if zh { "无法显示服务规则" } else { "The service rules cannot be shown" },
        DocumentSlot::Ready(_) => {}
    }
    let changes = state.document.ready().is_some_and(|d| !d.changes().is_empty());
    match (state.gate.status(), &state.signing) {
        (GateStatus::Reading { end_seen: false, passages_unseen: 0, .. }, _) if state.gate.passage_count() > 0 => match (changes, zh) {
            (false, true) => "所有重点条款均已阅读",
            (false, false) => "All key clauses have been read",
            (true, true) => "所有重点条款和修改均已阅读",
            (true, false) => "All key clauses and changes have been read",
        },
        (GateStatus::Reading { end_seen: false, .. }, _) => "",
        (GateStatus::Reading { passages_unseen: 0, .. }, _) => {
            if zh { "所有重点条款均已阅读，请逐一确认" } else { "All key clauses have been read; please acknowledge each" }
        }
        (GateStatus::Reading { .. }, _) => match (changes, zh) {
            (false, true) => "已到文末，但仍有重点条款未阅读",
            (false, false) => "End reached, but some key clauses are still unread",
            (true, true) => "已到文末，但仍有重点条款或修改未阅读",
            (true, false) => "End reached, but some key clauses or changes are still unread",
        },
        (GateStatus::Ready, _) => if zh { "「同意」现已可用" } else { "Agree is now available" },
        (GateStatus::Accepted, Signing::Emitted { .. }) => if zh { "已同意，记录已生成" } else { "Accepted; the record was created" },
        (GateStatus::Accepted, Signing::Failed { .. }) => if zh { "签名记录未能生成，请重试" } else { "The record could not be signed; please retry" },
        (GateStatus::Accepted, _) => "",
    }
}
