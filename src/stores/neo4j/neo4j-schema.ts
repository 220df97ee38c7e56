/** Constraints and indexes of the service graph; every statement is idempotent (IF NOT EXISTS). */

/**
 * `GraphNode` is the label every service, database and external system carries next to its kind label:
 * GraphEdge names nodes by name only, so a name must be unique across kinds, and MERGE needs one label to
 * look a name up by whatever kind it was first seen as.
 */
export const SCHEMA_STATEMENTS: readonly string[] = [
  'CREATE CONSTRAINT graph_node_name IF NOT EXISTS FOR (n:GraphNode) REQUIRE n.name IS UNIQUE',
  'CREATE CONSTRAINT service_name_unique IF NOT EXISTS FOR (n:Service) REQUIRE n.name IS UNIQUE',
  'CREATE CONSTRAINT database_name_unique IF NOT EXISTS FOR (n:Database) REQUIRE n.name IS UNIQUE',
  'CREATE CONSTRAINT external_service_name_unique IF NOT EXISTS FOR (n:ExternalService) REQUIRE n.name IS UNIQUE',
  'CREATE CONSTRAINT operation_key IF NOT EXISTS FOR (o:Operation) REQUIRE (o.service, o.name) IS UNIQUE',
  // The idempotency key of a window, and (equality on the first three, range on windowStart) the index
  // every range aggregation seeks.
  'CREATE CONSTRAINT edge_window_key IF NOT EXISTS FOR (w:EdgeWindow) REQUIRE (w.caller, w.callee, w.resolution, w.windowStart) IS UNIQUE',
  'CREATE INDEX edge_window_time IF NOT EXISTS FOR (w:EdgeWindow) ON (w.windowStart)',
  'CREATE INDEX graph_node_last_seen IF NOT EXISTS FOR (n:GraphNode) ON (n.lastSeen)',
  'CREATE INDEX calls_last_seen IF NOT EXISTS FOR ()-[e:CALLS]-() ON (e.lastSeen)',
  'CREATE INDEX accesses_last_seen IF NOT EXISTS FOR ()-[e:ACCESSES]-() ON (e.lastSeen)',
];

/** Index population is asynchronous; queries right after ensureSchema should already use the indexes. */
export const AWAIT_INDEXES = 'CALL db.awaitIndexes(60)';
