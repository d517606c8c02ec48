// Where a card comes from, in words: "Page 3 · Ownership › Glossary".
import type { Source } from "./types";

export function describeSource(source: Source | undefined | null): string {
  if (!source) return "";
  const parts: string[] = [];
  if (source.page != null) parts.push(`Page ${source.page}`);
  if (source.slide != null) parts.push(`Slide ${source.slide}`);
  if (source.chapter) parts.push(String(source.chapter));
  const heading = Array.isArray(source.heading) ? source.heading.join(" › ") : source.heading;
  if (heading) parts.push(heading);
  if (!parts.length && source.lines != null) {
    const lines = Array.isArray(source.lines) ? source.lines.join("–") : source.lines;
    parts.push(`Lines ${lines}`);
  }
  return parts.join(" · ");
}
