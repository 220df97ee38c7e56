/**
 * bench/rca-baseline: otlp-aiops's root cause ranking next to RCAEval's offline methods (BARO first) on the very same
 * RCAEval-layout cases, scored the same way (service-level AC@1, AC@3, Avg@5, AC@1 per fault kind).
 *
 *   npx tsx bench/rca-baseline/index.ts --dataset DIR [--methods baro,nsigma] [--ours-json FILE] [--timeout 60]
 *
 * 1. bench/rca-baseline/setup.sh builds (once) the Python 3.11 venv with RCAEval 1.8.1 from PyPI.
 * 2. Ours: `node --import tsx src/main.ts eval rca --dataset DIR --json`, or the RESULT/JSON in --ours-json FILE.
 * 3. Theirs: run_rcaeval.py in that venv.
 * Prints one markdown table and, last, `RESULT {"ours", "baselines", "oursAtLeastBaro", ...}`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { atLeast, caseMismatch, extractResultJson, markdownTable, parseMethodScore, type MethodScore } from './scores.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    methods: { type: 'string', default: 'baro,nsigma' },
    'ours-json': { type: 'string' },
    timeout: { type: 'string', default: '60' },
  },
});

function fail(message: string): never {
  console.error(`rca-baseline: ${message}`);
  process.exit(2);
}

if (!values.dataset) fail('--dataset DIR is required (a directory of RCAEval-layout cases)');
const dataset = resolve(values.dataset);
if (!existsSync(dataset) || !statSync(dataset).isDirectory()) fail(`--dataset ${dataset}: not a directory`);
const methods = values.methods.split(',').map((m) => m.trim()).filter(Boolean);
if (!methods.includes('baro')) fail('--methods must include baro: the comparison is against BARO');
const timeoutS = Number(values.timeout);
if (!Number.isFinite(timeoutS) || timeoutS <= 0) fail(`--timeout ${values.timeout}: expected seconds > 0`);

/** Runs a command from the repo root; its stderr and its stdout (echoed to our stderr) stream live. */
function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((done, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      // RESULT lines are long JSON: keep them out of the progress stream.
      process.stderr.write(chunk.split('\n').filter((l) => !l.startsWith('RESULT ')).join('\n'));
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? done(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

async function oursScore(): Promise<MethodScore> {
  const file = values['ours-json'];
  if (file) return parseMethodScore(extractResultJson(readFileSync(file, 'utf8'), file), 'otlp-aiops');
  console.error(`rca-baseline: otlp-aiops eval rca on ${dataset}`);
  const out = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'eval', 'rca', '--dataset', dataset, '--json']);
  return parseMethodScore(extractResultJson(out, 'aiops eval rca'), 'otlp-aiops');
}

async function baselineScores(): Promise<MethodScore[]> {
  const setupOut = await run('bash', [join(here, 'setup.sh')]);
  const python = setupOut.trim().split('\n').pop() ?? '';
  if (!existsSync(python)) fail(`setup.sh did not print a python path (got ${JSON.stringify(python)})`);
  console.error(`rca-baseline: RCAEval ${methods.join(', ')} on ${dataset}`);
  const out = await run(python, [join(here, 'run_rcaeval.py'), '--dataset', dataset, '--methods', methods.join(','), '--timeout', String(timeoutS)]);
  const raw = extractResultJson(out, 'run_rcaeval.py') as { methods?: unknown };
  if (!Array.isArray(raw.methods)) fail('run_rcaeval.py: RESULT has no "methods" list');
  return raw.methods.map((m, i) => parseMethodScore(m, `run_rcaeval.py methods[${i}]`));
}

try {
  const ours = await oursScore();
  const baselines = await baselineScores();
  const baro = baselines.find((b) => b.method === 'BARO');
  if (!baro) fail('run_rcaeval.py returned no BARO score');
  const mismatch = caseMismatch(ours, baro);
  if (mismatch.length > 0) console.error(`rca-baseline: WARNING the two sides scored different cases:\n  ${mismatch.slice(0, 10).join('\n  ')}`);
  console.log(markdownTable([ours, ...baselines]));
  const strip = ({ caseNames: _names, ...score }: MethodScore) => score;
  console.log(`RESULT ${JSON.stringify({ dataset, ours: strip(ours), baselines: baselines.map(strip), sameCases: mismatch.length === 0, oursAtLeastBaro: atLeast(ours, baro) })}`);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
