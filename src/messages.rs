//! Every string the widget itself shows, in zh-CN and en (the document keeps its own
//! language). Pure, so the wording of each state is tested natively.

use clausewrap_core::document::Passage;
use clausewrap_core::gate::GateStatus;

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
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
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
    pub progress_name: &'static str,
    pub acknowledge: &'static str,
    pub download_record: &'static str,
    pub print_text: &'static str,
    pub receipt_heading: &'static str,
    pub receipt_record_id: &'static str,
    pub receipt_version: &'static str,
    pub receipt_sha256: &'static str,
    pub receipt_accepted_at: &'static str,
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
            progress_name: "阅读进度",
            acknowledge: "我已阅读并理解",
            download_record: "下载签名记录（JSON）",
            print_text: "打印或保存本文本",
            receipt_heading: "接受凭证",
            receipt_record_id: "记录编号",
            receipt_version: "版本",
            receipt_sha256: "文本 SHA-256",
            receipt_accepted_at: "同意时间",
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
            progress_name: "Reading progress",
            acknowledge: "I have read and understood",
            download_record: "Download the signed record (JSON)",
            print_text: "Print or save this text",
            receipt_heading: "Acceptance receipt",
            receipt_record_id: "Record",
            receipt_version: "Version",
            receipt_sha256: "Text SHA-256",
            receipt_accepted_at: "Accepted at",
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

/// A navigator entry's visible name: where the passage is ("第 9 条", "Clause 9", with a
/// letter when a clause has several), so that a reader knows where a jump goes.
pub fn passage_place(passage: &Passage, locale: Locale) -> String {
    let k = passage.id.rsplit("-h").next().and_then(|k| k.parse::<usize>().ok()).unwrap_or(1);
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
    let body = match (state.gate.status(), &state.signing) {
        (GateStatus::Reading { end_seen, passages_unseen, passages_unacknowledged }, _) => {
            reading_message(end_seen, passages_unseen, passages_unacknowledged, zh)
        }
        (GateStatus::Ready, _) => {
            if zh { "您已阅读全文及全部重点条款，可以点击「同意」。" } else { "You have read the whole text and every key clause; you may now agree." }
                .to_string()
        }
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

fn reading_message(end_seen: bool, unseen: usize, unacknowledged: usize, zh: bool) -> String {
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
    match (state.gate.status(), &state.signing) {
        (GateStatus::Reading { end_seen: false, passages_unseen: 0, .. }, _) if state.gate.passage_count() > 0 => {
            if zh { "所有重点条款均已阅读" } else { "All key clauses have been read" }
        }
        (GateStatus::Reading { end_seen: false, .. }, _) => "",
        (GateStatus::Reading { passages_unseen: 0, .. }, _) => {
            if zh { "所有重点条款均已阅读，请逐一确认" } else { "All key clauses have been read; please acknowledge each" }
        }
        (GateStatus::Reading { .. }, _) => {
            if zh { "已到文末，但仍有重点条款未阅读" } else { "End reached, but some key clauses are still unread" }
        }
        (GateStatus::Ready, _) => if zh { "「同意」现已可用" } else { "Agree is now available" },
        (GateStatus::Accepted, Signing::Emitted { .. }) => if zh { "已同意，记录已生成" } else { "Accepted; the record was created" },
        (GateStatus::Accepted, Signing::Failed { .. }) => if zh { "签名记录未能生成，请重试" } else { "The record could not be signed; please retry" },
        (GateStatus::Accepted, _) => "",
    }
}
