/** RemediationDriver over a Temporal client: one workflow per action, id `remediate-<actionId>`. */
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { RemediationDriver, RemediationState } from '../../core/index.js';
import type { RemediationTiming } from '../remediation-config.js';

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
}

export const workflowIdOf = (actionId: string) => `remediate-${actionId}`;

export async function createTemporalDriver(target: TemporalTarget, timing: RemediationTiming): Promise<{ driver: RemediationDriver; client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: target.address });
  const client = new Client({ connection, namespace: target.namespace });
  const driver: RemediationDriver = {
    kind: 'temporal',
    async start(action) {
      try {
        await client.workflow.start('remediate', {
          taskQueue: target.taskQueue,
          workflowId: workflowIdOf(action.id),
          args: [{ actionId: action.id, requiresApproval: action.requiresApproval, timing }],
        });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }
    },
    async signal(actionId, decision) {
      await client.workflow.getHandle(workflowIdOf(actionId)).signal('decision', decision);
    },
    async state(actionId) {
      try {
        return await client.workflow.getHandle(workflowIdOf(actionId)).query<RemediationState>('state');
      } catch {
        return null;
      }
    },
  };
  return { driver, client, close: () => connection.close() };
}
