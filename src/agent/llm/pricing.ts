/**
 * USD per million tokens [input, output] for the models we expect; an unknown model costs 0 and the cost
 * counter stays flat (tokens are still counted). Prices from the vendors' public pricing pages, 2025.
 */
const PRICES: [RegExp, number, number][] = [
  [/^gpt-4o-mini/, 0.15, 0.6],
  [/^gpt-4o/, 2.5, 10],
  [/^gpt-4\.1-nano/, 0.1, 0.4],
  [/^gpt-4\.1-mini/, 0.4, 1.6],
  [/^gpt-4\.1/, 2, 8],
  [/^gpt-5-mini/, 0.25, 2],
  [/^gpt-5/, 1.25, 10],
  [/^o4-mini/, 1.1, 4.4],
  [/^claude-.*haiku/, 0.8, 4],
  [/^claude-.*sonnet/, 3, 15],
  [/^claude-.*opus/, 15, 75],
];

export function costUsd(model: string, inputTokens: number, outputTokens: number): number {
  const p = PRICES.find(([re]) => re.test(model));
  return p ? (inputTokens * p[1] + outputTokens * p[2]) / 1_000_000 : 0;
}
