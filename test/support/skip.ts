/**
 * A test dependency that is missing: skipped with the install hint, except under CI=true, where a skip would hide
 * untested code and is a failure.
 */
export function missing(what: string, hint: string): { skip: string } {
  if (process.env.CI === 'true') throw new Error(hint);
  console.warn(`skipping ${what} tests: ${hint}`);
  return { skip: hint };
}
