/** Numbers and times for evidence strings: units per feature, UTC clock times. */
import type { Anomaly, FeatureName } from '../core/index.js';

export const FEATURE_LABEL: Record<FeatureName, string> = {
  errorRate: 'error rate',
  p50Ms: 'p50',
  p95Ms: 'p95',
  p99Ms: 'p99',
  selfMs: 'self time per request',
  throughput: 'throughput',
  cpu: 'cpu',
  memory: 'memory',
  gcMs: 'gc time',
  poolUse: 'pool use',
  logError: 'error logs',
};

/** `10:38` (UTC) for an epoch ms. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

export function formatValue(feature: FeatureName, v: number): string {
  switch (feature) {
    case 'errorRate':
      return `${(v * 100).toFixed(1)}%`;
    case 'p50Ms':
    case 'p95Ms':
    case 'p99Ms':
    case 'selfMs':
    case 'gcMs':
      return `${round(v)} ms`;
    case 'throughput':
      return `${round(v)} req/s`;
    case 'memory':
      return bytes(v);
    case 'cpu':
    case 'poolUse':
      return v <= 1 ? `${(v * 100).toFixed(0)}%` : round(v);
    default:
      return round(v);
  }
}

/** `p99 of payments 42 ms → 310 ms (7.4×) from 10:38` */
export function describeChange(a: Anomaly, onsetMs: number): string {
  const ratio = a.baseline > 0 ? ` (${ratioText(a.value / a.baseline)})` : '';
  return `${FEATURE_LABEL[a.feature] ?? a.feature} of ${a.service} ${formatValue(a.feature, a.baseline)} → ${formatValue(a.feature, a.value)}${ratio} from ${clock(onsetMs)}`;
}

export function ratioText(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

export function round(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return Number(v.toPrecision(3)).toString();
}

function bytes(v: number): string {
  if (v >= 1 << 30) return `${(v / (1 << 30)).toFixed(2)} GiB`;
  if (v >= 1 << 20) return `${(v / (1 << 20)).toFixed(0)} MiB`;
  return round(v);
}

export function listNames(names: readonly string[], max = 4): string {
  return names.length > max ? `${names.slice(0, max).join(', ')} +${names.length - max} more` : names.join(', ');
}
