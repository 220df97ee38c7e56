/**
 * The Temporal worker: `workflows/remediate.ts` (bundled ahead of time in a build, see workflow-source.ts),
 * activities from `createActivities(deps)`. `start` resolves once the worker polls; `stop` drains in-flight tasks.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from '../../obs/logger.js';
import type { RemediationActivities } from '../activities/create-activities.js';
import type { TemporalTarget } from './temporal-driver.js';
import { workflowSource } from './workflow-source.js';

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
      const source = workflowSource();
      worker = await Worker.create({ connection, namespace: target.namespace, taskQueue: target.taskQueue, ...source, activities });
      run = worker.run().catch((e: unknown) => logger?.error('temporal worker stopped with an error', { error: e }));
      logger?.info('temporal worker started', { taskQueue: target.taskQueue, address: target.address, workflows: 'workflowBundle' in source ? source.workflowBundle.codePath : 'bundled at start-up' });
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
