/** Small text helpers shared by composers and renderers. */
export function firstSentences(text: string, maxChars = 320): string {
  const firstPara = text.split(/\n/)[0].trim();
  const sentences = firstPara.split(/(?<=[.!?])\s+/);
  let out = '';
  for (const s of sentences) {
    if (out && out.length + s.length > maxChars) break;
    out = out ? `${out} ${s}` : s;
  }
  return out;
}

/** Trims a passage for quoting: whole paragraphs up to a budget. */
export function clip(text: string, maxChars = 900): string {
  if (text.length <= maxChars) return text;
  const paras = text.split(/\n/);
  let out = '';
  for (const p of paras) {
    if (out.length + p.length + 1 > maxChars) {
      // A paragraph too long for the budget is cut at a sentence end rather than dropped whole.
      const room = maxChars - out.length - 1;
      const part = room > 120 ? firstSentences(p, room) : '';
      if (part && part.length <= room) out = out ? `${out}\n${part}` : part;
      break;
    }
    out = out ? `${out}\n${p}` : p;
  }
  return out.length > maxChars ? `${out.slice(0, maxChars - 1)}…` : out;
}
