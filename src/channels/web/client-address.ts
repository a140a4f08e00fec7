import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

/**
 * The client's address for limits and logs. X-Forwarded-For is believed only for the number of proxies the operator
 * says are in front (TRUST_PROXY): the address each trusted proxy appended, counted from the right. Anything a client
 * wrote itself sits further left and is ignored.
 */
export function addressOf(incoming: IncomingMessage | undefined, trustProxy: number, forwardedFor?: string | null): string {
  const socket = normalise(incoming?.socket?.remoteAddress ?? 'unknown');
  if (!trustProxy || !forwardedFor) return socket;
  const hops = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The last entry was written by the nearest proxy; with N trusted proxies the client is the Nth from the right.
  const pick = hops[hops.length - trustProxy];
  return pick && /^[0-9a-fA-F:.]{2,45}$/.test(pick) ? normalise(pick) : socket;
}

const normalise = (a: string) => a.replace(/^::ffff:/, '');

export function clientAddress(c: Context, trustProxy: number): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return addressOf(incoming, trustProxy, c.req.header('x-forwarded-for'));
}

export const isLoopback = (address: string) => address === '127.0.0.1' || address === '::1' || address.startsWith('127.');
