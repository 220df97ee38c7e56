/**
 * Turns a rule's param templates into concrete params: `{{placeholder}}` substitution, and `replicas`
 * ("+N", "xF" or N) resolved against the current replica count when it is known, bounded by `maxReplicas`.
 */
import type { PLACEHOLDERS } from '../knowledge-schema.js';

export type TemplateValues = Partial<Record<(typeof PLACEHOLDERS)[number], string>>;

type ParamValue = string | number | boolean | string[];

/** A string whose placeholders have no value renders to null, and the param is left out (the executor's default applies). */
export function renderString(template: string, values: TemplateValues): string | null {
  let missing = false;
  const out = template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => {
    const v = values[name as keyof TemplateValues];
    if (v === undefined || v === '') missing = true;
    return v ?? '';
  });
  return missing ? null : out;
}

export function renderParams(params: Readonly<Record<string, ParamValue>>, values: TemplateValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string') {
      const s = renderString(value, values);
      if (s !== null) out[key] = s;
    } else if (Array.isArray(value)) {
      out[key] = value.map((v) => renderString(v, values)).filter((v): v is string => v !== null);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export type ReplicaPlan = { ok: true; replicas: number } | { ok: false; reason: string };

/** Target replicas from a spec and the current count, capped at `max`; refuses when that is no increase. */
export function planReplicas(spec: string | number, current: number, max: number): ReplicaPlan {
  const text = String(spec);
  let wanted: number;
  if (text.startsWith('+')) wanted = current + Number(text.slice(1));
  else if (text.startsWith('x')) wanted = Math.ceil(current * Number(text.slice(1)));
  else wanted = Number(text);
  const replicas = Math.min(wanted, max);
  if (!Number.isFinite(replicas) || replicas <= current) {
    return { ok: false, reason: `already at ${current} replicas (maxReplicas ${max}, wanted ${wanted})` };
  }
  return { ok: true, replicas };
}
