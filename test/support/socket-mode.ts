import { createServer, type IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';

/**
 * Slack's Socket Mode side on loopback: a WebSocket endpoint (RFC 6455, text frames, ping/pong, close) that says
 * `hello`, pushes envelopes and records the acks the app sends back.
 */
export async function startSocketModeServer() {
  const acks: Array<{ envelope_id: string; payload: unknown }> = [];
  const sockets = new Set<Duplex>();
  let onConnect: (() => void) | null = null;

  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const key = req.headers['sec-websocket-key'];
    if (!key) return socket.destroy();
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const frame = readFrame(buf);
        if (!frame) break;
        buf = buf.subarray(frame.length);
        if (frame.opcode === 0x1) acks.push(JSON.parse(frame.payload.toString('utf8')));
        else if (frame.opcode === 0x9) socket.write(writeFrame(0xa, frame.payload)); // ping → pong
        else if (frame.opcode === 0x8) socket.end(writeFrame(0x8, Buffer.alloc(0)));
      }
    });
    send(socket, { type: 'hello', num_connections: 1, debug_info: { host: 'loopback' }, connection_info: { app_id: 'A1' } });
    onConnect?.();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };

  const send = (socket: Duplex, message: object) => socket.write(writeFrame(0x1, Buffer.from(JSON.stringify(message))));
  return {
    url: `ws://127.0.0.1:${port}/link`,
    acks,
    connected: () => sockets.size > 0,
    /** Sends an Events API envelope to every connected client. */
    pushEvent(envelopeId: string, event: Record<string, unknown>) {
      for (const s of sockets)
        send(s, { envelope_id: envelopeId, type: 'events_api', accepts_response_payload: false, retry_attempt: 0, payload: { type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `Ev-${envelopeId}`, event_time: Math.floor(Date.now() / 1000), event } });
    },
    waitForConnection: () => new Promise<void>((r) => (sockets.size ? r() : (onConnect = r))),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function writeFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

/** One client frame (clients always mask), or null when more bytes are needed. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0] & 0x0f;
  const masked = (buf[1] & 0x80) !== 0;
  let len = buf[1] & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const maskAt = at;
  if (masked) at += 4;
  if (buf.length < at + len) return null;
  const payload = Buffer.from(buf.subarray(at, at + len));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buf[maskAt + (i % 4)];
  return { opcode, payload, length: at + len };
}
