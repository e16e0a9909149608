//! The default document is a faithful transcription of the PDF text export it came from:
//! with the export's artefacts removed and the clause numbers it garbled restored, the
//! seed's body text equals the text the widget shows, character for character (white
//! space aside, which the PDF export broke at every line).

use clausewrap_core::markdown::parse;

const DOCUMENT: &[u8] = include_bytes!("../../static/face-recognition-service-rules.md");
const SEED: &str = include_str!("../../tests/fixtures/face-recognition-service-rules.seed.txt");
const SOURCE_URL: &str = "https://cloud.tencent.com/document/product/301/1967";

/// The seed's body text, cleaned only of what the PDF export added.
fn seed_body() -> String {
    let lines: Vec<&str> = SEED.lines().collect();
    // The export opens with a copyright / trademark / service-statement cover page; the
    // rules begin at their first sentence.
    let start = lines.iter().position(|l| l.trim().starts_with("欢迎您使用")).expect("body start");
    let mut out = Vec::new();
    let mut clause = 0u32;
    for line in &lines[start..] {
        let line = line.trim();
        // Running page headers and footers.
        if line == "服务规则" || line.starts_with("最近更新时间：") || line == SOURCE_URL {
            continue;
        }
        // Clause numbers: the export printed 10–14 as "0." to "4." (it dropped the tens).
        if let Some((digits, rest)) = split_clause_number(line) {
            clause += 1;
            let printed: u32 = digits.parse().unwrap();
            assert!(printed == clause || (clause >= 10 && printed == clause % 10), "clause {clause} printed as {printed}");
            out.push(format!("{clause}.{rest}"));
            continue;
        }
        out.push(line.to_string());
    }
    assert_eq!(clause, 14, "the rules have 14 clauses");
    out.concat()
}

fn split_clause_number(line: &str) -> Option<(&str, &str)> {
    let end = line.find(|c: char| !c.is_ascii_digit())?;
    (end > 0 && line[end..].starts_with(". ")).then(|| (&line[..end], &line[end + 1..]))
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn document_text_equals_the_seed_body_modulo_whitespace() {
    let document = parse(DOCUMENT).expect("the default document parses");
    let shown = without_whitespace(&document.plain_text());
    let seed = without_whitespace(&seed_body());
    if shown != seed {
        let at = shown.chars().zip(seed.chars()).take_while(|(a, b)| a == b).count();
        let context = |s: &str| s.chars().skip(at.saturating_sub(20)).take(40).collect::<String>();
        panic!("texts differ at char {at}:\n document: {}\n seed:     {}", context(&shown), context(&seed));
    }
}

#[test]
fn no_artefact_of_the_pdf_export_survives() {
    let text = std::str::from_utf8(DOCUMENT).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    for artefact in ["版权声明", "商标声明", "服务声明", "最近更新时间", SOURCE_URL, "\u{3000}"] {
        assert!(!body.contains(artefact), "the body still contains {artefact:?}");
    }
    // No hard line breaks inside paragraphs: every non-blank body line is a whole block.
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let last = line.trim_end().chars().last().unwrap();
        assert!("。：）则**".contains(last), "line ends mid-sentence: {line}");
    }
}

#[test]
fn front_matter_carries_the_documents_own_identity() {
    let document = parse(DOCUMENT).unwrap();
    assert_eq!(document.meta.title, "人脸识别服务规则");
    assert_eq!(document.meta.version, "2019-07-29 15:49:27");
    assert_eq!(document.meta.lang, "zh-CN");
    assert_eq!(document.meta.source.as_deref(), Some(SOURCE_URL));
    // The version is the one the seed's page header states.
    assert!(SEED.contains(&format!("最近更新时间：{}", document.meta.version)));
}

#[test]
fn clauses_are_numbered_1_to_14_with_their_sub_items() {
    let document = parse(DOCUMENT).unwrap();
    let numbers: Vec<u64> = document.clauses().map(|(n, _)| n).collect();
    assert_eq!(numbers, (1..=14).collect::<Vec<_>>());
    let text = document.plain_text();
    for sub in ["（1）依法保护", "（5）其他为依法保护", "（1）中止或终止", "（5）其他合理维权措施", "（4）本规则是"] {
        assert!(text.contains(sub), "missing sub-item {sub}");
    }
}

#[test]
fn liability_passages_are_highlighted_with_stable_ids() {
    let document = parse(DOCUMENT).unwrap();
    let ids: Vec<&str> = document.passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "p-h1", "p-h2", "c1-h1", "c8-h1", "c9-h1", "c10-h1", "c11-h1", "c12-h1", "c12-h2", "c12-h3", "c12-h4",
            "c12-h5", "c13-h1", "c13-h2", "c14-h1", "c14-h2", "c14-h3"
        ]
    );
    let text = |id: &str| document.passages.iter().find(|p| p.id == id).unwrap().text.clone();
    assert!(text("p-h1").contains("限制、免责条款或者其他涉及您重大权益的条款可能以加粗"));
    assert!(text("c1-h1").contains("您应承担全部责任和赔偿腾讯云的全部损失"));
    assert!(text("c9-h1").contains("腾讯云可以免责"));
    assert!(text("c10-h1").ends_with("则不视为腾讯云违约"));
    assert!(text("c11-h1").contains("滞纳金"));
    assert!(text("c13-h2").contains("另行向您追偿"));
    assert!(text("c14-h2").contains("中华人民共和国大陆地区法律"));
    assert!(text("c14-h3").contains("深圳市南山区人民法院管辖"));
    // Every clause the rules' own criterion names carries at least one passage.
    for clause in [1, 8, 9, 10, 11, 12, 13, 14] {
        assert!(document.passages.iter().any(|p| p.clause == Some(clause)), "clause {clause} has no highlight");
    }
}
