import { describe, expect, it } from 'vitest';
import { detectAlarms } from '../../src/eval/rca-onset.js';
import { describeProtocol, prepareCase } from '../../src/eval/rca-protocol.js';

const header = ['time', 'api_latency-90', 'api_cpu', 'web_latency-90', 'web_workload'];
/** Rows at minute + 30 s; api's latency and cpu jump from row `at` for `len` rows (a spike when len = 1). */
function table(at: number, len: number, rows = 14): number[][] {
  return Array.from({ length: rows }, (_, i) => {
    const on = i >= at && i < at + len;
    const wobble = [1, 1.03, 0.97, 1.01, 0.99][i % 5];
    return [1000 * 60 + i * 60 + 30, (on ? 400 : 20) * wobble, (on ? 90 : 10) * wobble, 100 * wobble, 50 * wobble];
  });
}

describe('online change detector (eval rca)', () => {
  it('confirms a change on its second anomalous minute and dates it from the first', () => {
    expect(detectAlarms({ header, rows: table(8, 4) })).toEqual([{ onset: 8, confirmed: 9, score: 20, columns: ['api_latency-90', 'api_cpu'] }]);
  });

  it('takes a change that lasts 6 minutes as the new normal, so a later fault still opens its own alarm', () => {
    const rows = Array.from({ length: 22 }, (_, i) => {
      const w = [1, 1.03, 0.97, 1.01, 0.99][i % 5];
      return [90 + i * 60, 20 * w, (i >= 4 ? 90 : 10) * w, (i >= 16 && i < 19 ? 500 : 100) * w, 50 * w];
    });
    const alarms = detectAlarms({ header, rows });
    expect(alarms.map((a) => a.onset)).toEqual([4, 16]);
    expect(alarms[1].columns).toEqual(['web_latency-90']);
  });

  it('ignores a one-minute spike and needs three earlier rows before it decides', () => {
    expect(detectAlarms({ header, rows: table(8, 1) })).toEqual([]);
    expect(detectAlarms({ header, rows: table(1, 4) })).toEqual([]);
  });
});

describe('what eval rca hands the method', () => {
  const rows = table(8, 4);
  const inject = rows[8][0] - 20; // 10 s into row 8's minute
  const c = { header, rows, injectTimeSec: inject, edges: [{ from: 'web', to: 'api', calls: 10 }] };

  it('detector mode: the alarm onset and only the rows up to onset + after, never the injection time', () => {
    const p = prepareCase(c, { onset: 'detector', after: 2, graph: true });
    expect(p.detection).toBe('alarm');
    expect(p.input.times).toEqual(rows.slice(0, 11).map((r) => r[0] * 1000));
    expect(p.input.onsetHintMs).toBe(rows[8][0] * 1000);
    expect(p.input.onsetSearchBefore).toBe(1);
    expect(p.input.edges).toEqual([{ from: 'web', to: 'api', calls: 10 }]);
    expect(p).toMatchObject({ rowsSeen: 11, onsetOffset: 0, falseAlarms: 0 });
  });

  it('counts an earlier alarm as false and ranks an undetected fault at the strongest row after it, said', () => {
    const withEarly = { ...c, rows: table(3, 2, 14).map((r, i) => (i >= 8 && i < 12 ? table(8, 4)[i] : r)) };
    const p = prepareCase(withEarly, { onset: 'detector', after: 3, graph: false });
    expect(p.falseAlarms).toBe(1);
    expect(p.input.edges).toEqual([]);
    const quiet = prepareCase({ ...c, rows: table(8, 1) }, { onset: 'detector', after: 3, graph: true });
    expect(quiet.detection).toBe('undetected');
    expect(quiet.input.onsetHintMs).toBe(rows[8][0] * 1000);
  });

  it('injected mode is the oracle, every row and the exact time, and says so', () => {
    const p = prepareCase(c, { onset: 'injected', after: 2, graph: true });
    expect(p.input.times).toHaveLength(14);
    expect(p.input.onsetHintMs).toBe(inject * 1000);
    expect(describeProtocol({ onset: 'injected', after: 2, graph: false })).toMatch(/ORACLE.*WITHOUT the call graph/);
    expect(describeProtocol({ onset: 'detector', after: 3, graph: true })).toMatch(/onset \+ 3 min, with the call graph/);
  });
});
