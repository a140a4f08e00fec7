import { Embeddings } from '@langchain/core/embeddings';
import type OpenAI from 'openai';
import type { NamedEmbeddings } from '../retrieval/index-store.js';

/**
 * Embeddings from an OpenAI-compatible server. The id names the server's model, so the index manifest records it
 * and a change of embedder rebuilds the index.
 */
export class OpenAICompatibleEmbeddings extends Embeddings implements NamedEmbeddings {
  readonly id: string;

  constructor(
    private readonly client: OpenAI,
    private readonly model: string,
    private readonly batchSize = 64,
  ) {
    super({ maxRetries: 2 });
    this.id = `openai:${model}`;
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedDocuments([text]))[0];
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      const res = await this.caller.call(() => this.client.embeddings.create({ model: this.model, input: batch, encoding_format: 'float' }));
      const sorted = [...res.data].sort((a, b) => a.index - b.index);
      if (sorted.length !== batch.length) throw new Error(`embeddings server returned ${sorted.length} vectors for ${batch.length} texts`);
      out.push(...sorted.map((d) => d.embedding as number[]));
    }
    return out;
  }
}
