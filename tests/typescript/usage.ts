// An integrator's code against the package's declarations (static/pkg/clausewrap.d.ts).
// `scripts/typecheck` runs `tsc -p tests/typescript`: this file must type-check under
// --strict with exactOptionalPropertyTypes, and every `@ts-expect-error` line must really
// be an error (an unused one fails the check), so misuse is proven to be rejected.

import { mount, ClauseWrapElement } from "clausewrap";
import type {
  AcceptanceRecord,
  ClauseWrapError,
  ClauseWrapErrorCode,
  ClauseWrapEventMap,
  ClauseWrapHandle,
  ClauseWrapOptions,
  ClauseWrapState,
  ClauseWrapStatus,
  ErrorDetail,
  HighlightSeen,
  ProgressDetail,
  ReacceptanceDetail,
} from "clausewrap";

// --- The JS API ---------------------------------------------------------------------

function isClauseWrapError(e: unknown): e is ClauseWrapError {
  return e instanceof Error && e.name === "ClauseWrapError";
}

async function sendToServer(record: AcceptanceRecord): Promise<void> {
  await fetch("/api/acceptances", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": record.record_id },
    body: JSON.stringify(record),
  });
}

export async function signup(userId: string, challenge: string): Promise<string | null> {
  const host = document.getElementById("terms");
  if (host === null) return null;

  const options: ClauseWrapOptions = {
    src: "/rules/v3.md",
    sha256: "34a65b7e39b85178982936083610eceb36b4d348743f5f5c8ee3e6691c2ffd1d",
    subject: userId,
    nonce: challenge,
    lang: document.documentElement.lang || "zh-CN",
    requireAck: true,
    minVisibleMs: 2000,
    decline: true,
    timeoutMs: 10_000,
  };

  let handle: ClauseWrapHandle;
  try {
    handle = mount(host, options);
  } catch (e) {
    if (isClauseWrapError(e)) {
      const code: ClauseWrapErrorCode = e.code;
      switch (code) {
        case "invalid-option":
        case "element-missing":
        case "element-detached":
          console.error(`clausewrap refused to mount (${code}): ${e.message}`);
          return null;
        default:
          throw e;
      }
    }
    throw e;
  }

  host.addEventListener("clausewrap:ready", (e) => {
    const { documentId, version, sha256, highlights } = e.detail;
    console.info(`${documentId} ${version} (${sha256}): ${highlights} highlighted passages`);
  });
  host.addEventListener("clausewrap:progress", (e) => {
    const { status, seen, highlights, endSeen, progress }: ProgressDetail = e.detail;
    const bar = document.querySelector<HTMLProgressElement>("#terms-progress");
    if (bar) bar.value = progress;
    const done: boolean = status === "ready" && endSeen && seen === highlights;
    document.body.classList.toggle("terms-read", done);
  });
  host.addEventListener("clausewrap:declined", (e) => {
    console.info(`declined ${e.detail.documentId} at ${e.detail.declinedAt}`);
    handle.destroy();
  });
  host.addEventListener("clausewrap:error", (e) => {
    const detail: ErrorDetail = e.detail;
    if (detail.code === "http-status" || detail.code === "delivery-rejected") {
      console.warn(`HTTP ${detail.status ?? "?"}: ${detail.message}`);
    }
    if (detail.recordId !== undefined) console.warn(`record ${detail.recordId}: ${detail.message}`);
  });
  host.addEventListener("clausewrap:delivered", (e) => {
    console.info(`record ${e.detail.recordId} stored (HTTP ${e.detail.status})`);
  });
  host.addEventListener("clausewrap:accepted", (e) => e.detail.record_id);

  // Switching the UI language keeps the reading; the rest of the options stay as given.
  handle.update({ ...options, lang: "en" });

  const state: ClauseWrapState = handle.state();
  const waiting: ClauseWrapStatus[] = ["loading", "reading", "signing"];
  if (state.error !== null) console.warn(state.error.code, state.error.message);
  if (waiting.includes(state.status)) console.info(`${state.progress}% read, seen ${state.seen.join(", ")}`);

  try {
    const record = await handle.accepted();
    await sendToServer(record);
    return record.record_id;
  } catch (e) {
    if (isClauseWrapError(e) && e.code === "destroyed") return null;
    throw e;
  }
}

// --- Re-acceptance ----------------------------------------------------------------------

/** A customer who accepted an earlier version: by its version and hash, or by its record. */
export function reaccept(host: HTMLElement, earlier: AcceptanceRecord | null): ClauseWrapHandle {
  const handle = earlier
    ? mount(host, { src: "/rules/v3.md", previous: earlier, previousSrc: "/rules/v2.md", reacceptance: "highlighted" })
    : mount(host, {
        src: "/rules/v3.md",
        previous: {
          version: "2019-07-29 15:49:27",
          sha256: "34a65b7e39b85178982936083610eceb36b4d348743f5f5c8ee3e6691c2ffd1d",
          src: "/v1/documents/face-recognition-service-rules/2019-07-29%2015:49:27",
          recordId: "AAECAwQFBgcICQoLDA0O_w",
          acceptedAt: "2024-05-01T02:03:04.005Z",
        },
      });
  host.addEventListener("clausewrap:ready", (e) => {
    const r: ReacceptanceDetail | null = e.detail.reacceptance;
    if (r === null) return;
    const changes = r.changed + r.added + r.removed;
    console.info(`${r.policy}: ${changes} changes (${r.highlightedChanges} to key clauses, ${r.moved} moved) since ${r.since.version}`);
    if (r.required) console.info(`accepted ${r.since.acceptedAt ?? "at an unknown time"}; the changes must be read`);
  });
  host.addEventListener("clausewrap:progress", (e) => console.info(`${e.detail.changesSeen} changes read`));
  host.addEventListener("clausewrap:accepted", (e) => {
    const { supersedes, evidence } = e.detail;
    if (supersedes) console.info(supersedes.record_id ?? supersedes.sha256, evidence.changes_seen?.map((c) => c.id).join(", "));
  });
  host.addEventListener("clausewrap:error", (e) => {
    if (e.detail.code === "previous-sha256-mismatch") console.warn("the earlier version is not the one accepted");
  });
  const seen: string[] = handle.state().changesSeen;
  console.info(seen, handle.state().reacceptance?.required);
  return handle;
}

export function fromMarkupAgain(container: HTMLElement): void {
  const element = document.createElement("clause-wrap");
  element.setAttribute("src", "/rules/v3.md");
  element.setAttribute("previous-src", "/rules/v2.md");
  element.setAttribute("previous-version", "2019-07-29 15:49:27");
  element.setAttribute("previous-sha256", "34a65b7e39b85178982936083610eceb36b4d348743f5f5c8ee3e6691c2ffd1d");
  element.setAttribute("reacceptance", "any");
  container.append(element);
}

// --- The record -----------------------------------------------------------------------

export function summarise(record: AcceptanceRecord): string {
  const { document: doc, evidence, signature } = record;
  const lines = [
    `${record.schema} ${record.record_id}`,
    `${doc.title} (${doc.id} ${doc.version}, sha256 ${doc.sha256}), ${doc.highlights} passages`,
    `opened ${evidence.opened_at}, end ${evidence.reached_end_at}, agreed ${record.accepted_at}`,
    `subject ${record.subject ?? "-"}, nonce ${record.nonce ?? "-"}, ${evidence.locale}, ${evidence.user_agent}`,
    `${signature.alg} key ${signature.public_key}: ${signature.value.length} characters`,
  ];
  const passage = (h: HighlightSeen): string =>
    h.visible_ms === undefined
      ? `${h.id} seen ${h.first_seen_at}`
      : `${h.id} seen ${h.first_seen_at}, ${h.visible_ms} ms in view, ticked ${h.acknowledged_at ?? "(not asked)"}`;
  lines.push(...evidence.highlights_seen.map(passage));
  // Members added within v1 may be absent from older records.
  if (evidence.viewport) {
    const { width, height, device_pixel_ratio } = evidence.viewport;
    lines.push(`viewport ${width}×${height} @${device_pixel_ratio}x`);
  }
  if (evidence.reading_ms !== undefined) lines.push(`read for ${evidence.reading_ms} ms`);
  if (evidence.reading_rules) {
    const { min_dwell_ms, min_visible_ms, acknowledgement_required } = evidence.reading_rules;
    lines.push(`rules: dwell ${min_dwell_ms} ms, visible ${min_visible_ms} ms, ack ${acknowledgement_required}`);
  }
  const first = evidence.highlights_seen[0];
  if (first) lines.push(`first passage ${first.id}`);
  return lines.join("\n");
}

// --- The custom element ---------------------------------------------------------------

export async function fromMarkup(): Promise<AcceptanceRecord | undefined> {
  const element = document.querySelector("clause-wrap");
  if (element === null) return undefined;
  const typed: ClauseWrapElement = element;
  typed.addEventListener("clausewrap:accepted", (e) => console.info(e.detail.record_id, e.detail.document.sha256));
  console.info(typed.state().status, typed.getAttribute("src"));
  return typed.accepted();
}

export function fromScript(container: HTMLElement, userId: string): ClauseWrapElement {
  const element = document.createElement("clause-wrap");
  element.setAttribute("src", "/rules/v3.md");
  element.setAttribute("subject", userId);
  element.setAttribute("endpoint", "/api/acceptances");
  element.toggleAttribute("require-ack", true);
  element.setAttribute("min-visible-ms", "2000");
  container.append(element);
  const viaConstructor = element instanceof ClauseWrapElement;
  console.assert(viaConstructor);
  return element;
}

// Errors that arise with no widget on the page (an outbox retry) come to `document`;
// the widgets' own events bubble there too.
document.addEventListener("clausewrap:error", (e) => console.warn(e.detail.code, e.detail.recordId));
window.addEventListener("clausewrap:delivered", (e) => console.info(e.detail.recordId));

// A generic listener typed by the event map.
export function on<K extends keyof ClauseWrapEventMap>(
  target: HTMLElement,
  type: K,
  listener: (event: ClauseWrapEventMap[K]) => void,
): () => void {
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}

// --- Misuse the declarations reject -------------------------------------------------------

export function misuse(host: HTMLElement, handle: ClauseWrapHandle, record: AcceptanceRecord): void {
  mount(host, {
    // @ts-expect-error: an unknown option key
    source: "/rules/v3.md",
  });
  // @ts-expect-error: a wrong type (requireAck is a boolean)
  mount(host, { requireAck: "yes" });
  // @ts-expect-error: a wrong type (minVisibleMs is a number, not the attribute's string)
  handle.update({ minVisibleMs: "2000" });
  // @ts-expect-error: attribute spelling is not an option key
  handle.update({ "require-ack": true });
  // @ts-expect-error: mount needs an element, not a possibly-null lookup
  mount(document.getElementById("terms"));

  host.addEventListener("clausewrap:accepted", (e) => {
    // @ts-expect-error: an unknown field of the record (it is record_id)
    console.info(e.detail.recordId);
  });
  host.addEventListener("clausewrap:progress", (e) => {
    // @ts-expect-error: `seen` in the progress detail is a count, not a list of ids
    e.detail.seen.join(", ");
  });
  host.addEventListener("clausewrap:ready", (e) => {
    // @ts-expect-error: an unknown detail field
    console.info(e.detail.title);
  });
  // @ts-expect-error: a misspelt event name gives a plain Event, without `detail`
  host.addEventListener("clausewrap:accept", (e) => e.detail);

  host.addEventListener("clausewrap:error", (e) => {
    // @ts-expect-error: a wrong error code comparison (it is fetch-failed)
    if (e.detail.code === "fetch-failure") console.warn("offline");
    // @ts-expect-error: mount's thrown-only codes never reach an event
    if (e.detail.code === "element-missing") console.warn("unreachable");
    // @ts-expect-error: nor does accepted()'s rejection-only code
    if (e.detail.code === "destroyed") console.warn("unreachable");
  });
  // @ts-expect-error: not a status
  if (handle.state().status === "done") console.info("done");
  // @ts-expect-error: `seen` in the state is the list of ids, not a count
  const count: number = handle.state().seen;
  // @ts-expect-error: an absent-in-older-records member may be undefined
  const readingMs: number = record.evidence.reading_ms;
  // @ts-expect-error: subject may be null
  const subject: string = record.subject;
  // @ts-expect-error: the record's schema is one exact string
  const schema: typeof record.schema = "clausewrap.acceptance.v2";
  // @ts-expect-error: not a re-acceptance policy
  mount(host, { reacceptance: "all" });
  // @ts-expect-error: `previous` needs `src` (where that version's bytes are)
  mount(host, { previous: { version: "1", sha256: "ab" } });
  // @ts-expect-error: `previousSrc` is a URL string
  mount(host, { previous: record, previousSrc: new URL("https://example.com/v2.md") });
  host.addEventListener("clausewrap:ready", (e) => {
    // @ts-expect-error: `reacceptance` is null without `previous`
    console.info(e.detail.reacceptance.required);
  });
  // @ts-expect-error: the element has no update() (only state() and accepted())
  document.createElement("clause-wrap").update({});
  console.info(count, readingMs, subject, schema);
}
