// The SQL that rounds a measured value before it is grouped: exact below 1024, three significant
// digits above. It bounds the groups a histogram query returns (a float column or a 1 MB text never
// yields millions of distinct values) and still puts each value in its own bin (see disclosure.ts).

/** `x` (a non-negative SQL expression) rounded for grouping; negative values are floored. */
export function coarseValue(x: string): string {
  return `(CASE WHEN (${x}) < 1024 THEN floor(${x})::numeric ELSE round((${x})::numeric, 2 - floor(log((${x})::numeric))::int) END)`;
}
