import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { AuthProvider } from "../lib/auth";
import { session } from "../lib/session";

/** Render a screen at a path, signed in, with a fresh query cache. */
export function renderAt(path: string, pattern: string, element: ReactElement, extra: Record<string, ReactElement> = {}) {
  session.start("dh_test", { id: 1, email: "student@example.com", role: "user" });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={pattern} element={element} />
            {Object.entries(extra).map(([p, e]) => (
              <Route key={p} path={p} element={e} />
            ))}
          </Routes>
        </MemoryRouter>
      </AuthProvider>
    </QueryClientProvider>,
  );
}
