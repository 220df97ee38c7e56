/**
 * Training rows for the learned detectors: the residual vectors (schema v1) of labelled streams' normal windows,
 * as CSV for training/*.py. Faulty windows (and a grace of 5 windows after a fault) are left out, so the models
 * learn what normal looks like; sequences are cut per series so no input spans two services. A service's callers'
 * view (`CALLERS_OPERATION` rows of simulated streams) is left out, as the learned detectors never score it.
 */
import { CALLERS_OPERATION } from '../core/index.js';
import { RESIDUAL_FEATURE_NAMES, ResidualNormalizer } from '../detectors/learned/residuals.js';
import { isFaulty, type LabelledStream } from './labelled-windows.js';

export function residualCsv(streams: readonly LabelledStream[], opts: { sequence?: boolean } = {}): { csv: string; rows: number } {
  const lines: string[] = [(opts.sequence ? ['series', ...RESIDUAL_FEATURE_NAMES] : RESIDUAL_FEATURE_NAMES).join(',')];
  const bySeries = new Map<string, string[]>();
  streams.forEach((stream, si) => {
    const normalizer = new ResidualNormalizer();
    for (const row of stream.rows) {
      if (row.operation === CALLERS_OPERATION) continue;
      const v = normalizer.next(row);
      if (v === null || row.windowStart < stream.scoreFrom || isFaulty(row, stream.faults, 5 * 60_000)) continue;
      const values = [...v.z].map((x) => x.toFixed(4));
      if (!opts.sequence) lines.push(values.join(','));
      else {
        const key = `${si}:${row.service}`;
        bySeries.set(key, [...(bySeries.get(key) ?? []), [key, ...values].join(',')]);
      }
    }
  });
  for (const rows of bySeries.values()) lines.push(...rows);
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}
