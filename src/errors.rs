//! Everything that can go wrong before or around an acceptance, with the stable codes of
//! `clausewrap:error` (docs/embedding.md) and a message a reader can act on, in the
//! widget's language. Pure, so every code and message is tested natively.

use std::fmt;

use clausewrap_core::markdown::DocumentError;

use crate::messages::Locale;

/// Why the widget cannot show a document, or cannot do what it was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetError {
    /// An option (or attribute) is unknown, of the wrong type, or out of range.
    InvalidOption(String),
    /// `mount` was given no element.
    ElementMissing,
    /// `mount` was given an element outside any document.
    ElementDetached,
    /// The document could not be fetched at all (network down, refused, CORS).
    FetchFailed { url: String, reason: String },
    /// Fetching took longer than the allowed time.
    FetchTimeout { url: String, timeout_ms: u32 },
    /// The document URL answered with a status other than 2xx.
    HttpStatus { url: String, status: u16 },
    /// The bytes arrived but are not an acceptable document.
    Document(DocumentError),
    /// The bytes do not hash to the integrator's pin.
    Sha256Mismatch { expected: String, actual: String },
    /// The previously accepted version's bytes do not hash to `previous.sha256`.
    PreviousSha256Mismatch { version: String, expected: String, actual: String },
    /// The previously accepted version could not be fetched or read: the inner error,
    /// with its own code.
    Previous(Box<WidgetError>),
    /// The browser could not sign the record.
    SigningFailed(String),
    /// The widget was destroyed before the reader accepted (`handle.accepted()`).
    Destroyed,
}

impl WidgetError {
    /// The stable code of `clausewrap:error` and of the API's `ClauseWrapError`.
    pub fn code(&self) -> &'static str {
        match self {
            WidgetError::InvalidOption(_) => "invalid-option",
            WidgetError::ElementMissing => "element-missing",
            WidgetError::ElementDetached => "element-detached",
            WidgetError::FetchFailed { .. } => "fetch-failed",
            WidgetError::FetchTimeout { .. } => "fetch-timeout",
            WidgetError::HttpStatus { .. } => "http-status",
            WidgetError::Document(error) => match error {
                DocumentError::Empty => "document-empty",
                DocumentError::NotUtf8 { .. } => "document-not-utf8",
                DocumentError::TooLarge { .. } => "document-too-large",
                DocumentError::FrontMatter { .. } => "document-front-matter",
                DocumentError::Syntax { .. } => "document-syntax",
            },
            WidgetError::Sha256Mismatch { .. } => "sha256-mismatch",
            WidgetError::PreviousSha256Mismatch { .. } => "previous-sha256-mismatch",
            WidgetError::Previous(inner) => inner.code(),
            WidgetError::SigningFailed(_) => "signing-failed",
            WidgetError::Destroyed => "destroyed",
        }
    }

    /// The HTTP status, for `http-status`.
    pub fn status(&self) -> Option<u16> {
        match self {
            WidgetError::HttpStatus { status, .. } => Some(*status),
            WidgetError::Previous(inner) => inner.status(),
            _ => None,
        }
    }

    /// What the reader (or the integrator testing the page) is told.
    pub fn message(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        match self {
            WidgetError::InvalidOption(detail) => pick(zh, format!("服务规则组件的配置有误：{detail}"), format!("The widget is misconfigured: {detail}")),
            WidgetError::ElementMissing => pick(zh, "没有提供用于显示服务规则的页面元素。".into(), "No element was given to show the service rules in.".into()),
            WidgetError::ElementDetached => pick(
                zh,
                "用于显示服务规则的页面元素不在页面中。".into(),
                "The element given to show the service rules in is not part of a page.".into(),
            ),
            WidgetError::FetchFailed { url, reason } => pick(
                zh,
                format!("无法下载服务规则（{url}）：网络连接失败。请检查网络后刷新页面。（{reason}）"),
                format!("The service rules could not be downloaded from {url}: the connection failed. Check your connection and reload the page. ({reason})"),
            ),
            WidgetError::FetchTimeout { url, timeout_ms } => pick(
                zh,
                format!("下载服务规则（{url}）超时（{} 秒）。请稍后刷新页面重试。", seconds(*timeout_ms)),
                format!("Downloading the service rules from {url} took longer than {} s. Please reload the page later.", seconds(*timeout_ms)),
            ),
            WidgetError::HttpStatus { url, status } => pick(
                zh,
                format!("服务器未能提供服务规则（{url}，HTTP {status}）。请稍后刷新页面重试。"),
                format!("The server did not provide the service rules ({url}, HTTP {status}). Please reload the page later."),
            ),
            WidgetError::Document(error) => document_message(error, zh),
            WidgetError::Sha256Mismatch { expected, actual } => pick(
                zh,
                format!("收到的服务规则与本页指定的版本不一致（SHA-256 应为 {expected}，实为 {actual}），因此不予显示。"),
                format!("The service rules received are not the version this page specifies (SHA-256 {actual}, expected {expected}), so they are not shown."),
            ),
            WidgetError::PreviousSha256Mismatch { version, expected, actual } => pick(
                zh,
                format!("您之前同意的版本（{version}）的文本与其 SHA-256 不一致（应为 {expected}，实为 {actual}），无法确认您当时同意的内容，因此不能显示修改之处。"),
                format!("The text of the version you accepted before ({version}) does not match its SHA-256 ({actual}, expected {expected}): what you accepted cannot be confirmed, so the changes cannot be shown."),
            ),
            WidgetError::Previous(inner) => {
                let inner = inner.message(locale);
                pick(zh, format!("无法载入您之前同意的版本：{inner}"), format!("The version you accepted before could not be loaded: {inner}"))
            }
            WidgetError::SigningFailed(detail) => pick(zh, format!("签名记录未能生成：{detail}"), format!("The record could not be signed: {detail}")),
            WidgetError::Destroyed => pick(
                zh,
                "服务规则组件已被移除，读者未作出同意。".into(),
                "The widget was removed before the reader accepted.".into(),
            ),
        }
    }
}

fn document_message(error: &DocumentError, zh: bool) -> String {
    match error {
        DocumentError::Empty => pick(zh, "服务规则文件是空的。".into(), "The service rules file is empty.".into()),
        DocumentError::NotUtf8 { offset } => pick(
            zh,
            format!("服务规则文件不是 UTF-8 编码（第 {offset} 字节起），无法显示。"),
            format!("The service rules file is not UTF-8 text (from byte {offset}), so it cannot be shown."),
        ),
        DocumentError::TooLarge { size, limit } => pick(
            zh,
            format!("服务规则文件过大（{size} 字节，上限 {limit} 字节）。"),
            format!("The service rules file is too large ({size} bytes; the limit is {limit})."),
        ),
        DocumentError::FrontMatter { .. } => {
            pick(zh, format!("服务规则文件的文件头（front matter）有误：{error}"), format!("The service rules file's front matter is invalid: {error}"))
        }
        DocumentError::Syntax { .. } => {
            pick(zh, format!("服务规则文件含有不支持的格式：{error}"), format!("The service rules file uses unsupported formatting: {error}"))
        }
    }
}

fn pick(zh: bool, chinese: String, english: String) -> String {
    if zh {
        chinese
    } else {
        english
    }
}

fn seconds(ms: u32) -> String {
    let tenths = (ms + 50) / 100;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl From<DocumentError> for WidgetError {
    fn from(error: DocumentError) -> Self {
        WidgetError::Document(error)
    }
}
