/** Small parsers for the phrases the deterministic path understands: windows, counts, metrics, services. */

/** "last hour", "past 30 minutes", "last 2h", "today", "last day" → minutes; default when none. */
export function windowMinutes(q: string, fallback = 60): number {
  const s = q.toLowerCase();
  const n = s.match(/(?:last|past|previous|in the last|over the last)\s+(\d+)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)\b/);
  if (n) {
    const v = Number(n[1]);
    const u = n[2]![0];
    return u === 'h' ? v * 60 : u === 'd' ? v * 1440 : v;
  }
  if (/\b(last|past|previous)\s+(hour)\b/.test(s)) return 60;
  if (/\b(last|past)\s+(half[- ]hour)\b/.test(s)) return 30;
  if (/\b(today|last day|past day|24 ?h(ours)?)\b/.test(s)) return 1440;
  return fallback;
}

/** "top 3", "5 slowest" → 3, 5; singular superlatives ("the slowest service") → 1. */
export function topN(q: string): number {
  const m = q.toLowerCase().match(/\btop\s+(\d+)\b|\b(\d+)\s+(?:slowest|busiest|worst|most|highest|services)\b/);
  if (m) return Math.min(50, Number(m[1] ?? m[2]));
  if (/\btop\b/i.test(q) && /\bservices\b/i.test(q)) return 5;
  return /\bservices\b/i.test(q) && !/\bwhich service\b/i.test(q) ? 5 : 1;
}

export type Metric = 'error_rate' | 'errors' | 'requests' | 'rps' | 'p99' | 'p95' | 'p50' | 'max_ms' | 'cpu' | 'memory' | 'log_error';

/** The metric a question is about, or null. Order matters: "error rate" before "errors". */
export function metricOf(q: string): Metric | null {
  const s = q.toLowerCase();
  if (/error[- ]?rate|failure rate|fail(ure|ing)? ratio|percent(age)? of (errors|failures)/.test(s)) return 'error_rate';
  if (/\bp ?95\b|95(th)? percentile/.test(s)) return 'p95';
  if (/\bp ?50\b|median|50(th)? percentile/.test(s)) return 'p50';
  if (/\bp ?99\b|99(th)? percentile|latency|slow(est)?|response time/.test(s)) return 'p99';
  if (/\bmax(imum)? (duration|request time)\b|slowest request/.test(s)) return 'max_ms';
  if (/\bcpu\b/.test(s)) return 'cpu';
  if (/\bmemory\b|\bram\b/.test(s)) return 'memory';
  if (/error logs?|log errors?/.test(s)) return 'log_error';
  if (/requests per second|\brps\b|throughput/.test(s)) return 'rps';
  if (/\berrors?\b|failures?|failed requests/.test(s)) return 'errors';
  if (/requests?|traffic|calls|busiest|load\b/.test(s)) return 'requests';
  return null;
}

/** The known service named in the text (longest match on word boundaries), or null. */
export function serviceIn(q: string, known: readonly string[]): string | null {
  const s = q.toLowerCase();
  const hits = known.filter((k) => new RegExp(`(^|[^a-z0-9-])${k.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`).test(s));
  return hits.sort((a, b) => b.length - a.length)[0] ?? null;
}

/** A service-looking word the person named after "of/for/with/is/on" that is not a known service. */
export function unknownServiceIn(q: string, known: readonly string[]): string | null {
  const common = /^(the|this|that|it|wrong|slow|down|last|past|hour|day|today|errors?|latency|service|services|my|our|a|an|failing|broken|there|going|what|which|up|now|so|high|all|any|thread|incident|incidents|prod|production|happening|doing|rate|p99|we|you|me|us|them)$/;
  for (const m of q.matchAll(/\b(?:of|for|with|is|on|in|does|service)\s+`?([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+|[a-z]{3,})`?(?=\s|$|[?.,!'’])/gi)) {
    const w = m[1]!.toLowerCase();
    if (!common.test(w) && !known.includes(w)) return w;
  }
  return null;
}

export const sqlString = (v: string): string => `'${v.replace(/'/g, "''")}'`;
