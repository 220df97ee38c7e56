/**
 * Determinism guard: recorded histories of `workflows/remediate.ts` (test/fixtures/temporal/, recorded on a
 * dev server with AIOPS_RECORD_HISTORY=1) must replay on the current code. No server is needed.
 */
import { readFile } from 'node:fs/promises';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../src/workflows/temporal/temporal-worker.js';
import { historyFromCliJson } from '../helpers/temporal-history.js';

describe('remediate workflow replay', () => {
  it.each(['remediate-approved', 'remediate-compensated'])('%s replays without nondeterminism', async (name) => {
    const history = historyFromCliJson(JSON.parse(await readFile(new URL(`../fixtures/temporal/${name}.json`, import.meta.url), 'utf8')));
    expect((history as { events: unknown[] }).events.length).toBeGreaterThan(10);
    await Worker.runReplayHistory({ workflowsPath: workflowsPath(), replayName: name }, history);
  }, 120_000);
});
