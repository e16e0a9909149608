/**
 * TypeScript declarations for `clausewrap.js`, the clause-acceptance widget's ES module.
 *
 * The module defines the `<clause-wrap>` element on import and exports {@link mount} and
 * {@link ClauseWrapElement}. Option keys, event names, their details and error codes are
 * the embedding contract (`docs/embedding.md`); the acceptance record is described in
 * `docs/record-format.md`.
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------

/**
 * Options of {@link mount} and {@link ClauseWrapHandle.update}. All are optional; an
 * unknown key or a value of the wrong type is refused with `invalid-option`.
 */
export interface ClauseWrapOptions {
  /**
   * URL of the document (CommonMark subset with front matter). The embedded rules when
   * neither `src` nor `document` is given. Not together with `document`.
   * Attribute: `src`.
   */
  src?: string;
  /** The document's text, instead of fetching `src`. Not together with `src`. */
  document?: string;
  /**
   * Pin: the document's SHA-256 as 64 lowercase hex digits. A document whose bytes hash
   * differently is refused (`sha256-mismatch`). Attribute: `sha256`.
   */
  sha256?: string;
  /** The integrator's user id, copied into the record. Attribute: `subject`. */
  subject?: string;
  /** The integrator's server challenge, copied into the record. Attribute: `nonce`. */
  nonce?: string;
  /**
   * URL every signed record is POSTed to (outbox, retries, `Idempotency-Key`).
   * Attribute: `endpoint`.
   */
  endpoint?: string;
  /**
   * UI language: `zh-CN` or `en` (any `zh*` / `en*` tag); the browser's preference when
   * absent. Attribute: `lang`.
   */
  lang?: string;
  /**
   * Each highlighted passage needs its own "I have read and understood" tick.
   * Attribute: `require-ack`.
   */
  requireAck?: boolean;
  /**
   * How long (ms, integer 0–600000) each highlighted passage must have been on screen.
   * Attribute: `min-visible-ms`.
   */
  minVisibleMs?: number;
  /** Shows a "不同意" / "Decline" button next to Agree. Attribute: `decline`. */
  decline?: boolean;
  /**
   * How long (ms, integer 1–120000, default 15000) fetching `src` (and `previous.src`) may
   * take. Attribute: `timeout-ms`.
   */
  timeoutMs?: number;
  /**
   * The version the reader accepted before: what changed since is shown, and must be seen
   * before Agree (see `reacceptance`); the record then says which acceptance it supersedes.
   * Either {@link ClauseWrapPrevious}, or that acceptance's record itself together with
   * `previousSrc`. Attributes: `previous-src`, `previous-sha256`, `previous-version`,
   * `previous-record-id`, `previous-accepted-at`.
   */
  previous?: ClauseWrapPrevious | AcceptanceRecord;
  /** Where the version accepted before is, when `previous` is its acceptance record. */
  previousSrc?: string;
  /**
   * Which changes since `previous` require re-acceptance: `"any"` (the default),
   * `"highlighted"` (only changes to highlighted passages) or `"none"`.
   * Attribute: `reacceptance`.
   */
  reacceptance?: ReacceptancePolicy;
}

/** Option `previous`: the version of the document the reader accepted before. */
export interface ClauseWrapPrevious {
  /** Its front matter `version`. Attribute: `previous-version`. */
  version: string;
  /**
   * SHA-256 of its exact bytes, 64 hex digits; bytes that hash differently are refused
   * (`previous-sha256-mismatch`). Attribute: `previous-sha256`.
   */
  sha256: string;
  /** URL of its exact bytes (e.g. the ledger's `/v1/documents/{id}/{version}`). Attribute: `previous-src`. */
  src: string;
  /** The `record_id` of that acceptance (22 characters of base64url). Attribute: `previous-record-id`. */
  recordId?: string;
  /** When it was accepted: an RFC 3339 date or date-time. Attribute: `previous-accepted-at`. */
  acceptedAt?: string;
}

/** Which changes since the previous version require re-acceptance. */
export type ReacceptancePolicy = "any" | "highlighted" | "none";

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/** Every error code. Codes are stable; messages are in the widget's language. */
export type ClauseWrapErrorCode =
  /** Unknown option key, wrong type, out-of-range number, `src` with `document`, malformed `sha256`. */
  | "invalid-option"
  /** {@link mount} was given no element. Thrown only. */
  | "element-missing"
  /** {@link mount} was given an element outside any document. Thrown only. */
  | "element-detached"
  /** The document could not be fetched (network down, refused, CORS). */
  | "fetch-failed"
  /** Fetching took longer than `timeoutMs`. */
  | "fetch-timeout"
  /** The document URL answered other than 2xx (`status` in the event detail). */
  | "http-status"
  /** Zero bytes, or only white space. */
  | "document-empty"
  /** The bytes are not UTF-8. */
  | "document-not-utf8"
  /** Larger than 2 MiB (2,097,152 bytes). */
  | "document-too-large"
  /** Front matter missing or malformed, or no `id` / `version`. */
  | "document-front-matter"
  /** The body uses something outside the supported subset; the message gives line and column. */
  | "document-syntax"
  /** The bytes do not match the `sha256` pin. */
  | "sha256-mismatch"
  /** The bytes of the version accepted before do not match `previous.sha256`. */
  | "previous-sha256-mismatch"
  /** WebCrypto could not sign; the reader may retry, the acceptance stands. */
  | "signing-failed"
  /** The outbox (IndexedDB) cannot be written; the record is delivered from memory while the page lives. */
  | "storage-unavailable"
  /** {@link ClauseWrapHandle.accepted} was pending when the widget was destroyed. Rejection only. */
  | "destroyed"
  /** The endpoint answered 4xx (not 408 or 429); the record stays in the outbox and is not retried. */
  | "delivery-rejected";

/**
 * Codes only the caller sees: thrown by {@link mount} or rejected by
 * {@link ClauseWrapHandle.accepted}; never in an event or in {@link ClauseWrapState.error}.
 */
export type ClauseWrapCallerOnlyCode = "element-missing" | "element-detached" | "destroyed";

/** Codes the widget reports: in `clausewrap:error` and in {@link ClauseWrapState.error}. */
export type ClauseWrapReportedCode = Exclude<ClauseWrapErrorCode, ClauseWrapCallerOnlyCode>;

/**
 * What {@link mount} and {@link ClauseWrapHandle.update} throw, and what
 * {@link ClauseWrapHandle.accepted} rejects with. Not exported as a class: recognise it by
 * its `name`.
 *
 * @example
 * ```ts
 * if (e instanceof Error && e.name === "ClauseWrapError") console.log((e as ClauseWrapError).code);
 * ```
 */
export interface ClauseWrapError extends Error {
  /** Always `"ClauseWrapError"`. */
  name: "ClauseWrapError";
  /** The stable error code. */
  code: ClauseWrapErrorCode;
}

/** An error as the widget reports it in {@link ClauseWrapState.error}. */
export interface ClauseWrapErrorInfo {
  /** The stable error code. */
  code: ClauseWrapReportedCode;
  /** What went wrong, in the widget's language. */
  message: string;
}

// ---------------------------------------------------------------------------------------
// State and handle
// ---------------------------------------------------------------------------------------

/**
 * Where the widget is:
 * - `loading`: the document is being fetched or parsed;
 * - `error`: the document or the options were refused (see {@link ClauseWrapState.error});
 * - `reading`: shown, not yet read through;
 * - `ready`: Agree is available;
 * - `signing`: Agree was pressed, the record is being signed;
 * - `accepted`: the record is signed;
 * - `failed`: signing failed; the reader may retry.
 */
export type ClauseWrapStatus = "loading" | "error" | "reading" | "ready" | "signing" | "accepted" | "failed";

/** A snapshot of the widget, from {@link ClauseWrapHandle.state}. */
export interface ClauseWrapState {
  /** Where the widget is. */
  status: ClauseWrapStatus;
  /** The document's front matter `id`; `null` until known. */
  documentId: string | null;
  /** The document's front matter `version`; `null` until known. */
  version: string | null;
  /** SHA-256 of the document's bytes, 64 lowercase hex digits; `null` until known. */
  sha256: string | null;
  /** How many highlighted passages the document has. */
  highlights: number;
  /** Ids of the highlighted passages seen so far (`c14-h1`, `p-h1`, …). */
  seen: string[];
  /** Whether the end of the document has been seen. */
  endSeen: boolean;
  /** Reading progress, 0–100. */
  progress: number;
  /** The current error, or `null`. */
  error: ClauseWrapErrorInfo | null;
  /** The signed record's `record_id`; `null` until accepted. */
  recordId: string | null;
  /** What changed since the version accepted before; `null` without `previous` (or until loaded). */
  reacceptance: ReacceptanceDetail | null;
  /** Ids of the changes seen so far (`c9`, `old-c12`, …), when re-acceptance is required. */
  changesSeen: string[];
}

/** A mounted widget, returned by {@link mount}. */
export interface ClauseWrapHandle {
  /** A snapshot of the widget's state. */
  state(): ClauseWrapState;
  /**
   * The signed record (a plain object). Resolves at once if already accepted; rejects with
   * a {@link ClauseWrapError} whose code is `destroyed` if the widget is destroyed first.
   */
  accepted(): Promise<AcceptanceRecord>;
  /**
   * Replaces the options, validated like {@link mount}'s. A new `src`, `document`,
   * `sha256`, `previous`, `reacceptance` or reading option resets the reading; a new
   * `lang`, `subject`, `nonce` or `endpoint` does not.
   *
   * @throws {@link ClauseWrapError} with `invalid-option`; the previous options stay.
   */
  update(options: ClauseWrapOptions): void;
  /** Removes the widget. Records already signed keep being delivered. */
  destroy(): void;
}

/**
 * Mounts a widget into `element` (rendered into its light DOM). Synchronous: the module
 * finishes loading only once the widget can run.
 *
 * @param element - The host element; events are dispatched on it.
 * @param options - The options; all optional.
 * @returns The widget's handle.
 * @throws {@link ClauseWrapError} with `invalid-option`, `element-missing` (not an
 * `Element`) or `element-detached` (not in a document).
 */
export declare function mount(element: Element, options?: ClauseWrapOptions): ClauseWrapHandle;

/**
 * The `<clause-wrap>` custom element, defined when the module is imported. Configured
 * through attributes (`src`, `sha256`, `subject`, `nonce`, `endpoint`, `lang`,
 * `require-ack`, `min-visible-ms`, `decline`, `timeout-ms`, `previous-src`,
 * `previous-sha256`, `previous-version`, `previous-record-id`, `previous-accepted-at`,
 * `reacceptance`); attribute changes made in one task are applied together.
 */
export declare class ClauseWrapElement extends HTMLElement {
  /** A snapshot of the widget's state, as {@link ClauseWrapHandle.state}. */
  state(): ClauseWrapState;
  /** The signed record, as {@link ClauseWrapHandle.accepted}. */
  accepted(): Promise<AcceptanceRecord>;
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

/** Detail of `clausewrap:ready`: the document is loaded and shown. */
export interface ReadyDetail {
  /** The document's front matter `id`. */
  documentId: string;
  /** The document's front matter `version`. */
  version: string;
  /** SHA-256 of the document's bytes, 64 lowercase hex digits. */
  sha256: string;
  /** How many highlighted passages the document has (0 is allowed). */
  highlights: number;
  /** What changed since the version accepted before; `null` without `previous`. */
  reacceptance: ReacceptanceDetail | null;
}

/**
 * {@link ReadyDetail.reacceptance}: what changed since the version the reader accepted
 * before. When `required`, every changed, added and removed section must be seen before
 * Agree, and the record carries `supersedes` and `evidence.changes_seen`.
 */
export interface ReacceptanceDetail {
  /** Whether the changes must be seen: `any` and a change, or `highlighted` and a change to a highlighted passage. */
  required: boolean;
  /** The policy in effect. */
  policy: ReacceptancePolicy;
  /** The version accepted before. */
  since: ReacceptanceSince;
  /** Sections whose text changed. */
  changed: number;
  /** Sections only in the new version. */
  added: number;
  /** Sections only in the previous version. */
  removed: number;
  /** Sections with the same text under another number or in another place (nothing to read). */
  moved: number;
  /** Changed, added or removed sections that touch a highlighted passage. */
  highlightedChanges: number;
}

/** {@link ReacceptanceDetail.since}: the version accepted before, as `previous` named it. */
export interface ReacceptanceSince {
  /** `previous.version`. */
  version: string;
  /** `previous.sha256`, in lowercase. */
  sha256: string;
  /** `previous.acceptedAt`, or `null`. */
  acceptedAt: string | null;
}

/**
 * Detail of `clausewrap:progress`: a passage or a change was seen, the end was reached, a
 * passage was acknowledged, or the status changed (never per scroll).
 */
export interface ProgressDetail {
  /** Where the widget is. */
  status: ClauseWrapStatus;
  /** How many highlighted passages have been seen (a count, unlike {@link ClauseWrapState.seen}). */
  seen: number;
  /** How many highlighted passages the document has. */
  highlights: number;
  /** Whether the end of the document has been seen. */
  endSeen: boolean;
  /** Reading progress, 0–100. */
  progress: number;
  /** How many of the changes since the previous version have been seen (0 without re-acceptance). */
  changesSeen: number;
}

/** Detail of `clausewrap:declined`: the reader pressed Decline. Unsigned. */
export interface DeclinedDetail {
  /** The document's front matter `id`. */
  documentId: string;
  /** The document's front matter `version`. */
  version: string;
  /** SHA-256 of the document's bytes, 64 lowercase hex digits. */
  sha256: string;
  /** When Decline was pressed: RFC 3339 UTC with milliseconds. */
  declinedAt: string;
}

/** Detail of `clausewrap:error`: something failed. */
export interface ErrorDetail {
  /** The stable error code. */
  code: ClauseWrapReportedCode;
  /** What went wrong, in the widget's language. */
  message: string;
  /** The HTTP status, for `http-status` and `delivery-rejected`. */
  status?: number;
  /** The record concerned, for delivery and storage errors. */
  recordId?: string;
}

/** Detail of `clausewrap:delivered`: the endpoint answered 2xx for a record. */
export interface DeliveredDetail {
  /** The delivered record's `record_id`. */
  recordId: string;
  /** The endpoint's HTTP status. */
  status: number;
}

/**
 * The widget's events: `CustomEvent`s dispatched on the host element (the custom element,
 * or the element given to {@link mount}) with `bubbles: true` and `composed: true`.
 * Errors that arise when no widget is on the page are dispatched on `document`.
 */
export interface ClauseWrapEventMap {
  /** The document is loaded and shown. */
  "clausewrap:ready": CustomEvent<ReadyDetail>;
  /** Reading progressed or the status changed. */
  "clausewrap:progress": CustomEvent<ProgressDetail>;
  /** The record is signed (and, with `endpoint`, stored in the outbox). */
  "clausewrap:accepted": CustomEvent<AcceptanceRecord>;
  /** The reader pressed Decline (only with `decline`). */
  "clausewrap:declined": CustomEvent<DeclinedDetail>;
  /** Something failed. */
  "clausewrap:error": CustomEvent<ErrorDetail>;
  /** The endpoint answered 2xx for a record. */
  "clausewrap:delivered": CustomEvent<DeliveredDetail>;
}

declare global {
  /** The widget's events on any element (the host given to {@link mount}). */
  interface ElementEventMap extends ClauseWrapEventMap {}
  /** The widget's events on HTML elements, `<clause-wrap>` included. */
  interface HTMLElementEventMap extends ClauseWrapEventMap {}
  /** The widget's events, bubbled to `document` (or dispatched there with no widget). */
  interface DocumentEventMap extends ClauseWrapEventMap {}
  /** The widget's events, bubbled to `window`. */
  interface WindowEventMap extends ClauseWrapEventMap {}
  /** `document.createElement("clause-wrap")` and `querySelector("clause-wrap")`. */
  interface HTMLElementTagNameMap {
    "clause-wrap": ClauseWrapElement;
  }
}

// ---------------------------------------------------------------------------------------
// The acceptance record (docs/record-format.md)
// ---------------------------------------------------------------------------------------

/**
 * The signed acceptance record, `clausewrap.acceptance.v1`, as a plain object. Its
 * canonical JSON (RFC 8785) without `signature` is what is signed. Later v1 records may
 * carry further members (outside `signature`); they are covered by the signature too.
 * Every time is a timestamp of the form `2026-11-29T03:04:05.678Z`.
 */
export interface AcceptanceRecord {
  /** Exactly `"clausewrap.acceptance.v1"`. */
  schema: "clausewrap.acceptance.v1";
  /** 128 random bits naming this acceptance, base64url without padding: 22 characters. */
  record_id: string;
  /** Which document was accepted. */
  document: AcceptanceDocument;
  /** When Agree was pressed. */
  accepted_at: string;
  /** The integrator's identifier for the user, or `null` when none was given. */
  subject: string | null;
  /** The integrator's server challenge, or `null` when none was given. */
  nonce: string | null;
  /** What the reading gate observed. */
  evidence: AcceptanceEvidence;
  /**
   * Re-acceptance only: the earlier acceptance this one replaces. Present exactly when
   * `evidence.changes_seen` is; absent from a first acceptance.
   */
  supersedes?: AcceptanceSupersedes;
  /** The Ed25519 signature; exactly these three members. */
  signature: AcceptanceSignature;
}

/** {@link AcceptanceRecord.supersedes}: which earlier acceptance a re-acceptance replaces. */
export interface AcceptanceSupersedes {
  /** The earlier record's `record_id` (22 characters of base64url), or `null` when only the version is known. */
  record_id: string | null;
  /** The earlier document's front matter `version`. */
  version: string;
  /** SHA-256 of the earlier document's bytes, 64 lowercase hex digits; never this record's `document.sha256`. */
  sha256: string;
}

/** {@link AcceptanceRecord.document}: which document was accepted. */
export interface AcceptanceDocument {
  /** The front matter `id`: names the document, not one version of it. */
  id: string;
  /** The front matter `title`. */
  title: string;
  /** The front matter `version`. */
  version: string;
  /** SHA-256 of the exact bytes shown (front matter included), 64 lowercase hex digits. */
  sha256: string;
  /** How many highlighted passages the document has: a non-negative integer. */
  highlights: number;
}

/** {@link AcceptanceRecord.evidence}: what the reading gate observed. */
export interface AcceptanceEvidence {
  /** When the document was shown. */
  opened_at: string;
  /** When the end of the document first became visible. */
  reached_end_at: string;
  /** One entry per highlighted passage, in document order. */
  highlights_seen: HighlightSeen[];
  /** The widget's UI locale, a BCP 47 tag such as `zh-CN`. */
  locale: string;
  /** The browser's `navigator.userAgent`. */
  user_agent: string;
  /** The layout viewport when Agree was pressed. Absent from earlier v1 records. */
  viewport?: AcceptanceViewport;
  /** From `opened_at` to `accepted_at` on the monotonic clock, whole ms. Absent from earlier v1 records. */
  reading_ms?: number;
  /** What the gate required. Absent from earlier v1 records. */
  reading_rules?: ReadingRules;
  /**
   * Re-acceptance only: every section that changed since the superseded version, in the
   * new document's order. Present exactly when `supersedes` is.
   */
  changes_seen?: ChangeSeen[];
}

/** One entry of {@link AcceptanceEvidence.highlights_seen}. */
export interface HighlightSeen {
  /** The passage id: `c{clause}-h{k}`, or `p-h{k}` outside any clause. */
  id: string;
  /** When the passage came into view at the start of the stretch that made it count as seen. */
  first_seen_at: string;
  /**
   * Total time in view (whole ms, monotonic clock, hidden page not counted). Present
   * together with `acknowledged_at`; absent from earlier v1 records.
   */
  visible_ms?: number;
  /**
   * When the reader ticked the passage's own checkbox; `null` when acknowledgement was
   * not asked for. Present together with `visible_ms`; absent from earlier v1 records.
   */
  acknowledged_at?: string | null;
}

/** One entry of {@link AcceptanceEvidence.changes_seen}. */
export interface ChangeSeen {
  /** The section: `c{n}` (clause n of the new version), `b{k}` (k-th other block), `old-c{n}` (removed). */
  id: string;
  /** How the section differs from the superseded version. */
  kind: "changed" | "added" | "removed";
  /** When the reader first saw the change on screen. */
  first_seen_at: string;
}

/** {@link AcceptanceEvidence.viewport}: the layout viewport when Agree was pressed. */
export interface AcceptanceViewport {
  /** Width in CSS pixels, a non-negative integer. */
  width: number;
  /** Height in CSS pixels, a non-negative integer. */
  height: number;
  /** Device pixel ratio, a non-negative number (e.g. `2` on a phone or at 200 % zoom). */
  device_pixel_ratio: number;
}

/** {@link AcceptanceEvidence.reading_rules}: what the reading gate required. */
export interface ReadingRules {
  /** Uninterrupted time in view before a passage counts (300 by default). */
  min_dwell_ms: number;
  /** The integrator's minimum total time in view per passage; 0 when none. */
  min_visible_ms: number;
  /** Whether each passage needed its own acknowledgement. */
  acknowledgement_required: boolean;
}

/** {@link AcceptanceRecord.signature}: exactly three members. */
export interface AcceptanceSignature {
  /** Exactly `"Ed25519"`. */
  alg: "Ed25519";
  /** The 32-byte raw Ed25519 public key, base64url without padding: 43 characters. */
  public_key: string;
  /** The 64-byte Ed25519 signature, base64url without padding: 86 characters. */
  value: string;
}
