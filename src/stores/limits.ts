/**
 * Rows per upsert statement. Parameters are arrays (one per column), so this bounds statement size and
 * lock time, not the 65535-parameter limit; 2000 rows keep one statement around a megabyte with sketches.
 */
export const FEATURE_CHUNK_ROWS = 2000;
export const EDGE_CHUNK_ROWS = 2000;
