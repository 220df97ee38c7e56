/**
 * Bundles the remediation workflow ahead of time (`bundleWorkflowCode`): the Dockerfile runs
 * `node dist/src/workflows/temporal/bundle-workflows.js` after the build, and the worker then loads
 * dist/workflows/remediate.bundle.js instead of running webpack at start-up. Usage: `[OUT_FILE]`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlePath, workflowsPath } from './workflow-source.js';

export async function bundleRemediationWorkflow(outFile: string = workflowBundlePath()): Promise<{ path: string; bytes: number }> {
  // Webpack's progress lines are noise here; warnings and errors still show (a failed bundle also throws).
  const say = (m: string) => void process.stderr.write(`${m}\n`);
  const logger = { trace() {}, debug() {}, info() {}, warn: say, error: say, log: (level: string, m: string) => (level === 'WARN' || level === 'ERROR') && say(m) };
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger });
  const path = resolve(outFile);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, code);
  return { path, bytes: Buffer.byteLength(code) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  bundleRemediationWorkflow(process.argv[2]).then(
    (r) => process.stdout.write(`workflow bundle: ${r.path} (${r.bytes} bytes)\n`),
    (e: unknown) => {
      process.stderr.write(`workflow bundle failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
