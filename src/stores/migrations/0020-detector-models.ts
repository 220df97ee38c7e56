/**
 * The detector model registry: one row per model version (the whole ModelRecord as jsonb, status as a column so a
 * partial unique index allows one active model per kind) and an append-only audit of registrations, promotions,
 * rollbacks, shadow comparisons and drift. The ONNX files live beside the database (AIOPS_DATA_DIR/models).
 */
import type { Migration } from './types.js';

export const detectorModels: Migration = {
  id: 20,
  name: 'detector-models',
  up: () => `
CREATE TABLE detector_models (
  id          text        PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('iforest', 'sequence')),
  version     integer     NOT NULL,
  status      text        NOT NULL CHECK (status IN ('shadow', 'active', 'retired')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  doc         jsonb       NOT NULL,
  UNIQUE (kind, version)
);
CREATE UNIQUE INDEX detector_models_one_active ON detector_models (kind) WHERE status = 'active';

CREATE TABLE detector_model_audit (
  seq       bigserial   PRIMARY KEY,
  model_id  text        NOT NULL,
  at        timestamptz NOT NULL,
  actor     text        NOT NULL,
  event     text        NOT NULL,
  detail    text        NOT NULL
);
CREATE INDEX detector_model_audit_model ON detector_model_audit (model_id, seq);
CREATE FUNCTION detector_model_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'detector_model_audit is append-only'; END $$;
CREATE TRIGGER detector_model_audit_no_change BEFORE UPDATE OR DELETE ON detector_model_audit
  FOR EACH ROW EXECUTE FUNCTION detector_model_audit_append_only();
`,
};
