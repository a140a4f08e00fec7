import 'dotenv/config';
import { createLogger, type Logger } from './logger.js';
import type { Config } from './config.js';
import { openKnowledge, type OpenKnowledge } from './retrieval/open-knowledge.js';
import { KnowledgeError } from './knowledge/load.js';
import { createOfflineComposer } from './answer/offline-composer.js';
import { createAnswerer, type Answerer } from './answer/answerer.js';
import { createAsk, type Ask } from './conversation/ask.js';
import type { Lang } from './retrieval/normalize.js';
import { openUnderstanding } from './understanding/open.js';
import type { Understand } from './understanding/understand.js';
import { join } from 'node:path';
import countries from './core/countries.js';
import { RIGHT_LABELS } from './knowledge/labels.js';
import type { ModelKit } from './model/model-kit.js';

/**
 * The core every entry point shares (the server, the CLIs): knowledge, retrieval, understanding, composer, the ask
 * use case. Kept apart from main.ts so that a CLI that only asks loads none of the conversation engine, the store or
 * the web side.
 */
export interface Core {
  config: Config;
  logger: Logger;
  knowledge: OpenKnowledge;
  answerer: Answerer;
  /** Reads each message once: language, places, right, fields asked, situation, dates. */
  understand: Understand;
  ask: Ask;
  nameOf: (id: string, lang: Lang) => string;
  /** What an OpenAI-compatible model server adds, when one is configured. */
  model: ModelKit | null;
}

/**
 * A model server is used when it has an address or a key. Its client library is loaded only then, like Slack's and
 * PostgreSQL's: the embedded default does not carry them in memory.
 */
async function modelServer(config: Config, logger: Logger): Promise<ModelKit | null> {
  if (!config.OPENAI_BASE_URL && !config.OPENAI_API_KEY) return null;
  const { createModelKit } = await import('./model/model-kit.js');
  return createModelKit(
    { baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, model: config.OPENAI_MODEL, embeddingsModel: config.EMBEDDINGS_MODEL, timeoutMs: config.OPENAI_TIMEOUT_MS },
    logger,
  );
}

export async function assembleCore(config: Config, logger = createLogger(config.LOG_LEVEL), opts: { rebuildIndex?: boolean } = {}): Promise<Core> {
  const kit = await modelServer(config, logger);
  const remoteEmbeddings = kit?.embeddings() ?? null;
  const open = (remote: boolean) =>
    openKnowledge({
      knowledgeDir: config.knowledgeDir,
      indexDir: config.indexDir,
      log: (m) => logger.info(m),
      rebuild: opts.rebuildIndex,
      makeEmbeddings: remote && remoteEmbeddings ? () => remoteEmbeddings : undefined,
      onVectorError: (err) => logger.warn('embeddings server failed; answering from BM25 alone', { error: (err as Error).message }),
    });
  let knowledge: OpenKnowledge;
  try {
    knowledge = await open(true);
  } catch (err) {
    if (!remoteEmbeddings || err instanceof KnowledgeError) throw err;
    // The embeddings server is optional: start on the local embedder rather than not at all.
    logger.error('embeddings server unusable; using the local embedder', { error: (err as Error).message });
    knowledge = await open(false);
  }
  const profiles = new Map(knowledge.kb.profiles.map((p) => [p.code, p]));
  const titleCase = (s: string) => s.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
  const nameOf = (id: string, lang: Lang) => {
    const glossaryName = knowledge.matcher.entries.get(id)?.[lang][0];
    return profiles.get(id)?.name[lang] ?? (glossaryName ? (lang === 'en' ? titleCase(glossaryName) : glossaryName) : (countries.getName(id, lang) ?? id));
  };
  const composer = createOfflineComposer({
    tokenizer: knowledge.tokenizer,
    nameOf,
    covered: [...profiles.keys()],
    threshold: config.ANSWER_CONFIDENCE_THRESHOLD,
    recordableRights: (code) => profiles.get(code)?.recordableRights,
    rightName: (right, lang) => RIGHT_LABELS[right as keyof typeof RIGHT_LABELS]?.[lang] ?? right,
  });
  const answerer = createAnswerer({ retriever: knowledge.retriever, composer: kit ? kit.composer(composer) : composer });
  const { understand } = openUnderstanding({
    glossary: knowledge.kb.glossary,
    matcher: knowledge.matcher,
    tokenizer: knowledge.tokenizer,
    covered: new Set(profiles.keys()),
    labelledDir: join(config.knowledgeDir, 'understanding'),
    cacheDir: config.indexDir,
  });
  return { config, logger, knowledge, answerer, understand, ask: createAsk(answerer, understand), nameOf, model: kit };
}

