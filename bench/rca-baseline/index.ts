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
import { atLeast, caseMismatch, extractResultJson, groupedTable, markdownTable, parseMethodScore, type MethodScore } from './scores.js';

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

/**
 * Ours, in eval rca's default mode (the detector's onset, rows to onset + 3 min, with the call graph) and without
 * the call graph (BARO has none): two rows.
 */
async function oursScores(): Promise<MethodScore[]> {
  const file = values['ours-json'];
  if (file) return [parseMethodScore(extractResultJson(readFileSync(file, 'utf8'), file), 'otlp-aiops')];
  const out: MethodScore[] = [];
  for (const [label, extra] of [['otlp-aiops (detector onset, graph)', []], ['otlp-aiops (detector onset, no graph)', ['--no-graph']]] as const) {
    console.error(`rca-baseline: otlp-aiops eval rca ${extra.join(' ')} on ${dataset}`);
    const text = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'eval', 'rca', '--dataset', dataset, '--json', ...extra]);
    out.push({ ...parseMethodScore(extractResultJson(text, 'aiops eval rca'), 'otlp-aiops'), method: label });
  }
  return out;
}

/** A case's recording day from its optional source.json (`{"day": …}`), for the per-day table. */
function dayOf(caseName: string): string | undefined {
  const path = join(dataset, caseName, 'source.json');
  if (!existsSync(path)) return undefined;
  try {
    const day = (JSON.parse(readFileSync(path, 'utf8')) as { day?: unknown }).day;
    return typeof day === 'string' ? day : undefined;
  } catch {
    return undefined;
  }
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
  const oursRows = await oursScores();
  const ours = oursRows[0];
  const baselines = await baselineScores();
  const baro = baselines.find((b) => b.method === 'BARO');
  if (!baro) fail('run_rcaeval.py returned no BARO score');
  const mismatch = caseMismatch(ours, baro);
  if (mismatch.length > 0) console.error(`rca-baseline: WARNING the two sides scored different cases:\n  ${mismatch.slice(0, 10).join('\n  ')}`);
  console.log(markdownTable([...oursRows, ...baselines]));
  console.log(`\nPer recording day (source.json) and fault kind, AC@1/AC@3 (cases):\n${groupedTable([...oursRows, ...baselines], dayOf)}`);
  const strip = ({ caseNames: _names, perCase: _cases, ...score }: MethodScore) => score;
  console.log(`RESULT ${JSON.stringify({ dataset, ours: strip(ours), oursNoGraph: oursRows[1] ? strip(oursRows[1]) : undefined, baselines: baselines.map(strip), sameCases: mismatch.length === 0, oursAtLeastBaro: atLeast(ours, baro) })}`);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
