// Shapes of the API's answers (docs/api.md), as far as the app reads them.
export type CardKind = "basic" | "cloze" | "reversed";
export type Rating = "again" | "hard" | "good" | "easy";

export interface Source {
  page?: number;
  slide?: number;
  heading?: string[] | string;
  chapter?: string;
  lines?: number[] | string;
  [key: string]: unknown;
}

export interface Card {
  id: string;
  kind: CardKind;
  front: string;
  back: string;
  source?: Source;
  origin?: string;
  tags?: string[];
}

export interface StudyCard extends Card {
  study: { new: boolean; state: string; due: string; reps: number; lapses: number };
}

export interface Deck {
  id: string;
  title: string;
  card_count: number;
  created_at: string;
  cards?: Card[];
  [key: string]: unknown;
}

export interface StudyQueue {
  deck_id: string;
  now: string;
  due_total: number;
  new_total: number;
  cards: StudyCard[];
}

export interface JobError {
  code: string;
  message: string;
  hint?: string;
}

export interface Job {
  id: string;
  state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  stage: string;
  stage_label?: string;
  progress?: { chunks_done: number; chunks_total: number | null; percent: number };
  eta_s?: number | null;
  cards_count?: number;
  degraded?: boolean;
  degraded_reason?: string | null;
  deck_id?: string | null;
  document?: { filename?: string; kind?: string; page_count?: number | null };
  options?: { title?: string };
  error?: JobError | null;
  created_at?: string;
  started_at?: string | null;
}

export interface SignedIn {
  token: string;
  expires_at: string;
  user: { id: number; email: string; role: string };
}
