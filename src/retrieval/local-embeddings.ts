import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { normalize } from './normalize.js';
import { baseTokens } from './tokenize.js';
import { GlossaryMatcher, conceptToken } from './glossary-matcher.js';

/**
 * A deterministic local embedder: signed feature hashing of word, bigram and character-trigram features,
 * plus glossary concepts weighted up so a Korean text and its English counterpart land near each other.
 * No model download, same vectors on every machine.
 */
export class LocalHashEmbeddings extends Embeddings {
  readonly id: string;

  constructor(
    private readonly matcher: GlossaryMatcher,
    readonly dimensions = 384,
    params: EmbeddingsParams = {},
  ) {
    super({ maxRetries: 0, ...params });
    this.id = `local-hash-v1-${dimensions}`;
  }

  embedQuery(text: string): Promise<number[]> {
    return Promise.resolve(this.embed(text));
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((t) => this.embed(t)));
  }

  embed(text: string): number[] {
    const norm = normalize(text);
    const v = new Float64Array(this.dimensions);
    const add = (feature: string, weight: number) => {
      const h = fnv1a(feature);
      v[(h >>> 1) % this.dimensions] += (h & 1 ? 1 : -1) * weight;
    };
    for (const t of baseTokens(norm)) add(t, t.startsWith('w:') ? 1.5 : 1);
    // Character trigrams, `c3:` + three letters, hashed on from the prefix's hash: the same value as hashing the
    // joined string, without building one string per trigram.
    for (const word of norm.match(/[a-z]{4,}/g) ?? [])
      for (let i = 0; i + 3 <= word.length; i++) {
        let h = C3_PREFIX_HASH;
        for (let j = i; j < i + 3; j++) {
          h ^= word.charCodeAt(j);
          h = Math.imul(h, 0x01000193);
        }
        h >>>= 0;
        v[(h >>> 1) % this.dimensions] += (h & 1 ? 1 : -1) * 0.3;
      }
    for (const hit of this.matcher.match(norm)) {
      add(conceptToken(hit.id), 3);
      if (hit.profile && hit.profile !== hit.id) add(conceptToken(hit.profile), 3);
    }
    let len = 0;
    for (const x of v) len += x * x;
    len = Math.sqrt(len) || 1;
    return Array.from(v, (x) => x / len);
  }
}

/** FNV-1a, 32 bits: fast, stable across machines and versions (unlike a seeded hash). */
function fnv1a(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a's state after `c3:`, where every trigram feature's hash continues. */
const C3_PREFIX_HASH = fnv1a('c3:');
