import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';

export interface ModelRequest {
  path: string;
  body: Record<string, any>;
}

export interface ModelBehaviour {
  /** Answer text; streamed in pieces when the client asks for a stream. */
  content?: string;
  status?: number;
  delayMs?: number;
}

/**
 * A local server that speaks the OpenAI API (chat completions with and without streaming, embeddings, errors),
 * for the real `openai` client. Tests choose what it answers; it records every request.
 */
export async function startOpenAiApi() {
  const requests: ModelRequest[] = [];
  let chat: (req: ModelRequest) => ModelBehaviour = () => ({ content: 'ok [1]' });
  let embeddingsFail = false;

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : {};
    const path = (req.url ?? '').replace(/\?.*$/, '');
    requests.push({ path, body });
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    if (path.endsWith('/embeddings')) {
      if (embeddingsFail) return json(503, { error: { message: 'embeddings unavailable', type: 'server_error' } });
      const input: string[] = Array.isArray(body.input) ? body.input : [body.input];
      return json(200, { object: 'list', model: body.model, data: input.map((t, index) => ({ object: 'embedding', index, embedding: hashVector(t) })), usage: { prompt_tokens: 1, total_tokens: 1 } });
    }
    if (!path.endsWith('/chat/completions')) return json(404, { error: { message: `no route ${path}` } });
    const b = chat({ path, body });
    if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
    if (res.destroyed) return;
    if (b.status && b.status >= 400) return json(b.status, { error: { message: 'model server failure', type: 'server_error' } });
    const content = b.content ?? '';
    const base = { id: 'chatcmpl-test', created: 1_764_000_000, model: body.model };
    if (!body.stream)
      return json(200, { ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const pieces = content.match(/[\s\S]{1,12}/g) ?? [];
    const send = (delta: object, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    send({ role: 'assistant', content: '' });
    for (const p of pieces) {
      send({ content: p });
      await new Promise((r) => setTimeout(r, 2));
    }
    send({}, 'stop');
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith('/chat/completions')),
    onChat(fn: (req: ModelRequest) => ModelBehaviour) {
      chat = fn;
    },
    failEmbeddings(fail: boolean) {
      embeddingsFail = fail;
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Deterministic 64-dimension vectors from word hashes, so similar texts land near each other. */
function hashVector(text: string): number[] {
  const v = new Array(64).fill(0);
  for (const w of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    const h = createHash('md5').update(w).digest();
    v[h[0] % 64] += h[1] & 1 ? 1 : -1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/** The numbered passages the model was given in the request: [n] title line, then text. */
export function passagesOf(req: ModelRequest): Array<{ n: number; title: string; text: string }> {
  const user = req.body.messages.find((m: any) => m.role === 'user')?.content ?? '';
  const out: Array<{ n: number; title: string; text: string }> = [];
  for (const m of user.matchAll(/^\[(\d+)\] (.*)\n([\s\S]*?)(?=\n\n\[\d+\] |\n\nConversation so far:)/gm)) out.push({ n: Number(m[1]), title: m[2], text: m[3] });
  return out;
}
