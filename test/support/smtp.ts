import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

const decodeQ = (s: string) => Buffer.from(s.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), joined as one header value. */
function decodeHeader(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) => (enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQ(data)));
}

function parse(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const cte = header('Content-Transfer-Encoding').toLowerCase();
  let text = body;
  if (cte === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable') text = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return { subject: decodeHeader(header('Subject')), text: text.replace(/\r\n/g, '\n').trim() };
}

/** A real SMTP server on loopback that keeps what it receives (no TLS, no authentication). */
export async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; waitFor: (pred: (m: ReceivedMail) => boolean, ms?: number) => Promise<ReceivedMail>; stop: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, ...parse(Buffer.from(raw, 'latin1').toString('utf8')) });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const waitFor = async (pred: (m: ReceivedMail) => boolean, ms = 10_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const hit = mails.find(pred);
      if (hit) return hit;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no such e-mail within ${ms} ms; received: ${mails.map((m) => m.subject).join(' | ') || 'none'}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, Math.min(left, 250));
      });
    }
  };
  return { url: `smtp://127.0.0.1:${port}`, mails, waitFor, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
