/** Deployments seen in the telemetry (src/features/deployments.ts): one row per service and new revision. */
import type { Migration } from './types.js';

export const deployments: Migration = {
  id: 31,
  name: 'deployments',
  up: () => `
CREATE TABLE deployments (
  service           text        NOT NULL,
  at                timestamptz NOT NULL,
  version           text        NOT NULL,
  previous_version  text,
  PRIMARY KEY (service, at, version)
);
CREATE INDEX deployments_at ON deployments (at);
COMMENT ON TABLE deployments IS 'deployments seen in telemetry: a service reported a new service.version or k8s ReplicaSet at this event time';
`,
};
