import { request } from "./api";

export const EXPORT_FORMATS = [
  { format: "apkg", label: "Anki (.apkg)" },
  { format: "csv", label: "CSV" },
  { format: "tsv", label: "TSV (Anki text import)" },
  { format: "md", label: "Markdown" },
  { format: "json", label: "JSON" },
] as const;

/** Fetch an export with the token (a plain link cannot send it) and save it. */
export async function downloadExport(deckId: string, format: string): Promise<string> {
  const response = await request(`/api/v1/decks/${deckId}/export?format=${encodeURIComponent(format)}`, { timeoutMs: 60_000 });
  const disposition = response.headers.get("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = (star && decodeURIComponent(star)) || /filename="([^"]+)"/.exec(disposition)?.[1] || `deck.${format}`;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
