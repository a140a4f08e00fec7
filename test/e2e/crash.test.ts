import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The server is killed with SIGKILL while turns are in flight. Every turn whose reply the client received must be
 * stored after a restart, and a turn resent with the same Idempotency-Key must be stored exactly once. Turns sent
 * before grow the write-ahead log past the size at which checkpoints start in their worker thread, so the kill also
 * lands while the log is being checkpointed.
 */
const dir = mkdtempSync(join(tmpdir(), 'cia-crash-'));
const children: ChildProcess[] = [];

function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), INDEX_DIR: join(dir, 'index'), LOG_LEVEL: 'info', RATE_MESSAGES: '1000/1m', RATE_MESSAGES_ADDRESS: '1000/1m', DATABASE_URL: '', SLACK_BOT_TOKEN: '', OPENAI_BASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'listening') resolve({ url: entry.url, child });
      } catch {
        /* not a log line */
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('a crash mid-turn', () => {
  it('loses nothing that was acknowledged and answers a resent turn once', async () => {
    let { url, child } = await startServer();
    // Earlier turns in another conversation: a few MB of log, so the checkpoint worker is running.
    const earlier = await (await fetch(`${url}/api/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    const EARLIER = 120;
    for (let i = 0; i < EARLIER; i++) {
      const r = await fetch(`${url}/api/conversations/${earlier.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${earlier.token}` },
        body: JSON.stringify({ text: i % 2 ? `What documents does Japan customs need? (${i})` : `베트남 세관 등록 절차와 서류는? (${i})` }),
      });
      expect(r.status).toBe(200);
    }
    const conv = await (await fetch(`${url}/api/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    const headers = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${conv.token}`, 'idempotency-key': key });
    const texts = Array.from({ length: 40 }, (_, i) => (i % 2 ? `How long is a China recordation valid? #${i}` : `중국 세관 등록 수수료는 얼마인가요? #${i}`));
    const acked = new Map<string, string>();
    const sends = texts.map((text, i) =>
      fetch(`${url}/api/conversations/${conv.conversationId}/messages`, { method: 'POST', headers: headers(`turn-${i}`), body: JSON.stringify({ text }) })
        .then(async (r) => {
          if (r.ok) acked.set(`turn-${i}`, (await r.json()).text);
        })
        .catch(() => {}),
    );
    // Kill once some turns are acknowledged and others are still being written.
    await expect.poll(() => acked.size, { timeout: 30_000, interval: 5 }).toBeGreaterThan(3);
    child.kill('SIGKILL');
    await Promise.all(sends);
    expect(acked.size).toBeLessThan(texts.length);

    ({ url, child } = await startServer());
    const stored = async () => (await (await fetch(`${url}/api/conversations/${conv.conversationId}/messages?limit=200`, { headers: headers('read') })).json()).messages as Array<{ role: string; text: string }>;
    const before = await stored();
    for (const [key, reply] of acked) {
      const i = Number(key.slice(5));
      expect(before.filter((m) => m.role === 'user' && m.text === texts[i])).toHaveLength(1);
      expect(before.some((m) => m.role === 'assistant' && m.text === reply)).toBe(true);
    }

    // The client resends every turn with its key: acknowledged ones get the same reply, none is stored twice.
    for (let i = 0; i < texts.length; i++) {
      const r = await fetch(`${url}/api/conversations/${conv.conversationId}/messages`, { method: 'POST', headers: headers(`turn-${i}`), body: JSON.stringify({ text: texts[i] }) });
      expect(r.status).toBe(200);
      const body = await r.json();
      if (acked.has(`turn-${i}`)) expect(body.text).toBe(acked.get(`turn-${i}`));
    }
    const after = await stored();
    for (const text of texts) expect(after.filter((m) => m.role === 'user' && m.text === text)).toHaveLength(1);
    expect(after.filter((m) => m.role === 'assistant')).toHaveLength(texts.length);
    // The earlier conversation is whole too.
    const page = await (await fetch(`${url}/api/conversations/${earlier.conversationId}/messages?limit=200`, { headers: { authorization: `Bearer ${earlier.token}` } })).json();
    const older = page.before ? (await (await fetch(`${url}/api/conversations/${earlier.conversationId}/messages?limit=200&before=${page.before}`, { headers: { authorization: `Bearer ${earlier.token}` } })).json()).messages : [];
    expect([...older, ...page.messages].filter((m: { role: string }) => m.role === 'user')).toHaveLength(EARLIER);
  });
});
