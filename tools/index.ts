import type { AnyTool } from '../src/core/index.js';
import { getActionStatus } from './get-action-status.js';
import { getIncident } from './get-incident.js';
import { getServiceGraph } from './get-service-graph.js';
import { listIncidents } from './list-incidents.js';
import { listServices } from './list-services.js';
import { proposeAction } from './propose-action.js';
import { queryFeatures } from './query-features.js';
import { queryPromql } from './query-promql.js';
import { querySql } from './query-sql.js';
import { runDetector } from './run-detector.js';
import { runRca } from './run-rca.js';
import { searchKnowledge } from './search-knowledge.js';
import { summarizeThread } from './summarize-thread.js';

/** Every agent tool, in the order offered to a model. */
export const ALL_TOOLS: readonly AnyTool[] = [
  listServices, queryFeatures, listIncidents, getIncident, runRca, runDetector, getServiceGraph,
  querySql, queryPromql, searchKnowledge, proposeAction, getActionStatus, summarizeThread,
];
