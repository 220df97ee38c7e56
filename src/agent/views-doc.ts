/** Reads the documented views' comments (`obj_description`/`col_description`) so prompts carry the schema. */
import type { SqlClient } from '../stores/sql-client.js';
import type { ViewDoc } from './deps.js';

export const DOCUMENTED_VIEWS = ['v_service_features', 'v_service_calls', 'v_incidents'] as const;

export async function readViewDocs(client: SqlClient): Promise<ViewDoc[]> {
  const { rows } = await client.query<{ view: string; view_comment: string | null; col: string; type: string; col_comment: string | null }>(
    `SELECT c.relname AS view, obj_description(c.oid, 'pg_class') AS view_comment, a.attname AS col,
            format_type(a.atttypid, a.atttypmod) AS type, col_description(c.oid, a.attnum) AS col_comment
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relname = ANY($1::text[]) ORDER BY c.relname, a.attnum`,
    [[...DOCUMENTED_VIEWS]],
  );
  const byView = new Map<string, ViewDoc>();
  for (const r of rows) {
    const v = byView.get(r.view) ?? { name: r.view, comment: r.view_comment ?? '', columns: [] };
    v.columns.push({ name: r.col, type: r.type, comment: r.col_comment ?? '' });
    byView.set(r.view, v);
  }
  return [...byView.values()];
}

export function renderViewDocs(views: ViewDoc[]): string {
  return views.map((v) => [`${v.name}: ${v.comment}`, ...v.columns.map((c) => `  ${c.name} ${c.type}${c.comment ? ` -- ${c.comment}` : ''}`)].join('\n')).join('\n\n');
}
