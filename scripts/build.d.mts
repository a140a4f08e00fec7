/** Declarations of scripts/build.mjs for the TypeScript scripts that use it (the bench). */
export const ROOT: string;
export const SRC: string;
export const DIST: string;
export function sourceState(): { format: number; node: string; files: number; bytes: number; newest: number };
export function staleness(): string | null;
export function modularizeImports(source: string): string;
export function build(): Promise<{ files: number; ms: number }>;
export function ensureBuilt(opts?: { quiet?: boolean }): Promise<boolean>;
