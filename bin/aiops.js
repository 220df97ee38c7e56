#!/usr/bin/env node
// In a checkout (src/ present) runs the TypeScript sources through tsx, so `npx aiops …` works right after `npm ci`
// and never runs a stale build: a dist/ left by an earlier `npm run build` once had the test suites' `aiops serve`
// children running old code beside current in-process code. The runtime image ships dist/ without src/ and runs the
// compiled CLI; `node dist/src/main.js` runs a build in a checkout.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'main.ts');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist', 'src', 'main.js')).href);
}
