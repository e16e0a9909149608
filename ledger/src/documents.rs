//! The documents a ledger publishes: a record is only stored if it is about one of them.

use std::path::Path;

use clausewrap_core::document::Document;
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::markdown;

/// The rules every `clausewrap` binary carries: what the ledger publishes when it is given
/// no `--documents` folder, the same bytes the widget embeds.
pub const DEFAULT_DOCUMENT: &[u8] = include_bytes!("../../static/face-recognition-service-rules.md");

/// One published version of a document.
#[derive(Clone, Debug)]
pub struct Published {
    pub id: String,
    pub version: String,
    pub title: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub document: Document,
}

impl Published {
    /// The document `bytes`, parsed as the widget parses it; `name` says where they came
    /// from, for the message when they are not a document.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Published, String> {
        let document = markdown::parse(&bytes).map_err(|e| format!("{name} is not a document the widget can show: {e}"))?;
        Ok(Published {
            id: document.meta.id.clone(),
            version: document.meta.version.clone(),
            title: document.meta.title.clone(),
            sha256: sha256_hex(&bytes),
            bytes,
            document,
        })
    }

    /// The built-in default rules.
    pub fn default_document() -> Published {
        Published::from_bytes("the built-in document", DEFAULT_DOCUMENT.to_vec()).expect("the embedded default document parses (tested)")
    }
}

/// The documents at `paths` (each a `.md` file, or a folder whose `*.md` files are all
/// read), in the order they are published: by id, then by version compared as text (ISO
/// dates sort correctly). Two files with the same id and version are an error.
pub fn load(paths: &[impl AsRef<Path>]) -> Result<Vec<Published>, String> {
    let mut documents = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if !path.is_dir() {
            documents.push(read(path)?);
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|e| format!("cannot read the documents folder {}: {e}", path.display()))?;
        let before = documents.len();
        for entry in entries {
            let file = entry.map_err(|e| format!("cannot read the documents folder {}: {e}", path.display()))?.path();
            if file.extension().is_some_and(|ext| ext == "md") {
                documents.push(read(&file)?);
            }
        }
        if documents.len() == before {
            return Err(format!("the documents folder {} has no .md file", path.display()));
        }
    }
    documents.sort_by(|a, b| (&a.id, &a.version).cmp(&(&b.id, &b.version)));
    let dir = "the --documents given";
    if let Some(pair) = documents.windows(2).find(|w| (&w[0].id, &w[0].version) == (&w[1].id, &w[1].version)) {
        return Err(format!("two files in {dir} are document {} version {}", pair[0].id, pair[0].version));
    }
    Ok(documents)
}

fn read(path: &Path) -> Result<Published, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Published::from_bytes(&path.display().to_string(), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_document_parses() {
        let published = Published::default_document();
        assert_eq!(published.id, "face-recognition-service-rules");
        assert_eq!(published.document.passages.len(), 17);
    }
}
