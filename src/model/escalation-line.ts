import type { ComposedAnswer } from '../answer/types.js';

type Proposed = NonNullable<ComposedAnswer['proposedEscalation']>;
const REASONS: ReadonlySet<string> = new Set<Proposed[number]>(['goods_detained', 'accused_infringer', 'dispute', 'human_requested']);
const LINE = /^\s*ESCALATE:\s*([a-z_,\s]+?)\s*$/gim;

/**
 * The model may end its answer with `ESCALATE: <reason>` when it sees a case the reading missed (goods held, a company
 * accused, a dispute, a request for a person). The line is taken out before anything else reads the answer; its
 * reasons go to the escalation policy, which can only add an escalation from them, never remove one.
 */
export function takeEscalationLine(text: string): { text: string; proposed: Proposed } {
  const proposed = new Set<Proposed[number]>();
  const rest = text.replace(LINE, (_, list: string) => {
    for (const r of list.split(/[\s,]+/)) if (REASONS.has(r)) proposed.add(r as Proposed[number]);
    return '';
  });
  return { text: rest.trim(), proposed: [...proposed] };
}
