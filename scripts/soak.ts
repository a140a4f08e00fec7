/**
 * npm run soak [-- --duration 60 --conversations 200 --quick]
 *
 * The server as `npm start` runs it (its own process, heap capped), on loopback only, under three loads at once for a
 * fixed time: legitimate widget conversations (each from its own address, a message every few seconds, an event
 * stream open), a stream flood (one token and a few addresses opening event streams as fast as they are answered),
 * and a sign-in flood (wrong passwords from one address on 20 connections) while a real staff member signs in now and
 * then from elsewhere. Reports errors seen by the legitimate clients, crashes, the server's peak RSS and /healthz
 * latency. Everything is bounded: loopback only, fixed duration, fixed concurrency, the server killed at the end.
 * The addresses are X-Forwarded-For values the server believes (TRUST_PROXY=1), as behind one reverse proxy.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as ufetch } from 'undici';
import { createStore } from '../src/store/index.js';
import { addStaffUser } from '../src/escalation/staff-accounts.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const QUICK = args.includes('--quick');
const DURATION_S = Math.min(opt('duration', QUICK ? 15 : 60), 600);
const CONVERSATIONS = Math.min(opt('conversations', QUICK ? 50 : 200), 500);
const STREAM_FLOODERS = 40;
const SIGNIN_FLOODERS = 20;
const HEAP_MB = Number(process.env.SERVER_HEAP_MB ?? 192);
const NO_STREAM_FLOOD = args.includes('--no-stream-flood');
/** Each load runs in its own process, so a busy client never shows up as server latency in the probe. */
const ROLE = args.includes('--role') ? args[args.indexOf('--role') + 1] : null;
const NO_SIGNIN_FLOOD = args.includes('--no-signin-flood');

const QUESTIONS = [
  '중국 세관 상표 등록 유효기간은?',
  'How long is a China customs recordation valid?',
  '베트남 세관 등록 수수료는 얼마인가요?',
  'What documents does Japan customs need?',
  'EU customs application: how long does it take?',
  '미국 CBP 상표 등록 절차 알려줘',
  'Thailand customs recordation fee?',
  '고맙습니다',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const rssOf = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};
const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cia-soak-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    INDEX_DIR: process.env.INDEX_DIR ?? '.index',
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    STAFF_ADMINS: '',
    DATABASE_URL: '',
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    OPENAI_BASE_URL: '',
    OPENAI_API_KEY: '',
  };
  // A staff account for the real sign-ins, in the server's own database.
  const store = await createStore({ sqliteFile: join(dir, 'data', 'assistant.sqlite') });
  await store.migrate();
  await addStaffUser(store, 'staff@soak.example', 'the real staff password');
  await store.close();

  const say = (s: string) => process.stderr.write(`${s}\n`);
  let crashes = 0;
  let stopping = false;
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=8', `--max-old-space-size=${HEAP_MB}`, 'scripts/run.mjs', 'main'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      crashes++;
      say(`server exited during the run (code ${code}, signal ${signal}): ${err.slice(-1500)}`);
    }
  });
  say(`soak: starting the server on ${url} (heap cap ${HEAP_MB} MB)…`);
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (crashes || Date.now() - started > 180_000) throw new Error(`server did not start: ${err}`);
    await sleep(250);
  }
  const startRss = rssOf(child.pid!);
  say(`soak: server ready, RSS ${startRss.toFixed(0)} MB; ${CONVERSATIONS} conversations${NO_STREAM_FLOOD ? '' : `, stream flood (${STREAM_FLOODERS})`}${NO_SIGNIN_FLOOD ? '' : `, sign-in flood (${SIGNIN_FLOODERS})`} for ${DURATION_S} s`);

  const deadline = Date.now() + DURATION_S * 1000;
  const roles = ['legit', ...(NO_STREAM_FLOOD ? [] : ['streams']), ...(NO_SIGNIN_FLOOD ? [] : ['signins'])];
  const self = fileURLToPath(import.meta.url);
  const results: Record<string, any> = {};
  const workers = roles.map(
    (role) =>
      new Promise<void>((resolve) => {
        const w = fork(self, ['--role', role, '--url', url, '--deadline', String(deadline), '--conversations', String(CONVERSATIONS)], { execArgv: ['--import', 'tsx'] });
        // The clients share this machine's cores with the server; in life they run elsewhere. They yield to it.
        try {
          setPriority(w.pid!, 10);
        } catch {
          /* not allowed: the numbers will be more pessimistic */
        }
        const killer = setTimeout(() => w.kill('SIGKILL'), DURATION_S * 1000 + 60_000);
        w.on('message', (m) => (results[role] = m));
        w.on('exit', () => {
          clearTimeout(killer);
          resolve();
        });
      }),
  );

  const healthz: number[] = [];
  let healthzErrors = 0;
  const rss: number[] = [];
  const t0 = Date.now();
  while (Date.now() < deadline && !crashes) {
    const t = performance.now();
    try {
      const r = await fetch(`${url}/healthz`);
      await r.arrayBuffer();
      if (r.ok) healthz.push(performance.now() - t);
      else healthzErrors++;
    } catch {
      healthzErrors++;
    }
    rss.push(rssOf(child.pid!));
    await sleep(100);
  }
  await Promise.all(workers);
  const tookS = (Date.now() - t0) / 1000;
  stopping = true;
  const endRss = rssOf(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  rmSync(dir, { recursive: true, force: true });

  const legit = results.legit ?? {};
  const streams = results.streams ?? {};
  const signins = results.signins ?? {};
  const result = {
    date: new Date().toISOString().slice(0, 10),
    durationS: Math.round(tookS),
    conversations: CONVERSATIONS,
    legitRequests: legit.requests,
    legitMessagesAnswered: legit.messages,
    legitErrors: legit.errors ?? 1,
    legitStreamEvents: legit.streamEvents,
    legitStreamDrops: legit.streamDrops,
    staffSignIns: legit.staffSignIns,
    staffSignInFailures: legit.staffFailures,
    staffSignInP99Ms: legit.staffP99Ms,
    floodStreamRequests: streams.requests ?? 0,
    floodStreams429: streams.refused ?? 0,
    floodStreamsHeld: streams.held ?? 0,
    floodSignIns: signins.requests ?? 0,
    floodSignIns429: signins.refused ?? 0,
    crashes,
    startRssMb: Math.round(startRss),
    peakRssMb: Math.round(Math.max(...rss, endRss)),
    healthzP50Ms: Math.round(pct(healthz, 50) * 10) / 10,
    healthzP99Ms: Math.round(pct(healthz, 99) * 10) / 10,
    healthzErrors,
    errorSamples: legit.errorSamples ?? [],
  };
  const pass = result.legitErrors === 0 && result.crashes === 0 && result.peakRssMb < 300 && result.healthzP99Ms < 200 && result.healthzErrors === 0;
  process.stdout.write(`${JSON.stringify({ ...result, pass }, null, 2)}\n`);
  if (process.env.SOAK_OUT) writeFileSync(process.env.SOAK_OUT, JSON.stringify({ ...result, pass }, null, 2));
  process.exit(pass ? 0 : 1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * As the widget does: a request that failed on the network (not with an HTTP answer) is sent again, twice at most,
 * with the same Idempotency-Key; only a failure after that counts as an error.
 */
async function retried<T>(send: () => Promise<T>): Promise<T | Error> {
  let last: Error = new Error('not sent');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await send();
    } catch (e) {
      last = e as Error;
      await sleep(1000);
    }
  }
  return last;
}
const addr = (a: number, b: number) => `10.${a}.${Math.floor(b / 250)}.${(b % 250) + 1}`;

/** One load, in its own process, until the deadline; its counts go back to the parent. */
async function worker(role: string) {
  const url = args[args.indexOf('--url') + 1];
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error('the soak runs against loopback only');
  const deadline = Number(args[args.indexOf('--deadline') + 1]);
  const running = () => Date.now() < deadline;
  const legit = new Agent({ connections: CONVERSATIONS * 2 + 20, keepAliveTimeout: 4000 });
  const attacker = new Agent({ connections: STREAM_FLOODERS + SIGNIN_FLOODERS + 10, keepAliveTimeout: 4000 });
  const stats = {
    legit: { requests: 0, errors: 0, messages: 0, streamEvents: 0, streamDrops: 0, errorSamples: [] as string[] },
    staff: { signIns: 0, failures: 0, latencies: [] as number[] },
    flood: { streamRequests: 0, streams429: 0, streamsHeld: 0, signInRequests: 0, signIns429: 0 },
  };
  const legitError = (what: string) => {
    stats.legit.errors++;
    if (stats.legit.errorSamples.length < 10) stats.legit.errorSamples.push(what);
  };

  // --- legitimate widget conversations ---
  const conversation = async (i: number) => {
    const ip = addr(1, i);
    const headers = { 'x-forwarded-for': ip };
    await sleep(Math.random() * 3000);
    stats.legit.requests++;
    const created = await retried(() => ufetch(`${url}/api/conversations`, { method: 'POST', headers, dispatcher: legit }));
    if (created instanceof Error || created.status !== 201) return legitError(`create: ${created instanceof Error ? `${created.message} (${(created.cause as { code?: string })?.code ?? created.cause})` : created.status}`);
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const ctl = new AbortController();
    const stream = (async () => {
      const res = await ufetch(`${url}/api/conversations/${conversationId}/events?token=${token}`, { headers, dispatcher: legit, signal: ctl.signal });
      if (res.status !== 200) return legitError(`stream: ${res.status}`);
      const reader = res.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        stats.legit.streamEvents += (new TextDecoder().decode(value).match(/^event: message\.created$/gm) ?? []).length;
      }
    })().catch((e: Error) => {
      if (e.name !== 'AbortError' && running()) stats.legit.streamDrops++;
    });
    let n = 0;
    while (running()) {
      const text = QUESTIONS[(i + n++) % QUESTIONS.length];
      stats.legit.requests++;
      const r = await retried(() =>
        ufetch(`${url}/api/conversations/${conversationId}/messages`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `soak-${i}-${n}` },
          body: JSON.stringify({ text }),
          dispatcher: legit,
        }),
      );
      if (r instanceof Error) legitError(`message: ${r.message} (${(r.cause as { code?: string })?.code ?? r.cause})`);
      else if (r.status !== 200) legitError(`message: ${r.status} ${(await r.text()).slice(0, 120)}`);
      else {
        await r.arrayBuffer();
        stats.legit.messages++;
      }
      await sleep(3500 + Math.random() * 2500); // a person reading and typing: about 12 messages a minute at most
    }
    ctl.abort();
    await stream;
  };

  // --- stream flood: one token, a few addresses, as many streams as the server will take, held open ---
  const flood = async () => {
    const res = await ufetch(`${url}/api/conversations`, { method: 'POST', headers: { 'x-forwarded-for': '10.66.0.1' }, dispatcher: attacker });
    const { conversationId, token } = (await res.json()) as { conversationId: string; token: string };
    const held: AbortController[] = [];
    const worker = async (w: number) => {
      while (running()) {
        const ctl = new AbortController();
        stats.flood.streamRequests++;
        const r = await ufetch(`${url}/api/conversations/${conversationId}/events?token=${token}`, { headers: { 'x-forwarded-for': `10.66.0.${(w % 5) + 1}` }, dispatcher: attacker, signal: ctl.signal }).catch(() => null);
        if (!r) continue;
        if (r.status === 200) {
          stats.flood.streamsHeld++;
          held.push(ctl);
          await sleep(1000);
        } else {
          if (r.status === 429) stats.flood.streams429++;
          await r.arrayBuffer().catch(() => {});
        }
      }
    };
    await Promise.all(Array.from({ length: STREAM_FLOODERS }, (_, w) => worker(w)));
    for (const h of held) h.abort();
  };

  // --- sign-in flood from one address, and a real staff member signing in from elsewhere ---
  const signInFlood = async () => {
    const worker = async (w: number) => {
      while (running()) {
        stats.flood.signInRequests++;
        const r = await ufetch(`${url}/staff/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.77.0.1' },
          body: JSON.stringify({ email: w % 2 ? 'staff@soak.example' : `guess${w}@soak.example`, password: `guess-${Math.random()}` }),
          dispatcher: attacker,
        }).catch(() => null);
        if (r?.status === 429) stats.flood.signIns429++;
        await r?.arrayBuffer().catch(() => {});
      }
    };
    await Promise.all(Array.from({ length: SIGNIN_FLOODERS }, (_, w) => worker(w)));
  };
  const realStaff = async () => {
    while (running()) {
      await sleep(5000);
      const t = performance.now();
      const r = await ufetch(`${url}/staff/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.2.0.1' },
        body: JSON.stringify({ email: 'staff@soak.example', password: 'the real staff password' }),
        dispatcher: legit,
      }).catch((e: Error) => e);
      stats.staff.signIns++;
      stats.staff.latencies.push(performance.now() - t);
      if (r instanceof Error || r.status !== 200) {
        stats.staff.failures++;
        legitError(`staff sign-in: ${r instanceof Error ? r.message : r.status}`);
      } else await r.arrayBuffer();
    }
  };

  if (role === 'legit') {
    await Promise.all([...Array.from({ length: CONVERSATIONS }, (_, i) => conversation(i)), realStaff()]);
    process.send!({
      ...stats.legit,
      staffSignIns: stats.staff.signIns,
      staffFailures: stats.staff.failures,
      staffP99Ms: Math.round(pct(stats.staff.latencies, 99)),
    });
  } else if (role === 'streams') {
    await flood();
    process.send!({ requests: stats.flood.streamRequests, refused: stats.flood.streams429, held: stats.flood.streamsHeld });
  } else {
    await signInFlood();
    process.send!({ requests: stats.flood.signInRequests, refused: stats.flood.signIns429 });
  }
  await legit.close().catch(() => {});
  await attacker.close().catch(() => {});
}

(ROLE ? worker(ROLE) : main()).then(
  () => (ROLE ? process.exit(0) : undefined),
  (e) => {
    process.stderr.write(`soak failed: ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  },
);
