/** Which workflow code the Temporal worker loads: the ahead-of-time bundle in a build, the source otherwise. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { workflowBundlePath, workflowSource, workflowsPath } from '../../src/workflows/temporal/workflow-source.js';

const BUILT = 'file:///app/dist/src/workflows/temporal/workflow-source.js';
const DEV = 'file:///repo/src/workflows/temporal/workflow-source.ts';
const only = (...paths: string[]) => (p: string) => paths.includes(p);

describe('workflow source', () => {
  it('a build with a bundle loads the bundle', () => {
    expect(workflowSource(BUILT, only('/app/dist/workflows/remediate.bundle.js', '/app/dist/workflows/remediate.js'))).toEqual({ workflowBundle: { codePath: '/app/dist/workflows/remediate.bundle.js' } });
    expect(workflowBundlePath(BUILT)).toBe('/app/dist/workflows/remediate.bundle.js');
  });

  it('a build without one bundles its compiled workflow at start-up', () => {
    expect(workflowSource(BUILT, only('/app/dist/workflows/remediate.js'))).toEqual({ workflowsPath: '/app/dist/workflows/remediate.js' });
  });

  it('development uses the TypeScript source even when a bundle lies around (it would be stale)', () => {
    expect(workflowSource(DEV, only('/repo/workflows/remediate.bundle.js', '/repo/workflows/remediate.ts'))).toEqual({ workflowsPath: '/repo/workflows/remediate.ts' });
  });

  it('says so when there is no workflow at all', () => {
    expect(() => workflowsPath(DEV, only())).toThrow('workflows/remediate.{ts,js} not found next to src/');
  });

  it('the Dockerfile bundles, from the compiled script, into the very file a built worker loads', async () => {
    const dockerfile = await readFile(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const run = dockerfile.match(/^RUN node (dist\/\S+\.js) (\S+)$/m);
    expect(run?.slice(1)).toEqual(['dist/src/workflows/temporal/bundle-workflows.js', 'dist/workflows/remediate.bundle.js']);
    expect(existsSync(new URL('../../src/workflows/temporal/bundle-workflows.ts', import.meta.url))).toBe(true);
    expect(workflowBundlePath('file:///app/dist/src/workflows/temporal/workflow-source.js')).toBe('/app/dist/workflows/remediate.bundle.js');
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
  });
});
