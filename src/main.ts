/** bin entry: argv → cli. The only place that calls process.exit. */
import { runCli } from './cli/index.js';

const code = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  env: process.env,
});
// Let stdout drain before exiting so a piped --json document is never cut.
process.stdout.write('', () => process.exit(code));
