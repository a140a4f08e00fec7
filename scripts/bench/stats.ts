/** Small numeric and formatting helpers shared by the bench script and its workers. */

/** Nearest-rank percentile of unsorted samples (p in 0..100). */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const s = Float64Array.from(samples).sort();
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank];
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

/** Milliseconds since `t0` (a `process.hrtime.bigint()`), as a float. */
export const msSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** A Markdown table from rows of cells; numbers printed as given (format them before). */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** A number for a table: fixed digits, or '—' when absent. */
export const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** The largest sample (a loop: spreading hundreds of thousands of samples into Math.max overflows the stack). */
export function maxOf(samples: number[]): number {
  let m = -Infinity;
  for (const x of samples) if (x > m) m = x;
  return samples.length ? m : NaN;
}
