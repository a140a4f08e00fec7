import type OpenAI from 'openai';
import type { Logger } from '../logger.js';
import type { Lang } from '../retrieval/normalize.js';
import { checkGrounding } from './grounding.js';
import { fillPrompt, languageName, loadPrompt } from './prompts.js';
import { withDeadline } from './openai-client.js';

/**
 * A short "what to do first" above a finished registration plan. The plan's lines are numbered for the model; the
 * introduction is shown only if it cites plan lines and states no figure the plan does not (the same check as answers).
 */
export function createPlanExplainer(deps: { client: OpenAI; model: string; timeoutMs: number; logger: Logger }) {
  return async (planText: string, lang: Lang): Promise<string | null> => {
    const lines = planText.split('\n').map((l) => l.trim()).filter(Boolean);
    try {
      const content = fillPrompt(loadPrompt('walkthrough'), { language_name: languageName(lang), plan: lines.map((l, i) => `[${i + 1}] ${l}`).join('\n') });
      const res = await withDeadline(deps.timeoutMs, undefined, (signal) =>
        deps.client.chat.completions.create({ model: deps.model, messages: [{ role: 'user', content }], temperature: 0.1 }, { signal }),
      );
      const text = res.choices[0]?.message?.content?.trim() ?? '';
      const check = checkGrounding({ answer: text, language: lang, question: '', passages: lines });
      if (!check.ok) {
        deps.logger.warn('plan introduction not sent', { reason: check.reason, detail: check.detail });
        return null;
      }
      // The plan lines are not a source list: the markers served the check, the reader does not need them.
      return text.replace(/\s*\[\d+(?:\s*,\s*\d+)*\]/g, '').trim();
    } catch (err) {
      deps.logger.warn('plan introduction failed', { error: (err as Error).message });
      return null;
    }
  };
}
