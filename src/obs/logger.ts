/**
 * Structured logger to stderr (stdout belongs to CLI output). Every message and field passes through
 * `redact`, so a token or password that slips into a log line is masked before it is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /xapp-[A-Za-z0-9-]{10,}/g,
  /sk-(?:ant-)?[A-Za-z0-9_-]{16,}/g, // OpenAI / Anthropic keys
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /(postgres(?:ql)?|neo4j(?:\+s)?|bolt|redis|mysql|mongodb(?:\+srv)?):\/\/([^:/\s]+):([^@\s]+)@/gi,
  /\b(Bearer\s+)[A-Za-z0-9._~+/-]{12,}=*/gi,
  /\b(password|passwd|secret|token|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
];

/** Masks credentials in free text. Used by the logger and before anything reaches an LLM. */
export function redact(text: string): string {
  let out = text;
  out = out.replace(SECRET_PATTERNS[0]!, '[REDACTED]');
  out = out.replace(SECRET_PATTERNS[1]!, '[REDACTED]');
  out = out.replace(SECRET_PATTERNS[2]!, '[REDACTED]');
  out = out.replace(SECRET_PATTERNS[3]!, '[REDACTED]');
  out = out.replace(SECRET_PATTERNS[4]!, (_m, scheme: string, user: string) => `${scheme}://${user}:[REDACTED]@`);
  out = out.replace(SECRET_PATTERNS[5]!, (_m, bearer: string) => `${bearer}[REDACTED]`);
  out = out.replace(SECRET_PATTERNS[6]!, (_m, key: string, sep: string) => `${key}${sep}[REDACTED]`);
  return out;
}

function redactValue(v: unknown): unknown {
  if (typeof v === 'string') return redact(v);
  if (v instanceof Error) return redact(v.stack ?? v.message);
  if (Array.isArray(v)) return v.map(redactValue);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) o[k] = /secret|token|password|apikey|api_key/i.test(k) ? '[REDACTED]' : redactValue(val);
    return o;
  }
  return v;
}

export function createLogger(opts: { level?: LogLevel; write?: (line: string) => void; base?: Record<string, unknown> } = {}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = opts.base ?? {};
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const rec = { time: new Date().toISOString(), level, msg: redact(msg), ...(redactValue({ ...base, ...fields }) as object) };
    write(JSON.stringify(rec));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}

/** A logger that keeps nothing (tests, `--json` CLI runs). */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
