// Cloze markup ({{c1::answer}} or {{c1::answer::hint}}) split into plain text and gaps.
export type Segment = { text: string } | { answer: string; hint?: string; index: number };

const CLOZE = /\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}/gs;

export function clozeSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(CLOZE)) {
    const at = match.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    out.push({ index: Number(match[1]), answer: match[2], hint: match[3] || undefined });
    last = at + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The sentence as read aloud or listed: gaps as "…" (hidden) or their answers (revealed). */
export function clozePlain(text: string, revealed: boolean): string {
  return clozeSegments(text)
    .map((s) => ("text" in s ? s.text : revealed ? s.answer : s.hint ? `[${s.hint}]` : "[…]"))
    .join("");
}

export function hasCloze(text: string): boolean {
  return clozeSegments(text).some((s) => !("text" in s));
}
