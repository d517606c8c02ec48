import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { sendJson } from "./api";
import { clearOfflineData } from "./offline";
import { session, type EndReason, type User } from "./session";
import type { SignedIn } from "./types";

interface Auth {
  user: User | null;
  /** Why the last session ended, when the server ended it (shown on the sign-in page). */
  ended: EndReason | null;
  signIn(email: string, password: string, register: boolean): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(() => (session.token() ? session.user() : null));
  const [ended, setEnded] = useState<EndReason | null>(null);
  const queryClient = useQueryClient();

  useEffect(
    () =>
      session.subscribe((reason) => {
        setUser(session.token() ? session.user() : null);
        setEnded(reason === "signed-out" ? null : reason);
        if (reason) queryClient.clear();
      }),
    [queryClient],
  );

  const value: Auth = {
    user,
    ended,
    async signIn(email, password, register) {
      const answer = await sendJson<SignedIn>(
        "POST",
        register ? "/api/v1/auth/register" : "/api/v1/auth/token",
        { email, password },
        { anonymous: true },
      );
      session.start(answer.token, answer.user);
    },
    async signOut() {
      try {
        await sendJson("POST", "/api/v1/auth/sign-out");
      } catch {
        /* offline or already expired: the token is forgotten here all the same */
      }
      clearOfflineData();
      session.end();
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
