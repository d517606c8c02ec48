// The signed-in session: the token in localStorage (so a saved deck can be studied after a
// reload while offline), and who listens for it ending.
const TOKEN_KEY = "deckhand.token";
const USER_KEY = "deckhand.user";

export interface User {
  id: number;
  email: string;
  role: string;
}
export type EndReason = "expired" | "invalid" | "signed-out";
type Listener = (reason: EndReason | null) => void;

const listeners = new Set<Listener>();

export const session = {
  token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  user(): User | null {
    try {
      return JSON.parse(localStorage.getItem(USER_KEY) || "null") as User | null;
    } catch {
      return null;
    }
  },
  start(token: string, user: User): void {
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(USER_KEY, JSON.stringify(user));
    listeners.forEach((l) => l(null));
  },
  /** The server refused the token: forget it and tell the app why. */
  expire(reason: EndReason): void {
    if (!localStorage.getItem(TOKEN_KEY)) return;
    localStorage.removeItem(TOKEN_KEY);
    listeners.forEach((l) => l(reason));
  },
  end(): void {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    listeners.forEach((l) => l("signed-out"));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
