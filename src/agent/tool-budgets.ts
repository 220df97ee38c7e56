/**
 * Per-tool output budgets: how many characters of one tool's result may enter the model's context, and a budget
 * for all tool results of one question, so no single tool (a wide SQL result, a long thread) can flood it.
 */

/** Tools whose results grow with the data get less than the loop's general cap. */
export const TOOL_RESULT_CHARS: Readonly<Record<string, number>> = {
  query_sql: 4_000,
  query_promql: 4_000,
  query_features: 4_000,
  get_service_graph: 3_000,
  search_knowledge: 3_000,
  summarize_thread: 3_000,
};

export interface ResultBudget {
  /** Characters the next result of `tool` may use (the remaining total, at most the tool's own cap). */
  take(tool: string): number;
  spend(chars: number): void;
}

/** `perResult`: the loop's general cap; `total`: all tool results of one question together. */
export function createResultBudget(perResult: number, total = perResult * 4): ResultBudget {
  let left = total;
  return {
    take: (tool) => Math.max(200, Math.min(TOOL_RESULT_CHARS[tool] ?? perResult, perResult, left)),
    spend(chars) {
      left = Math.max(0, left - chars);
    },
  };
}
