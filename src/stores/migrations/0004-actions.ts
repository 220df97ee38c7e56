/**
 * Remediation actions, their append-only audit trail and the embedded driver's durable runs. The audit is
 * append-only by trigger (not by convention): an UPDATE or DELETE raises, so a step once recorded stays.
 */
import type { Migration } from './types.js';

const STATUSES = `'proposed', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'compensated'`;

export const actions: Migration = {
  id: 4,
  name: 'actions',
  up: () => `
CREATE TABLE actions (
  id                 text             PRIMARY KEY,
  incident_id        text             NOT NULL,
  type               text             NOT NULL,
  status             text             NOT NULL CHECK (status IN (${STATUSES})),
  risk_score         double precision NOT NULL CHECK (risk_score >= 0 AND risk_score <= 1),
  requires_approval  boolean          NOT NULL,
  decided_by         text,
  created_at         timestamptz      NOT NULL DEFAULT now(),
  updated_at         timestamptz      NOT NULL DEFAULT now(),
  doc                jsonb            NOT NULL
);
CREATE INDEX actions_status ON actions (status, created_at DESC);
CREATE INDEX actions_incident ON actions (incident_id, created_at DESC);

CREATE TABLE action_audit (
  seq          bigserial   PRIMARY KEY,
  action_id    text        NOT NULL REFERENCES actions (id),
  incident_id  text        NOT NULL,
  at           timestamptz NOT NULL,
  actor        text        NOT NULL,
  event        text        NOT NULL,
  detail       text        NOT NULL,
  evidence     jsonb       NOT NULL DEFAULT '[]'
);
CREATE INDEX action_audit_action ON action_audit (action_id, seq);
CREATE INDEX action_audit_incident ON action_audit (incident_id, seq);

CREATE FUNCTION action_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'action_audit is append-only (% refused)', TG_OP;
END
$fn$;
CREATE TRIGGER action_audit_no_change BEFORE UPDATE OR DELETE ON action_audit
  FOR EACH ROW EXECUTE FUNCTION action_audit_append_only();

CREATE TABLE remediation_runs (
  action_id   text        PRIMARY KEY REFERENCES actions (id),
  phase       text        NOT NULL,
  data        jsonb       NOT NULL DEFAULT '{}',
  wake_at     timestamptz NOT NULL,
  signalled   boolean     NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX remediation_runs_due ON remediation_runs (wake_at) WHERE phase <> 'done';
`,
};
