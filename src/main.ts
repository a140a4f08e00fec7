import 'dotenv/config';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openKnowledge, type OpenKnowledge } from './retrieval/open-knowledge.js';
import { createOfflineComposer } from './answer/offline-composer.js';
import { createAnswerer, type Answerer } from './answer/answerer.js';
import { createAsk, type Ask } from './conversation/ask.js';
import { createWebApp } from './channels/web/app.js';
import { askRoutes } from './channels/web/ask-routes.js';
import { startHttpServer, type RunningServer } from './channels/web/server.js';
import type { Lang } from './retrieval/normalize.js';

/** The core every entry point shares: knowledge, retrieval, composer, the ask use case. */
export interface Core {
  config: Config;
  logger: Logger;
  knowledge: OpenKnowledge;
  answerer: Answerer;
  ask: Ask;
  nameOf: (id: string, lang: Lang) => string;
}

export async function assembleCore(config: Config, logger = createLogger(config.LOG_LEVEL), opts: { rebuildIndex?: boolean } = {}): Promise<Core> {
  const knowledge = await openKnowledge({
    knowledgeDir: config.knowledgeDir,
    indexDir: config.indexDir,
    log: (m) => logger.info(m),
    rebuild: opts.rebuildIndex,
  });
  const profiles = new Map(knowledge.kb.profiles.map((p) => [p.code, p]));
  const titleCase = (s: string) => s.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
  const nameOf = (id: string, lang: Lang) => {
    const glossaryName = knowledge.matcher.entries.get(id)?.[lang][0];
    return profiles.get(id)?.name[lang] ?? (glossaryName ? (lang === 'en' ? titleCase(glossaryName) : glossaryName) : id);
  };
  const composer = createOfflineComposer({
    tokenizer: knowledge.tokenizer,
    nameOf,
    covered: [...profiles.keys()],
    threshold: config.ANSWER_CONFIDENCE_THRESHOLD,
  });
  const answerer = createAnswerer({ retriever: knowledge.retriever, composer });
  return { config, logger, knowledge, answerer, ask: createAsk(answerer), nameOf };
}

export async function startServer(config: Config, logger = createLogger(config.LOG_LEVEL)): Promise<RunningServer> {
  const core = await assembleCore(config, logger);
  const web = createWebApp({
    logger,
    routes: [askRoutes(core.ask)],
    health: () => ({ chunks: core.knowledge.index.chunks.length, knowledge: core.knowledge.kb.hash }),
  });
  const running = await startHttpServer({ web, port: config.PORT, host: config.HOST });
  logger.info('listening', { url: running.url, chunks: core.knowledge.index.chunks.length });
  return running;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  startServer(config, logger).then(
    (running) => {
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (e) => {
      logger.error('failed to start', { error: (e as Error).stack ?? String(e) });
      process.exit(1);
    },
  );
}
