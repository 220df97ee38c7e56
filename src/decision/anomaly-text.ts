/** Short human descriptions of anomalies for timeline entries. */
import type { Anomaly } from '../core/index.js';

export function describeAnomaly(a: Anomaly): string {
  if (a.feature === 'errorRate') return `${a.service} errorRate ${pct(a.baseline)} → ${pct(a.value)}`;
  const ratio = a.baseline > 0 ? ` (${(a.value / a.baseline).toFixed(1)}×)` : '';
  const unit = a.feature.endsWith('Ms') ? ' ms' : '';
  return `${a.service} ${a.feature} ${num(a.baseline)}${unit} → ${num(a.value)}${unit}${ratio}`;
}

/** At most `max` descriptions, strongest first, with a count of the rest. */
export function describeAnomalies(list: readonly Anomaly[], max = 3): string {
  const sorted = [...list].sort((a, b) => b.score - a.score);
  const shown = sorted.slice(0, max).map(describeAnomaly).join('; ');
  return sorted.length > max ? `${shown}; +${sorted.length - max} more` : shown;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function num(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}
