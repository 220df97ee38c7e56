/**
 * Where the Temporal worker gets `workflows/remediate.ts` from: the bundle made ahead of time at image build
 * (`bundle-workflows.ts`, Dockerfile) when a build carries one — no webpack at start-up, and the code that was
 * tested is the code that runs — else the workflow source, bundled by the worker when it starts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundle's file name, beside the compiled workflow (dist/workflows/). */
export const WORKFLOW_BUNDLE_FILE = 'remediate.bundle.js';

export type WorkflowSource = { workflowBundle: { codePath: string } } | { workflowsPath: string };

type Exists = (path: string) => boolean;

/** The TypeScript source in development and tests; the compiled file next to dist/src in a build. */
export function workflowsPath(moduleUrl: string = import.meta.url, exists: Exists = existsSync): string {
  for (const rel of ['../../../workflows/remediate.ts', '../../../workflows/remediate.js']) {
    const p = fileURLToPath(new URL(rel, moduleUrl));
    if (exists(p)) return p;
  }
  throw new Error('workflows/remediate.{ts,js} not found next to src/');
}

/** The default output of the bundle script: dist/workflows/remediate.bundle.js when run from a build. */
export function workflowBundlePath(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(new URL(`../../../workflows/${WORKFLOW_BUNDLE_FILE}`, moduleUrl));
}

/**
 * The bundle when this module runs compiled (.js) and the bundle exists beside the build; the source otherwise.
 * Only a build looks for the bundle: in development a bundle lying around would be older than the sources.
 */
export function workflowSource(moduleUrl: string = import.meta.url, exists: Exists = existsSync): WorkflowSource {
  if (moduleUrl.endsWith('.js')) {
    const codePath = workflowBundlePath(moduleUrl);
    if (exists(codePath)) return { workflowBundle: { codePath } };
  }
  return { workflowsPath: workflowsPath(moduleUrl, exists) };
}
