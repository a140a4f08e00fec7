import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export type PromptName = 'system' | 'answer' | 'staff-summary' | 'walkthrough';

const DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));
const cache = new Map<PromptName, string>();

/** Loads a template from prompts/ once. */
export function loadPrompt(name: PromptName, dir = DIR): string {
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = readFileSync(join(dir, `${name}.md`), 'utf8').trim()));
  return text;
}

/**
 * Fills `{{name}}` placeholders in one pass, so a value that itself contains `{{…}}` (user text) is never expanded.
 * An unknown placeholder is a programming error.
 */
export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`prompt placeholder {{${key}}} has no value`);
    return values[key];
  });
}

export const languageName = (lang: 'ko' | 'en') => (lang === 'ko' ? 'Korean (한국어)' : 'English');
