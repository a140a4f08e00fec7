/** Names shared by the bench script and its workers (kept apart so the main process loads no engine code). */
export const ENGINES = ['hybrid', 'minisearch', 'hnswlib', 'memory'] as const;
export type EngineName = (typeof ENGINES)[number];
