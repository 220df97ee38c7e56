/**
 * Untrusted text handling. Telemetry, logs, runbooks and Slack text reach the model only inside a fence that
 * says it is data; what may change anything is decided from the person's own last message, never from them.
 */
import { redact } from '../obs/logger.js';

const REMEDIATION = /\b(restart|reboot|bounce|scale|roll ?back|revert|rate[- ]?limit|throttle|circuit[- ]?break|remediat\w*|mitigat\w*|fix (it|this|that)|propose (an? )?(action|fix|remediation))\b/i;

/** True when the person's own message asks for a change; the gate of every `needsApproval` tool. */
export function asksForRemediation(userMessage: string): boolean {
  return REMEDIATION.test(userMessage);
}

/** Redacts secrets and marks the text as data for the model (HolmesGPT `_ai_safety`). */
export function untrusted(source: string, text: string): string {
  const clean = redact(text).replace(/<\/?untrusted[^>]*>/gi, '');
  return `<untrusted source="${source}">\n${clean}\n</untrusted>`;
}

export { redact };
