/**
 * The 55 real fault injections of Online Boutique (Nezha, ESEC/FSE 2023) under `aiops eval rca`'s protocol without
 * oracles: the online detector's onset, rows up to onset + 3 min, the call graph. Read in place from
 * ../shared/datasets (never copied into the repository); skipped, with the reason, where that folder is absent.
 * Floors: measured 2026-12-05 after the real-data noise floors and call-share reasoning of the local reading (all 55:
 * AC@1 0.691, AC@3 0.836; held-out day 2022-08-23: 0.677 / 0.839; without the call graph 0.618 / 0.709) minus a
 * margin of about two cases, so that a change that loses real root causes fails here. Re-measured 2026-12-06 after
 * the load-carried cpu, cpu-fall and noisy-caller rules: all 55 0.709 / 0.855, held-out 0.677 / 0.806 (no graph
 * unchanged) — floors kept: the held-out day did not gain. Raised 2026-12-06 evening after sub-threshold callers
 * corroborate suspected callees: all 55 0.764 / 0.855 (42 / 47), held-out 0.710 / 0.806 (22 / 25), no graph
 * unchanged: AC@1 floors to about two cases below (0.72, held-out 0.64), all-55 AC@3 to 0.81; held-out AC@3 kept.
 * Raised 2026-12-06 late evening after a short latency baseline sets its one spike aside: all 55 0.764 / 0.873
 * (42 / 48), held-out unchanged 0.710 / 0.806, no graph 0.618 / 0.727 (34 / 40): AC@3 floors to two cases below
 * (all 55 0.83, no graph 0.69).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreOutcomes, type CaseOutcome } from '../../src/cli/rca-scoring.js';
import { findCases, readCase } from '../../src/cli/rcaeval-dataset.js';
import { prepareCase } from '../../src/eval/rca-protocol.js';
import { rankCausal } from '../../src/rca/causal/rank-causal.js';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'datasets', 'nezha-online-boutique');
const present = existsSync(DATA);
const HELD_OUT = '2022-08-23';

function run(graph: boolean): CaseOutcome[] {
  return findCases(DATA).map((dir) => {
    const c = readCase(DATA, dir);
    const prepared = prepareCase(c, { onset: 'detector', after: 3, graph });
    const ranks = rankCausal(prepared.input).causes.map((x) => x.service);
    return { case: c.id, answer: c.root, kind: c.fault, ranks, day: c.day, detection: prepared.detection };
  });
}

describe.skipIf(!present)(`Nezha Online Boutique, 55 real faults${present ? '' : ` (skipped: ${DATA} is absent)`}`, () => {
  const outcomes = present ? run(true) : [];

  it('ranks every one of the 55 cases', () => {
    expect(outcomes).toHaveLength(55);
    expect(outcomes.filter((o) => o.ranks.length === 0).map((o) => o.case)).toEqual([]);
  });

  it('finds the root cause at or above the measured floor, overall and on the day it was not tuned on', () => {
    const all = scoreOutcomes(outcomes);
    expect(all.ac1).toBeGreaterThanOrEqual(0.72);
    expect(all.ac3).toBeGreaterThanOrEqual(0.83);
    const held = scoreOutcomes(outcomes.filter((o) => o.day === HELD_OUT));
    expect(held.cases).toBe(31);
    expect(held.ac1).toBeGreaterThanOrEqual(0.64);
    expect(held.ac3).toBeGreaterThanOrEqual(0.77);
  });

  it('names every cpu fault (consumed and contention) first', () => {
    const cpu = outcomes.filter((o) => o.kind.startsWith('cpu'));
    expect(cpu).toHaveLength(25);
    expect(cpu.filter((o) => o.ranks[0] !== o.answer).map((o) => o.case)).toEqual([]);
  });

  it('stays above BARO (0.418 / 0.691 on these cases) without the call graph too', () => {
    const s = scoreOutcomes(run(false));
    expect(s.ac1).toBeGreaterThanOrEqual(0.58);
    expect(s.ac3).toBeGreaterThanOrEqual(0.69);
  });
});
