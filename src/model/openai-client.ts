import OpenAI from 'openai';

/**
 * The official SDK pointed at any OpenAI-compatible server (OpenAI, vLLM, llama.cpp, Ollama). Retries are ours to
 * decide: a slow or failing model must fall back within the configured time, not after the SDK's own retries.
 */
export function createModelClient(s: { baseURL?: string; apiKey?: string; timeoutMs: number }): OpenAI {
  return new OpenAI({ baseURL: s.baseURL, apiKey: s.apiKey || 'not-needed', timeout: s.timeoutMs, maxRetries: 0 });
}

/** Runs a model call under a hard deadline; the signal aborts the HTTP request when time is up. */
export async function withDeadline<T>(ms: number, outer: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error(`model timed out after ${ms} ms`)), ms);
  const onOuter = () => ctl.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  try {
    return await fn(ctl.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}
