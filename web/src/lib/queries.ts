import { useQuery } from "@tanstack/react-query";
import { getJson } from "./api";
import type { Deck, Job } from "./types";

export const keys = {
  decks: ["decks"] as const,
  deck: (id: string) => ["deck", id] as const,
  job: (id: string) => ["job", id] as const,
  study: (id: string) => ["study", id] as const,
};

export function useDecks() {
  return useQuery({ queryKey: keys.decks, queryFn: ({ signal }) => getJson<{ decks: Deck[] }>("/api/v1/decks", { signal }) });
}

export function useDeck(id: string) {
  return useQuery({ queryKey: keys.deck(id), queryFn: ({ signal }) => getJson<Deck>(`/api/v1/decks/${id}`, { signal }) });
}

export function useJob(id: string) {
  return useQuery({ queryKey: keys.job(id), queryFn: ({ signal }) => getJson<Job>(`/api/v1/jobs/${id}`, { signal }) });
}
