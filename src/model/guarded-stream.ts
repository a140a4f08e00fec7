/**
 * Streaming that never shows what could still be rejected. A composer collects the model's whole answer, checks it
 * (grounding, links, promises, leaks, countries, claims about the case), and only then hands the checked final text
 * to the channel's `onDelta`, a sentence at a time so a stream still reads as one. Rejected text is never released:
 * the offline answer goes out instead.
 */
export function sentences(text: string): string[] {
  // A piece ends after . ! ? 。 that is followed by white space, or after a run of line breaks; joined, the pieces
  // are the text again.
  const out: string[] = [];
  const re = /[.!?。]+\s+|\n+/g;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index! + m[0].length;
    out.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Hands `text` to `onDelta` sentence by sentence (yielding in between, so a live stream sees pieces arrive). */
export async function releaseBySentence(text: string, onDelta?: (t: string) => void): Promise<void> {
  if (!onDelta) return;
  const parts = sentences(text);
  for (const [i, p] of parts.entries()) {
    onDelta(p);
    if (i < parts.length - 1) await new Promise<void>((r) => setImmediate(r));
  }
}

/**
 * For other callers that stream model text (an engine that wants its own model calls streamed): collect the deltas,
 * and release them only through `accept(fullText)` once a check has passed, or drop them with `reject()`.
 */
export function guardedStream(onDelta?: (t: string) => void) {
  let buffered = '';
  let settled = false;
  return {
    /** Give this to the model call in place of the channel's onDelta. */
    collect: (delta: string) => {
      if (!settled) buffered += delta;
    },
    get text() {
      return buffered;
    },
    /** The checked text (usually the collected one, possibly rewritten) goes out now. */
    async accept(checked: string = buffered) {
      settled = true;
      await releaseBySentence(checked, onDelta);
    },
    reject() {
      settled = true;
      buffered = '';
    },
  };
}
