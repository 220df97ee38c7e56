/**
 * The Temporal worker: `workflows/remediate.ts` bundled for the workflow sandbox, activities from
 * `createActivities(deps)`. `start` resolves once the worker polls; `stop` drains in-flight tasks.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from '../../obs/logger.js';
import type { RemediationActivities } from '../activities/create-activities.js';
import type { TemporalTarget } from './temporal-driver.js';

/** The TypeScript source in development and tests; the compiled file next to dist/src in a build. */
export function workflowsPath(): string {
  for (const rel of ['../../../workflows/remediate.ts', '../../../workflows/remediate.js']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('workflows/remediate.{ts,js} not found next to src/');
}

export interface TemporalWorkerHandle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createTemporalWorker(target: TemporalTarget, activities: RemediationActivities, logger?: Logger): TemporalWorkerHandle {
  let worker: Worker | undefined;
  let connection: NativeConnection | undefined;
  let run: Promise<void> | undefined;
  return {
    async start() {
      if (worker) return;
      connection = await NativeConnection.connect({ address: target.address });
      worker = await Worker.create({ connection, namespace: target.namespace, taskQueue: target.taskQueue, workflowsPath: workflowsPath(), activities });
      run = worker.run().catch((e: unknown) => logger?.error('temporal worker stopped with an error', { error: e }));
      logger?.info('temporal worker started', { taskQueue: target.taskQueue, address: target.address });
    },
    async stop() {
      if (!worker) return;
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
      await connection?.close();
      worker = undefined;
    },
  };
}
