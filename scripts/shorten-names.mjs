// Gives the wasm's imports and exports short names, in the wasm and in wasm-bindgen's glue
// alike: `node scripts/shorten-names.mjs widget_bg.wasm widget.js` (both rewritten in place).
//
// wasm-bindgen names each import after its binding plus a 16-digit hash
// (`__wbg_instanceof_IntersectionObserverEntry_d34548c2864f56e6`) and each closure export
// after its Rust types. Every such name is in both files, and the hashes do not compress:
// the page paid about 3 KB brotli for names no one reads. Only the glue uses them (imports
// as the keys of its import object, exports as `wasm.<name>`), so both are renamed together,
// and any name the glue does not use in exactly those forms stops the build.
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, jsPath] = process.argv.slice(2);
if (!wasmPath || !jsPath) throw new Error('usage: shorten-names.mjs <wasm> <glue js>');
const GLUE_MODULE = './widget_bg.js';

// ---- the wasm's binary format: sections, LEB128 integers, names -------------------------
const bytes = readFileSync(wasmPath);
let at = 0;
const u32 = () => {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return result >>> 0;
};
const name = () => {
  const length = u32();
  const text = bytes.toString('utf8', at, at + length);
  at += length;
  return text;
};
const leb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};
const encodeName = (text) => {
  const utf8 = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(utf8.length), utf8]);
};

/** a, b, …, z, A, …, Z, aa, ab, …: distinct and short. */
const short = (n) => {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let text = '';
  do {
    text = letters[n % letters.length] + text;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return text;
};

// The rest of an import's entry after its names: its kind and type, copied as they are.
function skipImportDescription() {
  const kind = bytes[at++];
  if (kind === 0) u32(); // function: type index
  else if (kind === 1) { at++; limits(); } // table: reference type, limits
  else if (kind === 2) limits(); // memory
  else if (kind === 3) at += 2; // global: value type, mutability
  else if (kind === 4) { at++; u32(); } // tag: attribute, type index
  else throw new Error(`unknown import kind ${kind}`);
}
function limits() {
  const flags = bytes[at++];
  u32();
  if (flags & 1) u32();
}

const imports = new Map(); // old name -> new name (from the glue's module only)
const exports = new Map();
const parts = [bytes.subarray(0, 8)];
at = 8;
while (at < bytes.length) {
  const id = bytes[at++];
  const size = u32();
  const start = at;
  const end = start + size;
  if (id === 2 || id === 7) {
    const entries = [];
    const count = u32();
    for (let i = 0; i < count; i++) {
      if (id === 2) {
        const module = name();
        const field = name();
        const from = at;
        skipImportDescription();
        let renamed = field;
        if (module === GLUE_MODULE) {
          if (!imports.has(field)) imports.set(field, short(imports.size));
          renamed = imports.get(field);
        }
        entries.push(Buffer.concat([encodeName(module), encodeName(renamed), bytes.subarray(from, at)]));
      } else {
        const field = name();
        const from = at;
        at++; // kind
        u32(); // index
        if (exports.has(field)) throw new Error(`export ${field} twice`);
        // `memory` keeps its name: tools (the benchmark's heap figure) look for it.
        exports.set(field, field === 'memory' ? field : short(exports.size));
        entries.push(Buffer.concat([encodeName(exports.get(field)), bytes.subarray(from, at)]));
      }
    }
    if (at !== end) throw new Error(`section ${id}: ${end - at} bytes left over`);
    const body = Buffer.concat([leb(count), ...entries]);
    parts.push(Buffer.from([id]), leb(body.length), body);
  } else {
    parts.push(bytes.subarray(start - 1 - leb(size).length, end));
  }
  at = end;
}

// ---- the glue ----------------------------------------------------------------------------
let js = readFileSync(jsPath, 'utf8');
const escape = (text) => text.replace(/[$]/g, '\\$');
const occurrences = (pattern) => (js.match(pattern) ?? []).length;
for (const [old, renamed] of imports) {
  // The key of the import object: `<name>: function(`.
  const key = new RegExp(`(?<=[\\s{,])${escape(old)}(?=: function\\()`, 'g');
  if (occurrences(key) !== 1) throw new Error(`import ${old}: expected one key in the glue, found ${occurrences(key)}`);
  js = js.replace(key, renamed);
}
for (const [old, renamed] of exports) {
  if (old === renamed) continue;
  js = js.replace(new RegExp(`(?<=\\bwasm\\.)${escape(old)}\\b`, 'g'), renamed);
}
// Used in another form (an import's name anywhere, an export's as a quoted property), a
// renamed name would break at run time: stop here instead.
for (const old of imports.keys()) {
  if (new RegExp(`\\b${escape(old)}\\b`).test(js)) throw new Error(`import ${old} is still in the glue in another form`);
}
for (const old of exports.keys()) {
  if (old === exports.get(old)) continue;
  if (new RegExp(`['"\`]${escape(old)}['"\`]`).test(js)) throw new Error(`export ${old} is named in the glue as a string`);
}

writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(jsPath, js);
console.log(`[package] short names for ${imports.size} imports and ${exports.size} exports`);
