import type { App } from '@slack/bolt';
import type { Assistant } from '../../conversation/engine.js';
import type { Store } from '../../store/types.js';
import type { Logger } from '../../logger.js';

/** What every listener needs; built once in createSlackApp. */
export interface SlackDeps {
  assistant: Assistant;
  store: Store;
  logger: Logger;
  staffChannel: string | null;
  botUserId: string | null;
  /** Stream answers as they are written (a model composes them); the offline composer answers at once. */
  stream: boolean;
}

export type Register = (app: App, deps: SlackDeps) => void;
