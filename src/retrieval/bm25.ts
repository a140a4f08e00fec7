/**
 * Okapi BM25 over pre-tokenised documents. Postings live in typed arrays so a query touches only the
 * documents that share a term, and the index serialises to plain JSON.
 */
export interface Bm25Json {
  k1: number;
  b: number;
  docLengths: number[];
  terms: Record<string, [number[], number[]]>;
}

export interface ScoredDoc {
  index: number;
  score: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, { docs: Int32Array; tfs: Float32Array; idf: number }>();
  private readonly docLengths: Float32Array;
  private readonly avgdl: number;
  /** Per document, `k1 * (1 - b + b * length / avgdl)`: the same double as computed per posting, computed once. */
  private readonly lengthNorm: Float64Array;

  private constructor(
    private readonly json: Bm25Json,
  ) {
    this.docLengths = Float32Array.from(json.docLengths);
    const n = json.docLengths.length;
    this.avgdl = n ? json.docLengths.reduce((a, b) => a + b, 0) / n : 1;
    const { k1, b } = json;
    this.lengthNorm = Float64Array.from(this.docLengths, (dl) => k1 * (1 - b + (b * dl) / this.avgdl));
    for (const [term, [docs, tfs]] of Object.entries(json.terms)) {
      const df = docs.length;
      this.postings.set(term, {
        docs: Int32Array.from(docs),
        tfs: Float32Array.from(tfs),
        idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)),
      });
    }
  }

  static build(docs: string[][], k1 = 1.2, b = 0.75): Bm25Index {
    const terms: Record<string, [number[], number[]]> = Object.create(null);
    docs.forEach((tokens, i) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, c] of tf) {
        const p = (terms[t] ??= [[], []]);
        p[0].push(i);
        p[1].push(c);
      }
    });
    return new Bm25Index({ k1, b, docLengths: docs.map((d) => d.length), terms });
  }

  static fromJSON(json: Bm25Json): Bm25Index {
    return new Bm25Index(json);
  }

  toJSON(): Bm25Json {
    return this.json;
  }

  get size(): number {
    return this.docLengths.length;
  }

  /** Top `k` documents; query terms repeat to weigh more. `accept` filters by document index. */
  search(queryTokens: string[], k: number, accept?: (index: number) => boolean): ScoredDoc[] {
    const weights = new Map<string, number>();
    for (const t of queryTokens) weights.set(t, (weights.get(t) ?? 0) + 1);
    const scores = new Float32Array(this.docLengths.length);
    const touched: number[] = [];
    const { k1 } = this.json;
    const lengthNorm = this.lengthNorm;
    for (const [term, w] of weights) {
      const p = this.postings.get(term);
      if (!p) continue;
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i];
        const tf = p.tfs[i];
        const norm = tf + lengthNorm[d];
        if (scores[d] === 0) touched.push(d);
        scores[d] += w * p.idf * ((tf * (k1 + 1)) / norm);
      }
    }
    return topK(touched, scores, k, accept);
  }
}

/** Partial selection of the k best without sorting every touched document. */
function topK(candidates: number[], scores: Float32Array, k: number, accept?: (i: number) => boolean): ScoredDoc[] {
  const best: ScoredDoc[] = [];
  let floor = -Infinity;
  for (const d of candidates) {
    const s = scores[d];
    if (s <= floor && best.length >= k) continue;
    if (accept && !accept(d)) continue;
    best.push({ index: d, score: s });
    if (best.length > k * 2) {
      best.sort((a, b) => b.score - a.score);
      best.length = k;
      floor = best[k - 1].score;
    }
  }
  best.sort((a, b) => b.score - a.score);
  return best.slice(0, k);
}
