//! `hash`: a document's SHA-256 and the `document` member a record about it would carry.

use clausewrap_core::hash::sha256_hex;
use clausewrap_core::json::Value;
use clausewrap_core::markdown;

use crate::args::FileArgs;
use crate::output::{number, object, read_or_report, string, Out};
use crate::{EXIT_INPUT, EXIT_INVALID, EXIT_OK};

pub fn run(args: &FileArgs, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let mut code = EXIT_OK;
    let mut files = Vec::new();
    for path in &args.files {
        let Some((name, bytes)) = read_or_report(path, err, &mut files) else {
            code = EXIT_INPUT;
            continue;
        };
        let sha256 = sha256_hex(&bytes);
        if !args.json {
            out.line(&format!("{sha256}  {name}"));
        }
        match markdown::parse(&bytes) {
            Ok(document) => {
                let meta = &document.meta;
                // The members of a record's `document`, as the widget writes them.
                let fields = [("id", meta.id.as_str()), ("title", meta.title.as_str()), ("version", meta.version.as_str())];
                if !args.json {
                    for (key, value) in fields {
                        out.line(&format!("  {key:<10}  {value}"));
                    }
                    out.line(&format!("  {:<10}  {}", "highlights", document.passages.len()));
                }
                let mut members: Vec<(&str, Value)> = fields.iter().map(|&(k, v)| (k, string(v))).collect();
                members.push(("sha256", string(sha256.clone())));
                members.push(("highlights", number(document.passages.len())));
                files.push(object(vec![("path", string(name)), ("sha256", string(sha256)), ("document", object(members))]));
            }
            Err(error) => {
                let message = format!(
                    "{name}: the widget refuses this document ({error}), so no record can be about it; '{} lint {name}' says what to fix",
                    crate::help::PROGRAM
                );
                err.line(&format!("{}: {message}", crate::help::PROGRAM));
                files.push(object(vec![("path", string(name)), ("sha256", string(sha256)), ("error", string(message))]));
                code = code.max(EXIT_INVALID);
            }
        }
    }
    if args.json {
        out.json(&object(vec![("command", string("hash")), ("files", Value::Array(files)), ("exit_code", number(code.into()))]));
    }
    code
}
