import type OpenAI from 'openai';
import type { Summarize } from '../conversation/engine.js';
import type { Logger } from '../logger.js';
import { fillPrompt, languageName, loadPrompt } from './prompts.js';
import { withDeadline } from './openai-client.js';
import { checkSummary } from './answer-guard.js';
import { extractFigures } from './grounding.js';
import { modelEvents } from './model-events.js';

/**
 * Staff summaries written by the model, checked like answers (nothing the transcript does not hold: no link, figure,
 * promise, mention or prompt text); the deterministic summariser answers on any failure or refusal.
 */
export function createModelSummarizer(deps: { client: OpenAI; model: string; timeoutMs: number; fallback: Summarize; logger: Logger }): Summarize {
  return async (input) => {
    try {
      const content = fillPrompt(loadPrompt('staff-summary'), {
        language_name: languageName(input.language),
        reason: input.reason,
        jurisdiction: input.jurisdiction ?? '-',
        right: input.right ?? '-',
        transcript: input.transcript.slice(-20).map((t) => `${t.role}: ${t.text.slice(0, 800)}`).join('\n'),
      });
      const res = await withDeadline(deps.timeoutMs, undefined, (signal) =>
        deps.client.chat.completions.create({ model: deps.model, messages: [{ role: 'user', content }], temperature: 0 }, { signal }),
      );
      const text = res.choices[0]?.message?.content?.trim();
      if (!text) throw new Error('empty summary');
      const transcript = input.transcript.map((t) => t.text).join('\n');
      const check = checkSummary(text.slice(0, 1000), transcript, { figures: extractFigures, jurisdiction: input.jurisdiction });
      if (!check.ok) {
        modelEvents.fallback(`summary_${check.reason}`);
        throw new Error(`summary refused: ${check.reason}`);
      }
      return text.slice(0, 1000);
    } catch (err) {
      deps.logger.warn('model summary failed; deterministic summary used', { error: (err as Error).message });
      return deps.fallback(input);
    }
  };
}
