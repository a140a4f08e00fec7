import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const SITUATIONS = ['goods_held', 'accused', 'dispute', 'wants_person', 'frustrated', 'hypothetical'] as const;
export type Situation = (typeof SITUATIONS)[number];

/** One labelled user message, as staff add them (see README, "How understanding works"). */
export const labelledMessage = z
  .object({
    lang: z.enum(['ko', 'en']),
    text: z.string().trim().min(1),
    situation: z.array(z.enum(SITUATIONS)).default([]),
    /** Profile codes, ISO codes of uncovered places, or "?" for a name that is no place we know. */
    places: z.array(z.string().regex(/^([A-Z]{2}|\?)$/)).optional(),
    fields: z.array(z.string()).optional(),
    intent: z.enum(['question', 'thanks', 'greeting', 'bye', 'ack']).default('question'),
  })
  .strict();
export type LabelledMessage = z.infer<typeof labelledMessage> & { id: string; file: string; heldOut: boolean };

/**
 * Every labelled message under `dir` (one JSON object per line). One in five is held out for evaluation, chosen by
 * a hash of its text, so an example stays on its side of the split when others are added or the files reordered.
 */
export function loadLabelledSet(dir: string): { examples: LabelledMessage[]; hash: string; problems: string[] } {
  const examples: LabelledMessage[] = [];
  const problems: string[] = [];
  const hash = createHash('sha256');
  if (!existsSync(dir)) return { examples, hash: 'none', problems };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    hash.update(file).update(text);
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const parsed = labelledMessage.safeParse(JSON.parse(line));
        if (!parsed.success) problems.push(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
        else {
          const id = createHash('sha1').update(parsed.data.text).digest('hex');
          examples.push({ ...parsed.data, id, file, heldOut: parseInt(id.slice(0, 8), 16) % 5 === 0 });
        }
      } catch (e) {
        problems.push(`${file}:${i + 1}: ${(e as Error).message}`);
      }
    });
  }
  return { examples, hash: hash.digest('hex'), problems };
}
