//! What `--help` says. Written for the people who run the command: compliance staff
//! checking records months later, backend engineers, and authors of rules documents.

use crate::args::Topic;

/// The program's name as installed: the `[[bin]]` name in `cli/Cargo.toml` (a test checks
/// that they agree).
pub const PROGRAM: &str = "clausewrap";

const EXIT_CODES: &str = "\
Exit codes:
  0  everything checked out (all records valid / no lint findings)
  1  something did not: an invalid record, a lint finding, a document the widget refuses
  2  something could not be checked: a file could not be read, or the command line is wrong";

pub fn text(topic: Option<Topic>) -> String {
    match topic {
        None => general(),
        Some(Topic::Verify) => verify(),
        Some(Topic::Hash) => hash(),
        Some(Topic::Lint) => lint(),
        Some(Topic::Diff) => diff(),
        Some(Topic::Serve) => serve(),
        Some(Topic::Keygen) => keygen(),
        Some(Topic::Ledger) => ledger(),
    }
}

fn general() -> String {
    format!(
        "\
{PROGRAM}: the compliance side of the clausewrap clause-acceptance widget

Usage:
  {PROGRAM} verify RECORDS... --document FILE [--public-key KEY]... [--json] [--quiet]
  {PROGRAM} hash FILE... [--json]
  {PROGRAM} lint FILE... [--previous OLD] [--json]
  {PROGRAM} diff OLD NEW [--json]
  {PROGRAM} serve [--listen ADDR] [--data DIR] [--database-url URL] [--documents PATH]... [--site DIR]
  {PROGRAM} keygen [--out FILE]
  {PROGRAM} ledger verify|export [--data DIR] [--database-url URL]
  {PROGRAM} help COMMAND

Commands:
  verify  check acceptance records: form, signature, document, highlights, times, key
  hash    print a document's SHA-256 and the front matter a record would carry
  lint    find liability clauses a document does not mark in bold, and what the widget refuses
  diff    show what changed between two versions of a document, clause by clause
  serve   run the acceptance ledger: receive, check, countersign and store records
  keygen  create the ledger's signing key
  ledger  verify the ledger's hash chain, or export it as JSON Lines

Run '{PROGRAM} help COMMAND' for the details of a command.

{EXIT_CODES}
"
    )
}

fn verify() -> String {
    format!(
        "\
Usage: {PROGRAM} verify RECORDS... --document FILE [--document FILE]... [--public-key KEY]... [--json] [--quiet]

Checks acceptance records emitted by the clausewrap widget (schema clausewrap.acceptance.v1)
against the document that was shown, and reports every check by name:

  schema       the record is strict JSON with every v1 member, of the right type and form
               (timestamps included: YYYY-MM-DDTHH:MM:SS.mmmZ)
  signature    the Ed25519 signature over the RFC 8785 canonical JSON of the record
               without its signature member matches the public key it names
  document     document.sha256 is the SHA-256 of the document file, and the record's id,
               title and version are its front matter
  highlights   document.highlights and evidence.highlights_seen list every highlighted
               passage of that document, in order
  timestamps   opened_at <= reached_end_at <= accepted_at, every first_seen_at in between
  trusted-key  the signing key is one of the --public-key keys (only when some are given)

If the schema or the signature check fails, nothing in the record can be relied on and the
other checks are not run.

RECORDS are files holding one record, a JSON array of records, or JSON Lines (one record
per line, as a backend exports them); '-' reads standard input. Many files may be given.
A line of '{PROGRAM} ledger export' ({{\"record\": ..., \"receipt\": ...}}) is checked as its record,
plus a sixth check, receipt: the ledger's countersignature verifies and is about this record.

Options:
  --document FILE    the document the records are about: the exact file that was shown
                     (required; give it several times if the records are about different
                     versions: each record is checked against the one whose SHA-256 it names)
  --public-key KEY   a trusted signing key: the 43-character base64url form of a record's
                     signature.public_key, or 64 hex digits (may be given several times)
  --ledger-key KEY   the ledger's public key (GET /v1/keys) that receipts must be signed
                     with; without it, each receipt is checked with the key it names
  --json             print the results as one JSON object instead of text
  -q, --quiet        print only invalid records and the summary
  -h, --help         print this help

{EXIT_CODES}
  (2 wins over 1: if any file could not be read, the run is incomplete.)

Example:
  {PROGRAM} verify export.jsonl --document static/face-recognition-service-rules.md
"
    )
}

fn hash() -> String {
    format!(
        "\
Usage: {PROGRAM} hash FILE... [--json]

Prints the SHA-256 of each document file, as a record's document.sha256 holds it, and the
members of document that the widget would put in a record: id, title, version (from the
front matter) and the number of highlighted passages. Use it to find which file a record
is about.

Options:
  --json      print the results as one JSON object instead of text
  -h, --help  print this help

{EXIT_CODES}
  (1 here: the widget refuses the document, so no record can be about it; its SHA-256 is
  still printed.)
"
    )
}

fn lint() -> String {
    format!(
        "\
Usage: {PROGRAM} lint FILE... [--previous OLD] [--json]

Checks a rules document before readers accept it. The document is parsed exactly as the
widget parses it; every bold span (**...**) becomes a highlighted passage that readers
must see before they can agree, which is how the widget draws attention to liability
clauses (art. 496 of the Civil Code: an exemption clause not brought to the reader's
attention may not bind). Reports, as FILE:LINE:COLUMN: rule: message,

  unmarked-liability  a sentence with liability, indemnity, fee or penalty, termination,
                      data-use, dispute, jurisdiction or rights-restricting language
                      (Chinese and English, e.g. 免责, 不承担, 赔偿, 滞纳金, 违约金, 管辖,
                      仲裁, 法院, liability, indemnify, arbitration, governing law) that is
                      not bold
  bold-heading        bold inside a heading
  bold-whole-clause   a clause or paragraph bold from start to end over several sentences,
                      where bolding the key passage would do
  raw-html            raw HTML, which the widget refuses
  lost-highlight      (with --previous) a passage OLD highlights, in a clause or paragraph
                      still in FILE, that FILE no longer marks in bold: its text is
                      there but not all bold, or the section has fewer bold passages
  front-matter, syntax, encoding, empty, too-large
                      why the widget would refuse the document (fix it, then lint again
                      to have the clauses checked)

Options:
  --previous OLD  the version readers accepted before: report its highlights that FILE lost
                  (2 if OLD cannot be read or the widget refuses it)
  --json          print the findings as one JSON object instead of text
  -h, --help      print this help

{EXIT_CODES}
"
    )
}

fn diff() -> String {
    format!(
        "\
Usage: {PROGRAM} diff OLD NEW [--json]

Compares two versions of a rules document as the widget parses them, section by section:
each clause (c9 is clause 9) and each other top-level paragraph or heading (b2 is the
second). Sections are matched by their text first, so a clause renumbered without other
change is 'moved', not removed and added; then by clause number; then by similarity.
Prints a summary line, then every section that is changed, added, removed or moved, marked
'highlighted' when the change touches a highlighted (bold) passage, with the changed text:
[-deleted-] and {{+inserted+}}, with 20 unchanged characters on each side ('…' marks a
cut). Readers who accepted OLD must see the changed, added and removed sections again.

Options:
  --json      print one JSON object instead: old and new (path, id, version, sha256),
              summary (counts), and sections (those not unchanged), each with id, kind,
              highlighted, old and new ({{id, number}} or null) and edits: a list of
              {{op: same|insert|delete, text}}. A same run is cut to 40 characters on each
              side of a change; the cut is marked '…' and elided gives the characters left out.
  -h, --help  print this help

Exit codes (as diff(1)):
  0  the versions have the same sections (the front matter may differ)
  1  some section is changed, added, removed or moved
  2  a file could not be read, the widget refuses it (run '{PROGRAM} lint FILE'), or the
     command line is wrong

Example:
  {PROGRAM} diff static/face-recognition-service-rules.md static/samples/face-recognition-service-rules-2026-sample.md
"
    )
}

fn serve() -> String {
    format!(
        "\
Usage: {PROGRAM} serve [OPTIONS]

Runs the acceptance ledger (HTTP API in docs/ledger.md): POST /v1/acceptances checks each
record as 'verify' does against the published documents, countersigns it with a receipt
and appends it to a hash-chained, append-only ledger. Also serves --site (the built widget
and demo pages) at /. Prints 'listening on http://ADDR' once it accepts connections; logs
JSON lines on standard error; SIGTERM or Ctrl-C finishes the requests in flight, then
exits.

Options:
  --listen ADDR        address to listen on (default 127.0.0.1:8080; port 0 picks one)
  --data DIR           folder of the SQLite ledger and the key (default ./data)
  --database-url URL   use PostgreSQL at URL instead of SQLite (default: $DATABASE_URL)
  --key FILE           the ledger key (default DIR/ledger.key; create it with keygen)
  --documents PATH     publish the document file PATH, or every .md file of the folder
                       PATH; may be given several times (default: the built-in rules).
                       Versions published before stay published: the ledger keeps them
  --site DIR           static files to serve at / (default ./dist, if built)
  --max-body BYTES     largest request body (default 262144)
  --rate-limit N       requests per second per client IP, bursts of 2N; 0: off (default 50)
  --nonce-ttl SECONDS  lifetime of issued nonces, 1 to 86400 (default 900)
  --require-nonce      refuse records without a nonce
  -h, --help           print this help

Exit codes: 0 stopped by a signal after finishing its work; 2 could not start.
"
    )
}

fn keygen() -> String {
    format!(
        "\
Usage: {PROGRAM} keygen [--out FILE] [--data DIR] [--json]

Creates the ledger's Ed25519 signing key as PKCS #8 PEM with mode 0600 (default
./data/ledger.key) and prints its public key. Never overwrites a key: receipts signed with
the old one could no longer be checked against the ledger's published key.

Exit codes: 0 written; 2 not written (the file exists, or cannot be created).
"
    )
}

fn ledger() -> String {
    format!(
        "\
Usage: {PROGRAM} ledger verify [--data DIR | --database-url URL] [--key FILE | --public-key KEY] [--json]
       {PROGRAM} ledger export [--data DIR | --database-url URL] [--out FILE]

verify walks the ledger in sequence order. For each entry: the record passes every
'verify' check against the published documents, the receipt's signature verifies with the
ledger key, record_sha256 is the record's hash, and previous_hash is the previous entry's
entry_hash. It prints the first broken link. The key is --public-key, or the public half of
--key (default DIR/ledger.key when it exists); otherwise every receipt must carry the same
key as the first, and the output says the key was not pinned.

export writes JSON Lines, one {{\"record\": ..., \"receipt\": ...}} per entry, to FILE or standard
output; '{PROGRAM} verify' accepts the file and checks each receipt too.

Exit codes: 0 the ledger checks out / exported; 1 a broken link; 2 the ledger could not be read.
"
    )
}
