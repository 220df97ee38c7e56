/** Every migration in order. Add a file `NNNN-name.ts` and append it here; never edit an applied one. */
import { init } from './0001-init.js';
import { views } from './0002-views.js';
import { timescalePolicies } from './0003-timescale-policies.js';
import { actions } from './0004-actions.js';
import { detectorModels } from './0020-detector-models.js';
import { deployments } from './0031-deployments.js';
import type { Migration } from './types.js';

export type { Migration, MigrationEnv } from './types.js';
export const MIGRATIONS: readonly Migration[] = [init, views, timescalePolicies, actions, detectorModels, deployments];
