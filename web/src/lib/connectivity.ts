// Is the API reachable? The browser's online flag misses a server that is down, so every
// request reports whether it got an answer, and while unreachable /healthz is asked again.
import { useSyncExternalStore } from "react";

type State = "online" | "unreachable";
let state: State = "online";
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
const CHECK_MS = 4000;

function set(next: State) {
  if (next === state) return;
  state = next;
  listeners.forEach((l) => l());
  if (next === "unreachable" && !timer) {
    timer = setInterval(() => void probe(), CHECK_MS);
  } else if (next === "online" && timer) {
    clearInterval(timer);
    timer = null;
  }
}

let base = "";
export function setProbeBase(url: string) {
  base = url;
}

async function probe() {
  try {
    const response = await fetch(`${base}/healthz`, { cache: "no-store" });
    if (response.ok) set("online");
  } catch {
    /* still unreachable */
  }
}

export const connectivity = {
  reached(): void {
    set("online");
  },
  lost(): void {
    set("unreachable");
  },
  get(): State {
    return state;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useReachable(): boolean {
  const value = useSyncExternalStore(connectivity.subscribe, connectivity.get, () => "online" as State);
  return value === "online";
}
