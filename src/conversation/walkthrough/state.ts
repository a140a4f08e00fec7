import type { RightKind } from '../../knowledge/schema.js';

export const STEPS = ['market', 'right', 'registered', 'register_first', 'details', 'fakes', 'licensees', 'agent'] as const;
export type StepId = (typeof STEPS)[number];

export interface Answers {
  markets?: string[];
  right?: RightKind;
  registered?: 'yes' | 'pending' | 'no' | 'unsure';
  details?: string;
  fakes?: string;
  licensees?: string;
  agent?: 'have' | 'none' | 'need_help';
}

/** Kept in the conversation's state, so a walkthrough survives restarts and can be resumed days later. */
export interface WalkState {
  step: StepId;
  answers: Answers;
  /** Steps answered, most recent last: "back" pops this. */
  trail: StepId[];
  paused: boolean;
  /** Set when the plan was produced; the walkthrough is then finished. */
  done: boolean;
}

export const newWalk = (): WalkState => ({ step: 'market', answers: {}, trail: [], paused: false, done: false });
