import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { OccurrenceList, type OccurrenceSource } from '../../../src/core/editor/occurrence-list';
import { detect } from '../../../src/core/detect';
import type { Finding } from '../../../src/core/types';

function finding(text: string): Finding {
  const f = detect(text)[0];
  assert.ok(f, `a finding in ${text}`);
  return f;
}

const GO = 'Get "http://127.0.0.1:8080/": read tcp 127.0.0.1:5555->127.0.0.1:8080: read: connection reset by peer';
const term: OccurrenceSource = { kind: 'terminal', label: 'bash', runId: 'r1' };

describe('OccurrenceList', () => {
  it('folds the same text from the same source at the same place into one occurrence', () => {
    const list = new OccurrenceList(10);
    const a = list.add(term, finding(GO), 1000);
    const b = list.add(term, finding(GO), 2000);
    assert.equal(a.isNew, true);
    assert.equal(b.isNew, false);
    assert.equal(b.occurrence.id, a.occurrence.id);
    assert.equal(b.occurrence.count, 2);
    assert.equal(b.occurrence.lastSeen, 2000);
    assert.equal(b.occurrence.firstSeen, 1000);
    assert.deepEqual(b.occurrence.endpoint, { url: 'http://127.0.0.1:8080/', host: '127.0.0.1', port: 8080 });
  });

  it('keeps another run, another source or another line apart', () => {
    const list = new OccurrenceList(10);
    list.add(term, finding(GO), 1);
    list.add({ ...term, runId: 'r2' }, finding(GO), 2);
    list.add({ kind: 'debug', label: 'bash' }, finding(GO), 3);
    list.add(term, finding(`\n${GO}`), 4);
    assert.equal(list.size, 4);
  });

  it('drops the least recently seen beyond the cap, and on a lower cap', () => {
    const list = new OccurrenceList(2);
    const first = list.add(term, finding(GO), 1).occurrence;
    const second = list.add({ ...term, runId: 'r2' }, finding(GO), 2).occurrence;
    list.add(term, finding(GO), 3); // seen again: now the most recent
    const third = list.add({ ...term, runId: 'r3' }, finding(GO), 4);
    assert.deepEqual(third.evicted.map((o) => o.id), [second.id]);
    assert.ok(list.get(first.id));
    assert.equal(list.get(second.id), undefined);
    assert.equal(list.setCap(1).length, 1);
    assert.deepEqual(list.all().map((o) => o.id), [third.occurrence.id]);
  });

  it('removes by predicate', () => {
    const list = new OccurrenceList(10);
    list.add(term, finding(GO), 1);
    list.add({ kind: 'logFile', label: 'a.log', uri: 'file:///a.log' }, finding(GO), 2);
    const gone = list.removeWhere((o) => o.source.kind === 'logFile');
    assert.equal(gone.length, 1);
    assert.equal(list.size, 1);
  });
});
