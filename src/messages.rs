//! Every string the widget itself shows (the document keeps its own language).
//! Pure, so the wording of each state is tested natively.

use clausewrap_core::gate::GateStatus;

use crate::state::{Signing, WidgetState};

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

    /// Picks a locale from a tag such as `zh-CN`, `zh`, `en-GB`; Chinese otherwise.
    pub fn from_tag(tag: &str) -> Locale {
        if tag.to_ascii_lowercase().starts_with("en") {
            Locale::En
        } else {
            Locale::ZhCn
        }
    }
}

/// The fixed labels of the widget.
pub struct Labels {
    pub agree: &'static str,
    pub key_clause: &'static str,
    pub key_clause_seen: &'static str,
    pub region_name: &'static str,
    pub version_prefix: &'static str,
    pub end_of_document: &'static str,
    pub retry: &'static str,
    pub broken_document: &'static str,
}

pub fn labels(locale: Locale) -> Labels {
    match locale {
        Locale::ZhCn => Labels {
            agree: "同意",
            key_clause: "重点条款",
            key_clause_seen: "已阅读",
            region_name: "服务规则全文",
            version_prefix: "最近更新时间：",
            end_of_document: "—— 全文完 ——",
            retry: "重试",
            broken_document: "无法显示服务规则",
        },
        Locale::En => Labels {
            agree: "Agree",
            key_clause: "Key clause",
            key_clause_seen: "read",
            region_name: "Full text of the service rules",
            version_prefix: "Last updated: ",
            end_of_document: "— End of document —",
            retry: "Retry",
            broken_document: "The service rules cannot be shown",
        },
    }
}

/// The status line under the document: what is still missing, or what happened.
pub fn status_line(state: &WidgetState, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    if let Err(error) = &state.document {
        return if zh {
            format!("无法显示服务规则，因此不能同意：{error}")
        } else {
            format!("The service rules cannot be shown, so they cannot be accepted: {error}")
        };
    }
    let prefix = match (state.refused, zh) {
        (true, true) => "「同意」尚不可用：",
        (true, false) => "Agree is not available yet: ",
        _ => "",
    };
    let body = match (state.gate.status(), &state.signing) {
        (GateStatus::Reading { end_seen, passages_unseen }, _) => reading_message(end_seen, passages_unseen, zh),
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

fn reading_message(end_seen: bool, unseen: usize, zh: bool) -> String {
    match (end_seen, unseen, zh) {
        (false, 0, true) => "请阅读至文末。".to_string(),
        (false, n, true) => format!("请阅读至文末，还有 {n} 处重点条款未阅读。"),
        (true, n, true) => format!("还有 {n} 处重点条款未阅读，请向上查看标有「重点条款」的段落。"),
        (false, 0, false) => "Please read to the end of the document.".to_string(),
        (false, 1, false) => "Please read to the end; 1 key clause has not been read yet.".to_string(),
        (false, n, false) => format!("Please read to the end; {n} key clauses have not been read yet."),
        (true, 1, false) => "1 key clause has not been read yet; scroll back to the passage marked “Key clause”.".to_string(),
        (true, n, false) => format!("{n} key clauses have not been read yet; scroll back to the passages marked “Key clause”."),
    }
}

/// The polite live announcement: it changes only at meaningful moments (end reached with
/// key clauses unread, Agree available, accepted, failure), never on each scroll step, so
/// a screen reader is not flooded while the reader scrolls.
pub fn announcement(state: &WidgetState, locale: Locale) -> &'static str {
    let zh = locale == Locale::ZhCn;
    if state.document.is_err() {
        return if zh { "无法显示服务规则" } else { "The service rules cannot be shown" };
    }
    match (state.gate.status(), &state.signing) {
        (GateStatus::Reading { end_seen: false, .. }, _) => "",
        (GateStatus::Reading { end_seen: true, .. }, _) => {
            if zh { "已到文末，但仍有重点条款未阅读" } else { "End reached, but some key clauses are still unread" }
        }
        (GateStatus::Ready, _) => if zh { "「同意」现已可用" } else { "Agree is now available" },
        (GateStatus::Accepted, Signing::Emitted { .. }) => if zh { "已同意，记录已生成" } else { "Accepted; the record was created" },
        (GateStatus::Accepted, Signing::Failed { .. }) => if zh { "签名记录未能生成，请重试" } else { "The record could not be signed; please retry" },
        (GateStatus::Accepted, _) => "",
    }
}
