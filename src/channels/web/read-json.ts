import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest, tooLarge } from './errors.js';

/** Reads and validates a JSON body, with errors that say exactly what is wrong. */
export async function readJson<T extends z.ZodTypeAny>(c: Context, schema: T, maxBytes = 64 * 1024): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw badRequest('send a JSON body with Content-Type: application/json');
  const raw = await c.req.text();
  if (Buffer.byteLength(raw) > maxBytes) throw tooLarge(`the body is larger than ${maxBytes} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw badRequest(`malformed JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    throw badRequest(`invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}
