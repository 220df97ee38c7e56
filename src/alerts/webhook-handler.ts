/**
 * `POST /api/alerts/alertmanager`: Alertmanager's webhook receiver. Answers 200 with what happened to each alert
 * (Alertmanager retries on 5xx only, so a malformed body is answered 400 and is not retried forever).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readJson, sendJson } from '../api/http-kit.js';
import type { AlertIntake } from './alert-intake.js';

/** Alertmanager sends at most `max_alerts` per notification (0 = all): a storm is a few MiB at most. */
const MAX_BODY = 16 * 1024 * 1024;

export function createAlertmanagerWebhook(intake: AlertIntake): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const body = await readJson(req, MAX_BODY);
    const r = await intake.receive(body);
    if (!r.ok) throw new HttpError(400, `not an Alertmanager webhook payload (version 4): ${r.reason}`);
    sendJson(res, 200, r.summary);
  };
}
