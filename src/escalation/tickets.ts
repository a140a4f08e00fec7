import type { TicketRecord, TicketStatus } from '../store/types.js';
import type { TicketInfo } from '../core/reply.js';

/** Allowed moves of the ticket lifecycle: open → claimed → answered → resolved (a reply may come before a claim). */
const MOVES: Record<'claim' | 'reply' | 'resolve' | 'reopen', TicketStatus[]> = {
  claim: ['open', 'answered'],
  reply: ['open', 'claimed', 'answered'],
  resolve: ['open', 'claimed', 'answered'],
  reopen: ['resolved'],
};

export class TicketTransitionError extends Error {
  constructor(
    readonly ticketId: number,
    readonly from: TicketStatus,
    readonly action: string,
  ) {
    super(`ticket #${ticketId} is ${from}: it cannot be ${action === 'reply' ? 'replied to' : `${action}ed`}`);
  }
}

export function assertMove(t: TicketRecord, action: keyof typeof MOVES): void {
  if (!MOVES[action].includes(t.status)) throw new TicketTransitionError(t.id, t.status, action);
}

export const ticketInfo = (t: TicketRecord): TicketInfo => ({ id: t.id, priority: t.priority, reason: t.reason, status: t.status, deadline: t.deadline });

const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2 } as const;
/** Urgent first, then the nearest deadline, then the oldest. */
export function compareTickets(a: TicketRecord, b: TicketRecord): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') ||
    a.createdAt.localeCompare(b.createdAt)
  );
}
