import type { Composer } from '../answer/types.js';
import type { Summarize } from '../conversation/engine.js';
import type { Logger } from '../logger.js';
import type { Lang } from '../retrieval/normalize.js';
import type { NamedEmbeddings } from '../retrieval/index-store.js';
import { createModelClient } from './openai-client.js';
import { createModelComposer } from './model-composer.js';
import { createModelSummarizer } from './model-summarizer.js';
import { createPlanExplainer } from './plan-explainer.js';
import { OpenAICompatibleEmbeddings } from './openai-embeddings.js';

export interface ModelSettings {
  baseURL?: string;
  apiKey?: string;
  /** Generation model; without it the server is used for embeddings only. */
  model?: string;
  embeddingsModel?: string;
  timeoutMs: number;
}

/** Everything an OpenAI-compatible server adds, built on one client. Loaded only when a server is configured. */
export interface ModelKit {
  readonly name: string | null;
  embeddings(): NamedEmbeddings | null;
  composer(offline: Composer): Composer;
  summarizer(fallback: Summarize): Summarize;
  planExplainer(): ((planText: string, lang: Lang) => Promise<string | null>) | undefined;
}

export function createModelKit(s: ModelSettings, logger: Logger): ModelKit {
  const client = createModelClient({ baseURL: s.baseURL, apiKey: s.apiKey, timeoutMs: s.timeoutMs });
  const model = s.model ?? null;
  return {
    name: model,
    embeddings: () => (s.embeddingsModel ? new OpenAICompatibleEmbeddings(client, s.embeddingsModel) : null),
    composer: (offline) => (model ? createModelComposer({ client, model, timeoutMs: s.timeoutMs, offline, logger }) : offline),
    summarizer: (fallback) => (model ? createModelSummarizer({ client, model, timeoutMs: s.timeoutMs, fallback, logger }) : fallback),
    planExplainer: () => (model ? createPlanExplainer({ client, model, timeoutMs: s.timeoutMs, logger }) : undefined),
  };
}
