/**
 * The lint rules that keep Temporal workflow code deterministic fail on what they guard against: a value import
 * of node: or an SDK in workflows/, and a clock or an import in the remediation step table.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
async function ruleHits(code: string, filePath: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return r!.messages.map((m) => `${m.line}:${m.ruleId}`);
}

describe('workflow lint rules', () => {
  it('workflows/ may import values only from @temporalio/workflow and the step table', async () => {
    const code = [
      "import { sleep } from '@temporalio/workflow';",
      "import { runRemediationStep } from '../src/core/remediation-machine.js';",
      "import type { Worker } from '@temporalio/worker';",
      "import { readFileSync } from 'node:fs';",
      "import { Client } from '@temporalio/client';",
      "import { createActivities } from '../src/workflows/activities/create-activities.js';",
      'export const used = [sleep, runRemediationStep, readFileSync, Client, createActivities];',
      'export type W = Worker;',
      '',
    ].join('\n');
    expect(await ruleHits(code, 'workflows/probe.ts')).toEqual(['4:@typescript-eslint/no-restricted-imports', '5:@typescript-eslint/no-restricted-imports', '6:@typescript-eslint/no-restricted-imports']);
  }, 60_000);

  it('the step table takes no value import, no clock, no randomness and no timer', async () => {
    const code = [
      "import type { ActionStatus } from './actions.js';",
      "import { AiopsError } from './errors.js';",
      'export const t = Date.now() + Math.random();',
      'export const d = new Date();',
      'setTimeout(() => undefined, 1);',
      'export type S = ActionStatus | typeof AiopsError;',
      '',
    ].join('\n');
    expect(await ruleHits(code, 'src/core/remediation-machine.ts')).toEqual(['2:@typescript-eslint/no-restricted-imports', '3:no-restricted-properties', '3:no-restricted-properties', '4:no-restricted-syntax', '5:no-restricted-globals']);
  }, 60_000);
});
