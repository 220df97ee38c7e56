/**
 * The Collector configurations this repo ships (deploy/collector/*.yaml) are valid for the real Collector
 * (`otelcol validate`, v0.165; scripts/build-otelcol.sh): component names, exporter settings and pipelines as the
 * Collector itself parses them. Skipped, saying why, without the binary.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { otelcolBin, otelcolSkipReason } from '../kafka/collector-helpers.js';

const dir = join(import.meta.dirname, '../../deploy/collector');
const configs = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const title = (t: string) => (otelcolSkipReason ? `${t} — skipped: ${otelcolSkipReason}` : t);

describe.skipIf(otelcolSkipReason !== '')(title('deploy/collector configurations under the real Collector'), () => {
  it('there are configurations to check', () => {
    expect(configs).toEqual(expect.arrayContaining(['kafka-exporter.yaml', 'otlp-exporter.yaml']));
  });

  it.each(configs)('%s validates', async (file) => {
    // ${env:AIOPS_OTLP_TOKEN} in the files resolves to '' when unset, as it would on a Collector without it.
    const r = await promisify(execFile)(otelcolBin, ['validate', '--config', `file:${join(dir, file)}`]).then(() => ({ ok: true, err: '' }), (e: { stderr?: string }) => ({ ok: false, err: e.stderr ?? String(e) }));
    expect(r.err).toBe('');
    expect(r.ok).toBe(true);
  });
});
