import { Hono } from 'hono';
import { z } from 'zod';
import type { Ask } from '../../conversation/ask.js';
import { InvalidQuestionError, MAX_QUESTION_CHARS } from '../../conversation/ask.js';
import { badRequest } from './errors.js';
import { readJson } from './read-json.js';
import { defaultGuards, type WebGuards } from './guards.js';
import { clientAddress } from './client-address.js';

const askBody = z.object({ q: z.string({ required_error: 'field "q" (the question) is required' }), lang: z.enum(['ko', 'en']).optional() }).strict();

/** `POST /api/ask`: one stand-alone question, the same JSON as `npm run ask -- --json`. */
export function askRoutes(ask: Ask, guards: WebGuards = defaultGuards()) {
  return new Hono().post('/api/ask', async (c) => {
    // With a model configured each question is a paid call.
    await guards.limits.consume(c, 'ask', clientAddress(c, guards.trustProxy));
    const body = await readJson(c, askBody, MAX_QUESTION_CHARS * 4 + 1024);
    try {
      return c.json(await ask(body.q, { languageHint: body.lang }));
    } catch (e) {
      if (e instanceof InvalidQuestionError) throw badRequest(e.message);
      throw e;
    }
  });
}
