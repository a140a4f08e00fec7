import type { GlossaryEntry } from '../knowledge/schema.js';
import { normalize } from './normalize.js';

export interface ConceptHit {
  id: string;
  kind: GlossaryEntry['kind'];
  /** For jurisdictions: the profile code the concept maps to (EU member states map to EU). */
  profile?: string;
  start: number;
  end: number;
}

interface Term {
  text: string;
  entry: GlossaryEntry;
  /** Latin terms must stand as whole words; Hangul terms may carry particles and stand inside compounds. */
  wholeWord: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Finds glossary concepts in a text, longest term first, each character claimed once
 * (so 인도네시아 is Indonesia, not India, and "design patent" is a design, not a patent).
 */
export class GlossaryMatcher {
  private readonly terms: Term[];
  readonly entries: ReadonlyMap<string, GlossaryEntry>;

  constructor(entries: GlossaryEntry[]) {
    this.entries = new Map(entries.map((e) => [e.id, e]));
    const terms: Term[] = [];
    for (const entry of entries)
      for (const raw of [...entry.ko, ...entry.en, ...entry.other]) {
        const text = normalize(raw).trim();
        if (text) terms.push({ text, entry, wholeWord: !/[\uAC00-\uD7A3\u3040-\u30ff\u4e00-\u9fff]/.test(text) });
      }
    terms.sort((a, b) => b.text.length - a.text.length);
    this.terms = terms;
  }

  /** One question is matched by several stages (analysis, tokenizer, embedder, confidence): remember recent texts. */
  private readonly recent = new Map<string, readonly ConceptHit[]>();

  /** `text` must already be normalised. The result is shared: do not change it. */
  match(text: string): readonly ConceptHit[] {
    const known = this.recent.get(text);
    if (known) return known;
    const hits = this.scan(text);
    if (this.recent.size >= 2048) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(text, hits);
    return hits;
  }

  private scan(text: string): ConceptHit[] {
    const claimed = new Uint8Array(text.length);
    const hits: ConceptHit[] = [];
    for (const term of this.terms) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(term.text, from);
        if (at < 0) break;
        from = at + 1;
        const end = at + term.text.length;
        if (term.wholeWord && ((at > 0 && WORD_CHAR.test(text[at - 1])) || (end < text.length && WORD_CHAR.test(text[end])))) continue;
        let free = true;
        for (let i = at; i < end && free; i++) if (claimed[i]) free = false;
        if (!free) continue;
        claimed.fill(1, at, end);
        hits.push({ id: term.entry.id, kind: term.entry.kind, profile: term.entry.profile, start: at, end });
      }
    }
    return hits.sort((a, b) => a.start - b.start);
  }
}

/** The token a concept adds to documents and queries; no tokenizer output can look like it. */
export function conceptToken(id: string): string {
  return `§${id.toLowerCase()}`;
}
