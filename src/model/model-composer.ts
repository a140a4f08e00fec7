import type OpenAI from 'openai';
import type { Composer, ComposeInput, ComposedAnswer } from '../answer/types.js';
import type { RetrievedPassage } from '../retrieval/hybrid-retriever.js';
import type { Logger } from '../logger.js';
import { collectCitations } from '../answer/citations.js';
import { checkGrounding } from './grounding.js';
import { fillPrompt, languageName, loadPrompt } from './prompts.js';
import { withDeadline } from './openai-client.js';
import { modelEvents } from './model-events.js';
import { releaseBySentence } from './guarded-stream.js';
import { takeEscalationLine } from './escalation-line.js';

export interface ModelComposerDeps {
  client: OpenAI;
  model: string;
  timeoutMs: number;
  /** The offline composer: decides "not sure", and answers whenever the model's answer cannot be sent. */
  offline: Composer;
  logger: Logger;
  maxPassages?: number;
}

/**
 * Answers with a model over the numbered passages. The offline composer runs first: when it is not sure (uncovered
 * country, low confidence, unconfirmed fact) its honest answer stands and the model is not asked. A model answer is
 * sent only if it passes the grounding check; otherwise, and on timeouts and errors, the offline answer is.
 * Nothing the model wrote reaches `onDelta` before the whole answer has passed the check: the model's tokens are
 * collected, checked, and only the checked, final text is released, sentence by sentence.
 */
export function createModelComposer(deps: ModelComposerDeps): Composer {
  const maxPassages = deps.maxPassages ?? 6;
  const system = loadPrompt('system');
  const secretLines = system.split('\n').map((l) => l.trim());
  const hostsOf = (p: RetrievedPassage) =>
    p.chunk.citations.flatMap((c) => {
      try {
        return [new URL(c.url).hostname.toLowerCase()];
      } catch {
        return [];
      }
    });
  return {
    id: `model:${deps.model}`,
    usesHistory: true,
    async compose(input: ComposeInput): Promise<ComposedAnswer> {
      const offline = await deps.offline.compose({ ...input, onDelta: undefined });
      if (offline.notSure) {
        input.onDelta?.(offline.text);
        return offline;
      }
      const passages = uniquePassages(input.passages).slice(0, maxPassages);
      const lang = input.language;
      const fallback = (reason: string, detail?: unknown) => {
        deps.logger.warn('model answer not sent; offline answer used', { reason, detail: detail instanceof Error ? detail.message : detail, model: deps.model });
        modelEvents.fallback(reason);
        input.onDelta?.(offline.text);
        return { ...offline, composer: `offline (model fallback: ${reason})` };
      };

      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
        { role: 'system', content: fillPrompt(system, { language_name: languageName(lang) }) },
        {
          role: 'user',
          content: fillPrompt(loadPrompt('answer'), {
            passages: passages.map((p, i) => `[${i + 1}] ${p.chunk.title} (verified ${p.chunk.verified})\n${p.chunk.text}`).join('\n\n'),
            history: (input.history ?? []).slice(-6).map((t) => `${t.role}: ${t.text.slice(0, 500)}`).join('\n') || '(none)',
            question: input.question,
            language_name: languageName(lang),
          }),
        },
      ];

      let text = '';
      let proposed: NonNullable<ComposedAnswer['proposedEscalation']> = [];
      try {
        text = await withDeadline(deps.timeoutMs, input.signal, async (signal) => {
          const stream = await deps.client.chat.completions.create({ model: deps.model, messages, temperature: 0.1, stream: true }, { signal });
          let acc = '';
          for await (const chunk of stream) {
            const delta = chunk.choices[0]?.delta?.content ?? '';
            if (!delta) continue;
            acc += delta;
            // Bounded: a model that does not stop is cut, and the cut answer is checked like any other.
            if (acc.length > 8000) break;
          }
          return acc;
        });
      } catch (err) {
        return fallback(input.signal?.aborted ? 'aborted' : /timed out|abort/i.test(String((err as Error)?.message)) ? 'timeout' : 'error', err);
      }
      ({ text, proposed } = takeEscalationLine(text));

      const check = checkGrounding({
        answer: text,
        language: lang,
        question: input.question,
        passages: passages.map((p) => `${p.chunk.title}\n${p.chunk.text}`),
        secretLines,
        systemPrompt: system,
        passageHosts: passages.map(hostsOf),
        asked: input.analysis.jurisdictions,
      });
      // A rejected answer is not sent, but a case the model saw still reaches the policy (it can only add one).
      if (!check.ok) return { ...fallback(check.reason, check.detail), proposedEscalation: proposed };

      const cited = check.cited.map((n) => passages[n - 1].chunk);
      const citations = collectCitations(cited);
      // The reader sees a numbered source list: point each [n] at the source it came from.
      const renumbered = text.trim().replace(/\[(\d+(?:\s*,\s*\d+)*)\]/g, (_, list: string) => {
        const nums = list.split(',').map((n) => {
          const url = passages[Number(n.trim()) - 1].chunk.citations[0]?.url;
          return citations.findIndex((c) => c.url === url) + 1;
        });
        return [...new Set(nums.filter((n) => n > 0))].map((n) => `[${n}]`).join('');
      });
      // Only now, checked, does the model's text go out (sentence by sentence); rejected text never did.
      await releaseBySentence(renumbered, input.onDelta);
      // Citations travel as data on the answer; each channel renders its own numbered list.
      return { text: renumbered, language: lang, citations, confidence: offline.confidence, notSure: null, used: cited, composer: `model:${deps.model}`, proposedEscalation: proposed };
    },
  };
}

function uniquePassages(passages: RetrievedPassage[]): RetrievedPassage[] {
  const seen = new Set<string>();
  return passages.filter((p) => (seen.has(p.chunk.pairKey) ? false : (seen.add(p.chunk.pairKey), true)));
}
