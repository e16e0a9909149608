// The widget's I/O with the network, the browser's storage and WebCrypto: fetching a
// document, the signing key, the outbox, and the courier that posts each signed record
// until its endpoint has it.
//
// The WebAssembly decides: what a fetched document's failure means, what the record says,
// how it is built and what its errors say. This module fetches, keeps and sends what it is
// given, as docs/embedding.md promises. It is plain JavaScript because every step here is a
// browser call: written in Rust, each of them was a generated binding, with async glue
// around it, and together they cost the wasm about 10 KB brotli. Imported by the wasm's
// bindings (src/web/fetch.rs, courier.rs, signer.rs) and bundled into the package's
// widget.js; tests/js/ runs the courier's decisions in Node.

// ---- Documents -------------------------------------------------------------------------

/** A short description of anything thrown, for an error message. */
const describe = (error) => (error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error');

/**
 * An abortable fetch of one document (and of the version accepted before, if any): aborted
 * after its timeout, or when the widget asks for another document.
 */
export class DocumentFetch {
  #controller = new AbortController();

  abort() {
    this.#controller.abort();
  }

  /** Whether the fetch was aborted: the widget has left this document, or it timed out. */
  get aborted() {
    return this.#controller.signal.aborted;
  }

  /**
   * Resolves a timer turn later, in a task of its own, to whether the widget still wants
   * this document: the wasm parses a long document a part per task.
   */
  nextTask() {
    return new Promise((resolve) => setTimeout(() => resolve(!this.aborted), 0));
  }

  /**
   * The bytes at `url`, or a rejection with `[code, detail]`, the code being the widget's
   * error code: `http-status` (the status), `document-too-large` (the announced size, over
   * `limit`), `fetch-timeout`, or `fetch-failed` (why).
   */
  async run(url, timeoutMs, limit) {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.abort();
    }, timeoutMs);
    try {
      const response = await fetch(url, { method: 'GET', signal: this.#controller.signal });
      if (!response.ok) throw ['http-status', response.status];
      // Refused before the body is read when the server announces more than any document may have.
      const announced = response.headers.get('content-length')?.trim() ?? '';
      if (/^\+?\d+$/.test(announced) && Number(announced) > limit) throw ['document-too-large', Number(announced)];
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (Array.isArray(error)) {
        this.abort();
        throw error;
      }
      throw timedOut ? ['fetch-timeout'] : ['fetch-failed', describe(error)];
    } finally {
      clearTimeout(timer);
    }
  }
}

// ---- IndexedDB -------------------------------------------------------------------------

/** The result of an IndexedDB request, or its error. */
const settle = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/**
 * Opens database `name` (version 1); `create` makes its store when it is new. Async, so
 * that a browser without IndexedDB (or one that refuses it) rejects rather than throws.
 */
async function openDatabase(name, create) {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => create(request.result);
  return settle(request);
}

/**
 * Runs `work(store)` in one transaction on `store` of a freshly opened database and waits
 * until the transaction has committed (a write counts only then), closing the database
 * after, so no connection lingers and several tabs share the store without coordination.
 */
async function transact(open, store, mode, work) {
  const db = await open();
  try {
    const transaction = db.transaction(store, mode);
    const done = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    let result;
    try {
      result = work(transaction.objectStore(store));
    } catch (error) {
      transaction.abort();
      throw error;
    }
    // Both: the work's own result (a request's) and the commit; a failure of either is
    // the failure, and neither is left unhandled.
    return (await Promise.all([result, done]))[0];
  } finally {
    db.close();
  }
}

// ---- The signing key -------------------------------------------------------------------
// A WebCrypto Ed25519 key pair, generated non-extractable on first use and kept in
// IndexedDB (database `clausewrap`, store `keys`), so later acceptances in the same browser
// profile are signed by the same key. The private key never exists as bytes anywhere script
// can read. Where IndexedDB is unavailable (some private modes), a key is generated for
// this page only: the record is still signed and verifiable, by a key that will not recur.

const KEY_NAME = 'signing-key-ed25519';
const openKeys = () => openDatabase('clausewrap', (db) => db.createObjectStore('keys'));
const ED25519 = { name: 'Ed25519' };

async function loadOrCreateKey() {
  const generate = () => crypto.subtle.generateKey(ED25519, false, ['sign', 'verify']);
  const db = await openKeys().catch(() => null);
  if (!db) return generate();
  try {
    const stored = await settle(db.transaction('keys').objectStore('keys').get(KEY_NAME));
    // Something else stored under our name is replaced rather than a failure.
    if (stored?.privateKey instanceof CryptoKey && stored.publicKey instanceof CryptoKey) return stored;
    const { privateKey, publicKey } = await generate();
    const key = { privateKey, publicKey };
    // A failed write only means the next acceptance gets a new key.
    await settle(db.transaction('keys', 'readwrite').objectStore('keys').put(key, KEY_NAME)).catch(() => {});
    return key;
  } finally {
    db.close();
  }
}

/** The key and its 32-byte raw public key, loaded once per page (again after a failure). */
let readyKey = null;
function ready() {
  readyKey ??= (async () => {
    const { privateKey, publicKey } = await loadOrCreateKey();
    return { privateKey, publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', publicKey)) };
  })().catch((error) => {
    readyKey = null;
    throw error;
  });
  return readyKey;
}

/**
 * Loads (or creates) the key before the first signature, so that the click on Agree only
 * waits for the signature itself.
 */
export async function prepareKey() {
  await ready();
}

/** `[publicKey, signature]`: the 32-byte raw public key and the 64-byte signature of `message`. */
export async function sign(message) {
  // Copied before the first await: `message` is a view of the wasm's memory, which a
  // growth of that memory would detach meanwhile.
  const data = message.slice();
  const key = await ready();
  return [key.publicKey, new Uint8Array(await crypto.subtle.sign(ED25519, key.privateKey, data))];
}

// ---- The outbox ------------------------------------------------------------------------
// Signed records waiting for their endpoint (database `clausewrap-outbox`, store `outbox`,
// keyed by `recordId`), so that a record outlives a closed tab, a crash or a lost
// connection until the endpoint has answered 2xx. Each entry is `{recordId, endpoint, body,
// attempts, state, createdAt, lastStatus}`; `state` is "pending" (still to deliver) or
// "rejected" (the endpoint refused it for good; kept, never retried).

const OUTBOX = 'outbox';
const OUTBOX_DATABASE = 'clausewrap-outbox';
const openOutbox = () => openDatabase(OUTBOX_DATABASE, (db) => db.createObjectStore(OUTBOX, { keyPath: 'recordId' }));
const write = (work) => transact(openOutbox, OUTBOX, 'readwrite', work);

/**
 * Changes the stored entry of `recordId` in place, if it still exists: the read and the
 * write share one transaction, so a tab that deletes the entry meanwhile is not undone.
 */
const modify = (recordId, changes) =>
  write((store) => {
    const read = store.get(recordId);
    read.onsuccess = () => {
      if (read.result && typeof read.result === 'object') store.put({ ...read.result, ...changes });
    };
  });

/** Whether `entry` is one of ours and still to deliver (anything else is left alone). */
const pending = (entry) =>
  entry?.state === 'pending' && [entry.recordId, entry.endpoint, entry.body].every((v) => typeof v === 'string');

/**
 * Whether the outbox may hold records: false only when the browser lists its databases and
 * ours is not among them. Then no record was ever stored in this browser, and opening the
 * outbox would only create it: a visitor who never accepted anything gets no database.
 */
async function outboxMayExist() {
  if (typeof indexedDB?.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((database) => database.name === OUTBOX_DATABASE);
  } catch {
    return true;
  }
}

/** Every entry still to deliver, oldest first. */
async function listPending() {
  if (!(await outboxMayExist())) return [];
  const entries = await transact(openOutbox, OUTBOX, 'readonly', (store) => settle(store.getAll()));
  const at = (entry) => (typeof entry.createdAt === 'number' ? entry.createdAt : 0);
  const order = (a, b) => at(a) - at(b) || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0);
  return entries.filter(pending).sort(order);
}

// ---- The courier -----------------------------------------------------------------------
// Posts each record until the endpoint has it. Nothing polls: a record waits on one backoff
// timer, and the `online` event wakes every waiting record at once (a record whose try is
// under way then, and fails, is tried again at once rather than after a backoff). A page
// delivers each record at most once at a time: `jobs` holds the records this page is
// delivering, by record id, whether a request is under way or a timer is waiting. Records
// that could not be stored live only there.

/** What one try's answer means: `status` is the HTTP status, `null` when no answer came. */
export function classify(status) {
  if (status === null || status === undefined) return 'retry';
  if (status >= 200 && status <= 299) return 'delivered';
  // Request Timeout, Too Early, Too Many Requests: the request was fine, the moment was not.
  if (status === 408 || status === 425 || status === 429) return 'retry';
  // Any other 4xx says the request itself is wrong; sending it again cannot help.
  if (status >= 400 && status <= 499) return 'rejected';
  // 5xx is the server's own trouble. The rest never means the record arrived: fetch handles
  // 1xx itself and follows redirects, so a 1xx or 3xx here (or 0, or a non-standard code) is
  // a transport oddity. Retrying neither loses the record nor gives up on it.
  return 'retry';
}

/** The upper end of the wait before retry `retry` (1, 2, …): min(60 s, 1 s × 2^(retry−1)). */
export function backoffCapMs(retry) {
  // Retry 0 waits like retry 1; 2^6 s is already above the cap.
  const exponent = Math.min(Math.max(retry - 1, 0), 6);
  return Math.min(1000 * 2 ** exponent, 60_000);
}

/**
 * The wait before retry `retry`, in ms: between half and all of its cap, at the point
 * `unit` (random, in [0, 1)) picks, so that clients coming back at once do not retry in
 * step. A `unit` outside [0, 1] is clamped; one that is not a number counts as 0.
 */
export function backoffMs(retry, unit) {
  const cap = backoffCapMs(retry);
  const floor = Math.floor(cap / 2);
  const span = cap - floor;
  const clamped = Number.isNaN(unit) ? 0 : Math.min(Math.max(unit, 0), 1);
  return floor + Math.min(Math.floor(span * clamped), span);
}

const jobs = new Map();
let listening = false;
let resumed = false;
/** The `delivery-rejected` message for records with no widget to speak for them. */
let outboxMessage = '';

/**
 * Writes the record to the outbox, then starts delivering it. Resolves to whether it was
 * stored: when not, delivery still proceeds from memory while the page lives.
 * `rejectedMessage` is the `delivery-rejected` message, `{status}` standing for the status.
 */
export async function send(recordId, endpoint, body, host, rejectedMessage) {
  listen();
  // Taken on before it is written: a flush of the outbox meanwhile must not take it over
  // (its events would go to `document` rather than to the widget's host).
  const job = { endpoint, body, host, rejectedMessage, attempts: 0, stored: false, timer: null, online: false };
  const known = jobs.has(recordId);
  if (!known) jobs.set(recordId, job);
  const entry = { recordId, endpoint, body, attempts: 0, state: 'pending', createdAt: Date.now(), lastStatus: null };
  job.stored = await write((store) => store.put(entry)).then(() => true, () => false);
  if (!known) attempt(recordId);
  return job.stored;
}

/**
 * Delivers every pending record that earlier pages left in the outbox, once per page, and
 * from then on whenever the browser comes back online. `rejectedMessage` speaks for those
 * records, in the browser's language. Does nothing outside a window.
 */
export function resume(rejectedMessage) {
  if (typeof window === 'undefined') return;
  outboxMessage = rejectedMessage;
  listen();
  if (!resumed) {
    resumed = true;
    // Not urgent, while the page may still be drawing its first view (the widget's
    // included): in idle time, within 2 s.
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => flush(), { timeout: 2000 });
    else setTimeout(flush);
  }
}

/** Registers the `online` listener once per page. */
function listen() {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('online', () => {
    // A record whose try is under way is marked instead: that try began while the browser
    // was offline, and if it fails the next one must not wait out a backoff.
    for (const [recordId, job] of jobs) if (job.timer !== null) wake(recordId); else job.online = true;
    flush();
  });
}

/** Starts delivering each pending record of the outbox that this page is not delivering. */
async function flush() {
  let entries;
  try {
    entries = await listPending();
  } catch {
    return;
  }
  for (const { recordId, endpoint, body, attempts } of entries) {
    if (jobs.has(recordId)) continue;
    const tries = Number.isFinite(attempts) ? Math.max(0, Math.floor(attempts)) : 0;
    jobs.set(recordId, { endpoint, body, host: null, rejectedMessage: outboxMessage, attempts: tries, stored: true, timer: null, online: false });
    attempt(recordId);
  }
}

/** Ends a record's wait: tries it now if it is still waiting (not already under way). */
function wake(recordId) {
  const job = jobs.get(recordId);
  if (!job || job.timer === null) return;
  clearTimeout(job.timer);
  job.timer = null;
  attempt(recordId);
}

/** One try: posts the record and acts on the answer. */
async function attempt(recordId) {
  const job = jobs.get(recordId);
  if (!job) return;
  job.online = false;
  const status = await post(recordId, job);
  const verdict = classify(status);
  if (verdict === 'delivered') {
    jobs.delete(recordId);
    if (job.stored) await write((store) => store.delete(recordId)).catch(() => {});
    announce(job.host, 'clausewrap:delivered', { recordId, status });
  } else if (verdict === 'rejected') {
    jobs.delete(recordId);
    if (job.stored) await modify(recordId, { state: 'rejected', lastStatus: status }).catch(() => {});
    const message = job.rejectedMessage.replace('{status}', String(status));
    announce(job.host, 'clausewrap:error', { code: 'delivery-rejected', message, status, recordId });
  } else {
    job.attempts += 1;
    // Losing this count only shortens the first wait after the next page load.
    if (job.stored) await modify(recordId, { attempts: job.attempts, lastStatus: status }).catch(() => {});
    // Back online since this try began: the next one goes at once.
    const wait = job.online ? 0 : backoffMs(job.attempts, Math.random());
    if (jobs.get(recordId) === job) job.timer = setTimeout(() => wake(recordId), wait);
  }
}

/**
 * POSTs the record; the answer's status, or `null` when no answer came (network error,
 * CORS refusal, or a request the browser would not even build).
 */
async function post(recordId, { endpoint, body }) {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': recordId },
      body,
      credentials: 'same-origin',
      // Not a beacon: an unload does not need to carry the record, the outbox does.
      keepalive: false,
    });
    return response.status;
  } catch {
    return null;
  }
}

/**
 * Dispatches on the widget's host while it is in the page; on `document` once it is gone,
 * and for records from the outbox, which have no widget.
 */
function announce(host, name, detail) {
  const target = host?.isConnected ? host : document;
  target.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
}
