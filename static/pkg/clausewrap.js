// clausewrap: the ES module a signup page imports (docs/embedding.md).
//
//   import { mount } from '/pkg/clausewrap.js';
//   const handle = mount(element, { src: '/rules.md', subject: 'user-42' });
//   const record = await handle.accepted();
//
// or, with no script of the page's own: <clause-wrap src="/rules.md"></clause-wrap>.
//
// The module finishes loading once the widget's WebAssembly is instantiated (streamed as
// it downloads), so `mount` is synchronous and the element upgrades with a working widget.
// Everything the widget decides happens in the WebAssembly; this file only adapts the
// element's attributes to the options of `mount`.

import init, { mount as mountWidget, mountElement, resumeDeliveries } from './widget.js';

await init({ module_or_path: new URL('./widget_bg.wasm', import.meta.url) });
performance.mark('clausewrap:wasm-ready');

// Records that earlier pages signed but could not deliver are sent again: looked for when
// the page is idle (src/web/io.js), from a task of their own here.
setTimeout(resumeDeliveries);
// The module finishes loading, and so the page mounts its widget, in a later task: the task
// that finished compiling the wasm and instantiated it ends here, instead of also running
// the first mount (the two together took 56 to 121 ms in the benchmark's cold loads).
await (globalThis.scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve)));

/**
 * Mounts the widget into `element`; throws a ClauseWrapError (`code`) for invalid
 * options and for a missing or detached element.
 */
export function mount(element, options) {
  return wrap(mountWidget(element, fromRecord(options)));
}

const invalidOption = (message) => Object.assign(new Error(message), { name: 'ClauseWrapError', code: 'invalid-option' });

// `previous` may be the acceptance record itself, with `previousSrc` saying where that
// version's bytes are: the widget is given the flat shape it decodes
// ({ version, sha256, src, recordId, acceptedAt }), nothing else changes.
function fromRecord(options) {
  if (options === null || typeof options !== 'object') return options;
  const { previous, previousSrc, ...rest } = options;
  const record = previous !== null && typeof previous === 'object' && 'document' in previous;
  if (!record && !('previousSrc' in options)) return options;
  if (previousSrc === undefined || previousSrc === null) {
    if (record) throw invalidOption('a record given as `previous` needs `previousSrc`, where that version is');
    return { ...rest, previous };
  }
  if (!record) throw invalidOption('`previousSrc` goes with an acceptance record given as `previous`');
  if (typeof previousSrc !== 'string') throw invalidOption('`previousSrc` must be a string');
  const { record_id: recordId, accepted_at: acceptedAt, document } = previous;
  return { ...rest, previous: { version: document?.version, sha256: document?.sha256, src: previousSrc, recordId, acceptedAt } };
}

// The handle, with `update` taking a record as `previous` too.
function wrap(handle) {
  const update = handle.update.bind(handle);
  handle.update = (options) => update(fromRecord(options));
  return handle;
}

// attribute name → [option key (`previous.…`: a member of `previous`), how its text
// becomes the option's value]
const present = (element, name) => element.hasAttribute(name) && element.getAttribute(name) !== 'false';
const text = (element, name) => element.getAttribute(name) ?? undefined;
// A number attribute that is not an integer (e.g. "abc") becomes NaN, which the widget
// refuses as invalid-option rather than ignoring.
const integer = (element, name) => {
  const value = element.getAttribute(name);
  if (value === null) return undefined;
  return /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
};
// The element speaks its page's language unless told otherwise, like the text around it.
const language = (element) => element.closest('[lang]')?.getAttribute('lang') || undefined;
const ATTRIBUTES = {
  'src': ['src', text],
  'sha256': ['sha256', text],
  'subject': ['subject', text],
  'nonce': ['nonce', text],
  'endpoint': ['endpoint', text],
  'lang': ['lang', language],
  'require-ack': ['requireAck', present],
  'min-visible-ms': ['minVisibleMs', integer],
  'decline': ['decline', present],
  'timeout-ms': ['timeoutMs', integer],
  'previous-src': ['previous.src', text],
  'previous-sha256': ['previous.sha256', text],
  'previous-version': ['previous.version', text],
  'previous-record-id': ['previous.recordId', text],
  'previous-accepted-at': ['previous.acceptedAt', text],
  'reacceptance': ['reacceptance', text],
};

/** `<clause-wrap>`: the widget as an element, configured by its attributes. */
export class ClauseWrapElement extends HTMLElement {
  static observedAttributes = Object.keys(ATTRIBUTES);

  #handle = null;
  #pending = false;

  connectedCallback() {
    if (!this.#handle) this.#handle = mountElement(this, this.#options());
  }

  disconnectedCallback() {
    // A move within the page disconnects and reconnects in one task: keep the reading.
    queueMicrotask(() => {
      if (!this.isConnected && this.#handle) {
        this.#handle.destroy();
        this.#handle = null;
      }
    });
  }

  attributeChangedCallback() {
    if (!this.#handle || this.#pending) return;
    // Attributes changed in one task are applied together.
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      this.#handle?.reconfigure(this.#options());
    });
  }

  /** The widget's state (see the handle's `state()`). */
  state() {
    return this.#handle ? this.#handle.state() : { status: 'loading', documentId: null, version: null, sha256: null,
      highlights: 0, seen: [], endSeen: false, progress: 0, error: null, recordId: null, reacceptance: null, changesSeen: [] };
  }

  /** A Promise of the signed record. */
  accepted() {
    if (this.#handle) return this.#handle.accepted();
    const error = new Error('<clause-wrap> is not in a document.');
    return Promise.reject(Object.assign(error, { name: 'ClauseWrapError', code: 'element-detached' }));
  }

  #options() {
    const options = {};
    for (const [name, [key, read]] of Object.entries(ATTRIBUTES)) {
      const value = read(this, name);
      if (value === undefined || value === false) continue;
      // Any previous-* attribute makes `previous`; a missing required one is invalid-option.
      if (key.startsWith('previous.')) (options.previous ??= {})[key.slice(9)] = value;
      else options[key] = value;
    }
    return options;
  }
}

if (!customElements.get('clause-wrap')) customElements.define('clause-wrap', ClauseWrapElement);
