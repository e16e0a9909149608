//! The words that mark a clause a reader must be shown: exemption and limitation of
//! liability, indemnity, fees and penalties, termination, use of the customer's data,
//! dispute resolution, jurisdiction and governing law, and restrictions of the customer's
//! rights (art. 496 of the Civil Code: "免除或者减轻其责任等与对方有重大利害关系的条款").
//!
//! A word list can only find *candidates*; an author decides. So the list prefers phrases
//! that are liability language wherever they occur over bare words that are often
//! something else. Where a bare word would be wrong, its entry says why a phrase is used
//! instead. Every entry carries that reason in a comment, so that changing the list is a
//! decision someone can review.

/// What kind of clause a term points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Liability,
    Indemnity,
    Fees,
    Termination,
    DataUse,
    Dispute,
    Jurisdiction,
    Rights,
}

impl Category {
    /// A short English name for messages and JSON, e.g. `fee or penalty`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Liability => "liability",
            Category::Indemnity => "indemnity",
            Category::Fees => "fee or penalty",
            Category::Termination => "termination",
            Category::DataUse => "data use",
            Category::Dispute => "dispute resolution",
            Category::Jurisdiction => "jurisdiction or governing law",
            Category::Rights => "restriction of the customer's rights",
        }
    }
}

/// One entry of the vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub category: Category,
    /// What to look for, in lowercase. `…` stands for at most [`MAX_GAP`] other characters
    /// of the same sentence. An English pattern matches whole words only (`liable` does not
    /// match in `reliable`), unless it ends in `*`, which makes its last word a prefix
    /// (`indemnif*` matches `indemnify` and `indemnification`).
    pub pattern: &'static str,
}

/// The most characters a `…` in a pattern stands for.
pub const MAX_GAP: usize = 12;

const fn t(category: Category, pattern: &'static str) -> Term {
    Term { category, pattern }
}

use Category::*;

/// The vocabulary, Chinese then English within each category.
pub const TERMS: &[Term] = &[
    // ---- Liability: exempting or limiting the provider's liability, or shifting it.
    t(Liability, "免责"), // "exempt from liability": the core of art. 496/497
    t(Liability, "免除…责任"), // "exempt … from liability"; bare 免除 also means waiving a fee
    t(Liability, "减轻…责任"), // "reduce … liability", the statute's own wording
    t(Liability, "限制…责任"), // "limit … liability"; bare 限制 is any restriction
    t(Liability, "责任限制"), // "limitation of liability" as a heading-like phrase
    t(Liability, "不承担"), // "does not bear (liability / costs)"
    t(Liability, "不负责"), // "is not responsible"
    t(Liability, "承担…责任"), // "bear … liability": allocates liability to one party
    t(Liability, "免于"), // "is spared from (losses / liability)"
    t(Liability, "不保证"), // "does not guarantee": a disclaimer of warranty
    t(Liability, "不能保证"), // "cannot guarantee"
    t(Liability, "不作任何保证"), // "makes no warranty"
    t(Liability, "现状提供"), // "provided as is"
    t(Liability, "视为…违约"), // "(is not) deemed a breach": excuses the provider's breach
    t(Liability, "liable"),
    t(Liability, "liability"),
    t(Liability, "liabilities"),
    t(Liability, "not responsible"),
    t(Liability, "disclaim*"),
    t(Liability, "as is"),
    t(Liability, "as available"),
    t(Liability, "no warranty"),
    t(Liability, "no warranties"),
    t(Liability, "without warranty"),
    t(Liability, "consequential"),
    t(Liability, "indirect loss*"),
    t(Liability, "indirect damages"),
    // ---- Indemnity: the customer pays for the provider's losses.
    t(Indemnity, "赔偿"), // "compensate / damages"
    t(Indemnity, "追偿"), // "recourse against (the customer)"
    t(Indemnity, "补偿…损失"), // "make good … losses"
    t(Indemnity, "indemnif*"),
    t(Indemnity, "hold harmless"),
    t(Indemnity, "hold us harmless"),
    t(Indemnity, "damages"),
    // ---- Fees and penalties. Bare 费用 ("fees") is everywhere in service terms, mostly
    // as the price itself; the entries are the charges a customer is penalised with.
    t(Fees, "滞纳金"), // "late-payment charge"
    t(Fees, "违约金"), // "liquidated damages / penalty"
    t(Fees, "罚款"),   // "fine"
    t(Fees, "罚金"),   // "penalty"
    t(Fees, "不予退还"), // "will not be refunded"
    t(Fees, "不予退款"),
    t(Fees, "不退还"),
    t(Fees, "扣除"), // "deduct (from the prepayment)"
    t(Fees, "扣减"),
    t(Fees, "penalt*"),
    t(Fees, "late fee*"),
    t(Fees, "late payment"),
    t(Fees, "liquidated damages"),
    t(Fees, "non-refundable"),
    t(Fees, "not refunded"),
    t(Fees, "no refund*"),
    t(Fees, "forfeit*"),
    // ---- Termination and suspension *of the service by the provider*. Bare 终止 is not
    // used: "未经用户授权或用户终止授权的" (the default rules, clause 4 (3)) is an end
    // user withdrawing consent, an event the customer must act on, not the provider
    // ending the service. The entries name what is ended, or who may end it.
    t(Termination, "终止向您提供"), // "stop providing (the service) to you"
    t(Termination, "终止提供"),
    t(Termination, "终止服务"),
    t(Termination, "终止本服务"),
    t(Termination, "终止本规则"),
    t(Termination, "终止本协议"),
    t(Termination, "终止协议"),
    t(Termination, "终止合同"),
    t(Termination, "有权…终止"), // "has the right to (… ) terminate"
    t(Termination, "中止向您提供"), // "suspend providing … to you"
    t(Termination, "有权…中止"),
    t(Termination, "暂停向您提供"),
    t(Termination, "有权…暂停"),
    t(Termination, "解除本协议"), // "rescind this agreement"
    t(Termination, "解除本规则"),
    t(Termination, "解除合同"),
    t(Termination, "有权…解除"),
    t(Termination, "terminat*"),
    t(Termination, "suspend*"),
    t(Termination, "suspension"),
    // ---- Use of the customer's data beyond providing the service. Processing the data to
    // provide the service is what the customer asks for (default rules, clause 5), and
    // promises *not* to disclose it protect the customer (clause 8, last sentence), so
    // bare 使用, 数据 and 披露 are not used; the entries are reuse and disclosure.
    t(DataUse, "服务改进"), // "service improvement (programme)"
    t(DataUse, "改进计划"),
    t(DataUse, "用于改进"),
    t(DataUse, "进行改进"),
    t(DataUse, "用于训练"), // "used to train (models)"
    t(DataUse, "披露您的"), // "disclose your (information)"
    t(DataUse, "向第三方提供您的"), // "provide your … to third parties"
    t(DataUse, "与第三方共享"),
    t(DataUse, "共享给第三方"),
    t(DataUse, "improve our service*"),
    t(DataUse, "improve the service*"),
    t(DataUse, "train our"),
    t(DataUse, "machine learning"),
    t(DataUse, "share with third part*"),
    t(DataUse, "disclose your"),
    t(DataUse, "sell your"),
    // ---- Dispute resolution. Bare 纠纷 and 诉讼 are not used: "造成投诉、主张、诉讼等任何
    // 纠纷" (default rules, clause 13) describes what the customer may cause, and 起诉书
    // (clause 6) is a document the customer warrants not to have received; neither says
    // how disputes are resolved.
    t(Dispute, "争议"), // "dispute": in service terms, the dispute-resolution clause
    t(Dispute, "纠纷解决"),
    t(Dispute, "解决纠纷"),
    t(Dispute, "仲裁"), // "arbitration"
    t(Dispute, "提起诉讼"),
    t(Dispute, "dispute*"),
    t(Dispute, "arbitrat*"),
    t(Dispute, "class action"),
    t(Dispute, "jury"),
    // ---- Jurisdiction and governing law. Bare 法律 ("law") is not used: "遵守…法律"
    // (default rules, preamble) is an obligation to obey the law, not a choice of law.
    t(Jurisdiction, "管辖"), // "jurisdiction"
    t(Jurisdiction, "法院"), // "court"
    t(Jurisdiction, "签订地"), // "place of signing": grounds jurisdiction by agreement
    t(Jurisdiction, "适用…法律"), // "… is governed by … law"
    t(Jurisdiction, "法律适用"),
    t(Jurisdiction, "准据法"),
    t(Jurisdiction, "冲突法"), // "conflict of laws"
    t(Jurisdiction, "governing law"),
    t(Jurisdiction, "governed by"),
    t(Jurisdiction, "jurisdiction*"),
    t(Jurisdiction, "court"), // not a prefix: "courtesy"
    t(Jurisdiction, "courts"),
    t(Jurisdiction, "venue"),
    // ---- Restrictions of the customer's rights: deemed consent and unilateral powers.
    t(Rights, "视为您…同意"), // "you are deemed to have (read and) agreed"
    t(Rights, "视为…接受"), // "deemed to accept"
    t(Rights, "无权使用"), // "has no right to use"
    t(Rights, "有权随时"), // "may at any time" (unilateral measures)
    t(Rights, "单方"), // "unilaterally"
    t(Rights, "deemed to"),
    t(Rights, "sole discretion"),
    t(Rights, "at any time without notice"),
];

/// One place where a term occurs: characters `start..end` of the searched text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub term: &'static Term,
    pub start: usize,
    pub end: usize,
}

/// Every occurrence of every term in `chars` (one sentence), in order of position.
/// Matching ignores ASCII case and treats a line break as a space.
pub fn find(chars: &[char]) -> Vec<Hit> {
    let folded: Vec<char> = chars.iter().map(|&c| if c == '\n' { ' ' } else { c.to_ascii_lowercase() }).collect();
    let mut hits = Vec::new();
    for pattern in compiled() {
        for start in 0..folded.len() {
            if folded[start] == pattern.first {
                if let Some(end) = pattern.match_at(&folded, start) {
                    hits.push(Hit { term: pattern.term, start, end });
                }
            }
        }
    }
    hits.sort_by_key(|hit| (hit.start, hit.end));
    hits
}

/// A term's pattern, split into the parts between its gaps.
struct Compiled {
    term: &'static Term,
    parts: Vec<Vec<char>>,
    first: char,
    /// The last word is a prefix (`*`).
    prefix: bool,
}

/// The vocabulary, compiled once.
fn compiled() -> &'static [Compiled] {
    static COMPILED: std::sync::OnceLock<Vec<Compiled>> = std::sync::OnceLock::new();
    COMPILED.get_or_init(|| {
        TERMS
            .iter()
            .filter_map(|term| {
                let (pattern, prefix) = term.pattern.strip_suffix('*').map_or((term.pattern, false), |p| (p, true));
                let parts: Vec<Vec<char>> = pattern.split('…').map(|part| part.chars().collect()).collect();
                let first = *parts.first()?.first()?;
                Some(Compiled { term, parts, first, prefix })
            })
            .collect()
    })
}

impl Compiled {
    /// Where a match starting at `start` ends, if there is one.
    fn match_at(&self, text: &[char], start: usize) -> Option<usize> {
        let is_word = |c: &char| c.is_ascii_alphanumeric();
        if is_word(&self.first) && start > 0 && text.get(start - 1).is_some_and(is_word) {
            return None;
        }
        let mut at = start;
        for (index, part) in self.parts.iter().enumerate() {
            let matches = |from: usize| text.get(from..from + part.len()).is_some_and(|s| s == part.as_slice());
            let found = if index == 0 { matches(at).then_some(at) } else { (at..=at + MAX_GAP).find(|&from| matches(from)) };
            at = found? + part.len();
        }
        let last = self.parts.last().and_then(|part| part.last())?;
        if !self.prefix && is_word(last) && text.get(at).is_some_and(is_word) {
            return None;
        }
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&'static str> {
        let chars: Vec<char> = text.chars().collect();
        find(&chars).iter().map(|hit| hit.term.pattern).collect()
    }

    #[test]
    fn words_gaps_and_prefixes() {
        assert_eq!(found("We are not Liable."), ["liable"]);
        assert_eq!(found("A reliable service."), Vec::<&str>::new());
        assert_eq!(found("You shall indemnify us"), ["indemnif*"]);
        assert_eq!(found("Termination\nfor cause"), ["terminat*"]);
        assert_eq!(found("均适用中华人民共和国大陆地区法律"), ["适用…法律"]);
        assert_eq!(found("适用于所有用户，遵守国家和地区的法律"), Vec::<&str>::new(), "法律 is too far from 适用");
        assert_eq!(found("未经用户授权或用户终止授权的"), Vec::<&str>::new());
        assert_eq!(found("腾讯云有权随时终止"), ["有权随时", "有权…终止"]);
    }

    #[test]
    fn patterns_are_lowercase_and_well_formed() {
        for term in TERMS {
            assert_eq!(term.pattern, term.pattern.to_lowercase(), "{}", term.pattern);
            assert!(!term.pattern.starts_with('…') && !term.pattern.ends_with('…'), "{}", term.pattern);
            assert!(!term.pattern.trim_end_matches('*').contains('*'), "{}", term.pattern);
        }
    }
}
