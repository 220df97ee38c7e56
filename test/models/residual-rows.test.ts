import { describe, expect, it } from 'vitest';
import { CALLERS_OPERATION } from '../../src/core/index.js';
import { residualCsv } from '../../src/models/residual-rows.js';
import { tinyLabelledStream } from './training-fixtures.js';

describe('residualCsv', () => {
  it('leaves a service\'s callers\' view out of the training rows (the learned detectors never score it)', () => {
    const plain = tinyLabelledStream();
    const withCallers = { ...plain, rows: plain.rows.flatMap((r) => [r, { ...r, operation: CALLERS_OPERATION, cpu: null, memory: null }]) };
    expect(residualCsv([withCallers])).toEqual(residualCsv([plain]));
    expect(residualCsv([withCallers], { sequence: true })).toEqual(residualCsv([plain], { sequence: true }));
  });
});
