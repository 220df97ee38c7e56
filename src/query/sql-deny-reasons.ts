/**
 * Why a name is refused, for the message only: the guard rejects everything outside the allow-lists, and
 * these patterns say what the well-known dangerous ones would have done, so a model stops trying variants.
 */
const FUNCTION_REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^pg_/, 'server administration and catalog functions (pg_*) are blocked'],
  [/^dblink/, 'dblink opens connections to other databases'],
  [/^lo_/, 'large-object functions read and write server files'],
  [/^(set_config|current_setting)$/, 'reading or changing server settings is blocked'],
  [/^(txid_|xid)/, 'transaction-id functions are blocked'],
  [/^(nextval|setval|currval|lastval)$/, 'sequence functions change or reveal sequence state'],
  [/(_to_xml|^xpath|^query_to_)/, 'these functions run SQL text or parse XML'],
  [/^(repeat|lpad|rpad)$/, 'it can allocate huge strings from a tiny input'],
  [/^(version|inet_|current_(user|role|schema|database|catalog)|session_user|has_.*_privilege)/,
    'it reveals server, role or privilege information'],
];

export function functionDenyReason(name: string): string {
  for (const [pattern, reason] of FUNCTION_REASONS) if (pattern.test(name)) return reason;
  return 'it is not on the allow-list of analytics functions';
}

/**
 * `t.f` on a row value means `f(t)` in PostgreSQL (attribute notation), so a column path may hide a call.
 * Column names of our views never look like these.
 */
export function looksLikeHiddenCall(name: string): boolean {
  return FUNCTION_REASONS.slice(0, 8).some(([pattern]) => pattern.test(name));
}

const SYNTAX: Readonly<Record<string, readonly [string, string?]>> = {
  ParamRef: ['A parameter placeholder ($1)', 'Write the values inline.'],
  RangeTableSample: ['TABLESAMPLE'],
  RangeTableFunc: ['XMLTABLE'],
  JsonTable: ['JSON_TABLE', 'Use jsonb_array_elements or jsonb_each in FROM.'],
  XmlExpr: ['An XML function'],
  XmlSerialize: ['XMLSERIALIZE'],
  JsonFuncExpr: ['A SQL/JSON query function (JSON_VALUE, JSON_QUERY, JSON_EXISTS)', 'Use ->, ->> or jsonb_extract_path_text.'],
  CurrentOfExpr: ['WHERE CURRENT OF'],
  MergeSupportFunc: ['MERGE_ACTION()'],
};

/** A readable name for a refused construct and what to write instead. */
export function describeSyntax(nodeType: string): { name: string; hint: string } {
  const [name, hint] = SYNTAX[nodeType] ?? [`The construct ${nodeType}`];
  return { name, hint: hint ?? 'Use plain SELECT syntax over the documented relations.' };
}
