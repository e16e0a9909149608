// The courier's decisions (src/web/io.js), in Node: which answers are final, how long a
// retry waits, and when coming back online cuts the wait short. The outbox and the posting
// themselves are tested in Chromium
// (tests/embed.rs: delivery that fails, is rejected, goes offline, or resumes after a reload).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DocumentFetch, backoffCapMs, backoffMs, classify, send } from '../../src/web/io.js';

test('answers are classified as the contract says', () => {
  const table = [
    [null, 'retry'], [undefined, 'retry'],
    [200, 'delivered'], [201, 'delivered'], [202, 'delivered'], [204, 'delivered'], [299, 'delivered'],
    [400, 'rejected'], [401, 'rejected'], [403, 'rejected'], [404, 'rejected'], [409, 'rejected'],
    [413, 'rejected'], [422, 'rejected'], [499, 'rejected'],
    [408, 'retry'], [425, 'retry'], [429, 'retry'],
    [500, 'retry'], [502, 'retry'], [503, 'retry'], [504, 'retry'], [599, 'retry'],
    [0, 'retry'], [100, 'retry'], [199, 'retry'], [301, 'retry'], [304, 'retry'], [399, 'retry'],
    [600, 'retry'], [65535, 'retry'],
  ];
  for (const [status, verdict] of table) assert.equal(classify(status), verdict, `status ${status}`);
});

test('every 4xx but the timing ones is final', () => {
  for (let status = 400; status <= 499; status++) {
    const expected = [408, 425, 429].includes(status) ? 'retry' : 'rejected';
    assert.equal(classify(status), expected, `status ${status}`);
  }
});

test('the caps double from one second up to a minute', () => {
  [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000].forEach((cap, i) => assert.equal(backoffCapMs(i + 1), cap, `retry ${i + 1}`));
  // Retry 0 waits like retry 1; huge counts stay at the cap.
  assert.equal(backoffCapMs(0), 1000);
  for (const retry of [40, 64, 1000, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER]) assert.equal(backoffCapMs(retry), 60000, `retry ${retry}`);
  let previous = 0;
  for (let retry = 1; retry <= 40; retry++) {
    const cap = backoffCapMs(retry);
    assert.ok(cap >= previous && cap <= 60000, `retry ${retry}`);
    previous = cap;
  }
});

test('waits lie between half and all of the cap', () => {
  for (let retry = 1; retry <= 40; retry++) {
    const cap = Math.min(1000 * 2 ** Math.min(retry - 1, 20), 60000);
    assert.equal(backoffCapMs(retry), cap);
    let previous = 0;
    for (const unit of [0, 0.5, 0.999]) {
      const wait = backoffMs(retry, unit);
      assert.ok(Number.isInteger(wait), `whole milliseconds: ${wait}`);
      assert.ok(wait >= cap / 2 && wait <= cap, `retry ${retry}, unit ${unit}: ${wait} outside [${cap / 2}, ${cap}]`);
      assert.ok(wait >= previous, `a larger unit never waits less (retry ${retry}, unit ${unit})`);
      previous = wait;
    }
    assert.equal(backoffMs(retry, 0), cap / 2);
    assert.ok(backoffMs(retry, 0.999) < cap, 'a unit below 1 stays below the cap');
    assert.ok(backoffMs(retry, 0.999) >= cap - cap / 500, '0.999 is near the top of the span');
  }
  assert.equal(backoffMs(1, 0.5), 750);
  assert.equal(backoffMs(7, 0.5), 45000);
});

test('out-of-range randomness is clamped', () => {
  assert.equal(backoffMs(3, -1), 2000);
  assert.equal(backoffMs(3, 1), 4000);
  assert.equal(backoffMs(3, 7.5), 4000);
  assert.equal(backoffMs(3, Number.NaN), 2000);
  assert.equal(backoffMs(3, Infinity), 4000);
  assert.equal(backoffMs(2 ** 32 - 1, -Infinity), 30000);
  assert.equal(backoffMs(2 ** 32 - 1, 0.999), 59970);
});

// ---- Coming back online ------------------------------------------------------------------
// The courier itself, with the browser's parts stood in for: a `window` and a `document` to
// dispatch on, a `fetch` whose answers the test gives, and no IndexedDB (so records live in
// memory only, as in a browser that refuses storage). The timers are Node's mock timers.

const onlineTarget = new EventTarget();
/** Lets every pending promise continuation run. */
const drain = () => new Promise((resolve) => setImmediate(resolve));

/** Stands in for the browser; returns the posts made, each with a way to fail it. */
function browser(t) {
  const saved = { window: globalThis.window, document: globalThis.document, fetch: globalThis.fetch };
  globalThis.window = onlineTarget;
  globalThis.document = new EventTarget();
  const posts = [];
  globalThis.fetch = (url) => new Promise((resolve, reject) => posts.push({ url, fail: () => reject(new TypeError('Failed to fetch')) }));
  t.mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => Object.assign(globalThis, saved));
  return posts;
}

test('a try that fails offline waits out its backoff before the next', async (t) => {
  const posts = browser(t);
  send('record-backoff', '/ledger/a', '{}', null, '');
  await drain();
  assert.equal(posts.length, 1);
  posts[0].fail();
  await drain();
  t.mock.timers.tick(0);
  await drain();
  assert.equal(posts.length, 1, 'no second try before the backoff');
  // The first retry waits between 0.5 and 1 s.
  t.mock.timers.tick(1000);
  await drain();
  assert.equal(posts.length, 2, 'the second try after the backoff');
});

test('coming back online while a try is under way makes its failure retry at once', async (t) => {
  const posts = browser(t);
  send('record-online', '/ledger/b', '{}', null, '');
  await drain();
  assert.equal(posts.length, 1);
  // The try began offline; the browser is back before its failure arrives.
  onlineTarget.dispatchEvent(new Event('online'));
  posts[0].fail();
  await drain();
  t.mock.timers.tick(0);
  await drain();
  assert.equal(posts.length, 2, 'the second try without a backoff');
  // Only that once: when the second try fails too, it waits out a backoff again.
  posts[1].fail();
  await drain();
  t.mock.timers.tick(0);
  await drain();
  assert.equal(posts.length, 2, 'the third try waits for its backoff');
});

test('a document fetch yields a task of its own, and says whether the document is still wanted', async () => {
  const order = [];
  const fetch = new DocumentFetch();
  const turn = fetch.nextTask().then((wanted) => order.push(['turn', wanted]));
  // A microtask runs before the turn ends: the wait is a task, not a microtask.
  await Promise.resolve();
  order.push(['microtask']);
  await turn;
  assert.deepEqual(order, [['microtask'], ['turn', true]]);

  // Left while waiting: the turn ends with false.
  const left = new DocumentFetch();
  const waiting = left.nextTask();
  left.abort();
  assert.equal(await waiting, false);
});
