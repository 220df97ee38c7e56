/**
 * Determinism guard and ahead-of-time bundle: the bundle script (the Dockerfile runs it at image build) builds
 * `workflows/remediate.ts` into one file, and the histories recorded on a dev server (test/fixtures/temporal/,
 * see its README) replay on that bundle without nondeterminism — those of the step-table workflow, and those
 * recorded before it (`pre-machine-*`), which shows the table issues the same commands as the code it replaced,
 * so workflows in flight across the upgrade go on. No server is needed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyFromCliJson } from '../helpers/temporal-history.js';

const SCRIPT = fileURLToPath(new URL('../../src/workflows/temporal/bundle-workflows.ts', import.meta.url));
let dir: string;
let codePath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aiops-wf-bundle-'));
  codePath = join(dir, 'dist', 'workflows', 'remediate.bundle.js');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT, codePath], { timeout: 180_000 });
  expect(stdout).toContain(`workflow bundle: ${codePath}`);
}, 200_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('remediate workflow bundle', () => {
  it('is one self-contained file that registers the remediate workflow and carries the step table', async () => {
    expect((await stat(codePath)).size).toBeGreaterThan(100_000);
    const code = await readFile(codePath, 'utf8');
    expect(code).toContain('async function remediate(');
    expect(code).toContain('REMEDIATION_STEPS');
    // Of our code, only the workflow and the pure step table are in the sandbox: no activities, stores or SDK clients.
    const ours = [...new Set(code.match(/"\.\/(?:src|workflows)\/[^"]+\.ts"/g))].sort();
    expect(ours).toEqual(['"./src/core/remediation-machine.ts"', '"./workflows/remediate.ts"']);
  });

  it.each(['remediate-approved', 'remediate-rejected', 'remediate-expired', 'remediate-compensated', 'pre-machine-approved', 'pre-machine-compensated'])('%s replays without nondeterminism', async (name) => {
    const history = historyFromCliJson(JSON.parse(await readFile(new URL(`../fixtures/temporal/${name}.json`, import.meta.url), 'utf8')));
    expect((history as { events: unknown[] }).events.length).toBeGreaterThan(20);
    await Worker.runReplayHistory({ workflowBundle: { codePath }, replayName: name }, history);
  }, 120_000);
});
