import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { badRequest, tooLarge } from './errors.js';
import { cleanInput } from '../../store/clean.js';

/**
 * Reads and validates a JSON body, with errors that say exactly what is wrong. The body is never read whole before
 * its size is known: a Content-Length above the limit is refused before reading, a streamed body is counted as it
 * arrives and reading stops at the limit (the connection is then closed), and bytes that are not UTF-8 are refused.
 * Strings are cleaned once here (NUL and other control characters, unpaired surrogates), for every store.
 */
/** Decoding is stateless without `stream: true`: one decoder serves every request. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readJson<T extends z.ZodTypeAny>(c: Context, schema: T, maxBytes = 64 * 1024): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw badRequest('send a JSON body with Content-Type: application/json');
  const raw = await readBody(c, maxBytes);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw badRequest('the body is not valid UTF-8');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw badRequest(`malformed JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(cleanInput(data));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    throw badRequest(`invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** The raw body, at most `maxBytes`; past that a 413 and a closed connection (the rest is never read). */
export async function readBody(c: Context, maxBytes: number): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  const refuse = () => {
    // The rest of the body is not read: the connection cannot be reused.
    c.header('Connection', 'close');
    return tooLarge(`the body is larger than ${maxBytes} bytes`);
  };
  if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) throw refuse();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && !incoming.readableDidRead) return readIncoming(incoming, maxBytes, refuse);
  // In-process requests (app.request in tests, other runtimes): the web stream, counted the same way.
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw refuse();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function readIncoming(incoming: IncomingMessage, maxBytes: number, refuse: () => Error): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (err: Error | null, value?: Uint8Array) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onAborted);
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        // Stop reading: nothing more is buffered, and the connection closes after the 413.
        incoming.pause();
        chunks.length = 0;
        return done(refuse());
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(null, Buffer.concat(chunks));
    const onError = (e: Error) => done(Object.assign(new AbortedUploadError(), { cause: e }));
    const onAborted = () => done(new AbortedUploadError());
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onAborted);
  });
}

/** The client went away in the middle of its upload: not our error, nothing to answer. */
export class AbortedUploadError extends Error {
  constructor() {
    super('the client closed the connection during the upload');
  }
}
