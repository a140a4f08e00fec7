import type { Understanding } from '../understanding/understand.js';
import type { WalkState } from './walkthrough/state.js';

/** Where a turn goes. Each kind has one handler in the engine. */
export type Route =
  | { kind: 'person' }
  | { kind: 'feedback'; action: string }
  | { kind: 'help'; paused: boolean }
  | { kind: 'walk_start'; action?: string }
  | { kind: 'walk_step'; input: { text?: string; action?: string } }
  | { kind: 'case_update' }
  | { kind: 'smalltalk'; intent: 'thanks' | 'bye' | 'ack' }
  | { kind: 'coverage' }
  | { kind: 'case_status' }
  | { kind: 'question' };

export interface RouteInput {
  text: string;
  action?: string;
  /** The reading of `text`; absent for a button press. */
  u?: Understanding;
  /** The walkthrough as stored, finished or not. */
  walk?: WalkState;
  /** An urgent case (goods held, company accused) is open in this conversation. */
  openCase: boolean;
}

const EDIT_TARGET: Array<[RegExp, string]> = [
  [/market|country|시장|국가|나라/i, 'market'],
  [/right|권리/i, 'right'],
  [/agent|대리인/i, 'agent'],
  [/regist|등록\s*여부/i, 'registered'],
  [/detail|상세|정보/i, 'details'],
];

/** A pure choice of path from the message, its reading and the conversation's state: no I/O, no side effects. */
export function route({ text, action, u, walk, openCase }: RouteInput): Route {
  const active = walk && !walk.done ? walk : undefined;
  if (action === 'person') return { kind: 'person' };
  if (action?.startsWith('feedback:')) return { kind: 'feedback', action };
  if (action === 'help') return { kind: 'help', paused: Boolean(active?.paused) };
  if (action === 'wt:start') return { kind: 'walk_start' };
  // Any answer can be changed from the finished plan, and an old first-step button starts a walkthrough again.
  if (action?.startsWith('wt:edit:') && walk) return { kind: 'walk_step', input: { action } };
  if (action?.startsWith('wt:market:') && !active) return { kind: 'walk_start', action };
  if (action?.startsWith('wt:') && active) return { kind: 'walk_step', input: { action } };
  if (action) return { kind: 'help', paused: Boolean(active?.paused) };
  if (!u) return { kind: 'help', paused: false };

  const s = u.situation;
  // A date or a place given after a detention belongs to that case: it recomputes the deadline.
  const onlyAboutTheCase = !u.fields.some((f) => f !== 'holder_deadline' && f !== 'detention') && !s.wantsPerson.on && !s.dispute.on;
  if (openCase && onlyAboutTheCase && (u.day || (u.places.covered.length && !u.fields.length)) && u.intent !== 'start_walkthrough') return { kind: 'case_update' };
  // "When will someone answer?" is about the request already with staff.
  if (u.intent === 'case_status') return { kind: 'case_status' };
  // Goods held, a dispute, a request for a person: these come before any step of a walkthrough.
  if (s.goodsHeld.on || s.accused.on || s.dispute.on || s.wantsPerson.on) return { kind: 'question' };
  if (u.intent === 'start_walkthrough' && !active) return { kind: 'walk_start' };
  if (u.intent === 'change_plan' && walk) {
    const target = EDIT_TARGET.find(([re]) => re.test(text))?.[1] ?? 'market';
    return { kind: 'walk_step', input: { action: `wt:edit:${target}` } };
  }
  if (active && (!active.paused || u.intent === 'resume')) return { kind: 'walk_step', input: active.paused ? { action: 'wt:resume' } : { text } };
  if (u.intent === 'help' || u.intent === 'greeting') return { kind: 'help', paused: Boolean(active?.paused) };
  if (u.intent === 'coverage') return { kind: 'coverage' };
  if (u.intent === 'thanks' || u.intent === 'bye' || u.intent === 'ack') return { kind: 'smalltalk', intent: u.intent };
  return { kind: 'question' };
}
