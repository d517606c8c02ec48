import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Suspense } from "react";
import { MemoryRouter } from "react-router";
import { AppRoutes } from "./App";
import { AuthProvider } from "./lib/auth";
import { session } from "./lib/session";
import { json, mockFetch } from "./test/fetch";

const DECK = "e".repeat(32);

function renderApp(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>
          <Suspense fallback={<p>Loading…</p>}>
            <AppRoutes />
          </Suspense>
        </MemoryRouter>
      </AuthProvider>
    </QueryClientProvider>,
  );
}

describe("accounts", () => {
  it("an expired session says so and leads back to where the student was", async () => {
    localStorage.setItem("deckhand.tour-seen", "1");
    session.start("dh_old", { id: 1, email: "s@example.com", role: "user" });
    let signedIn = false;
    const calls = mockFetch({
      [`GET /api/v1/decks/${DECK}`]: () =>
        signedIn
          ? json({ id: DECK, title: "Biology", card_count: 0, created_at: "2026-01-01T00:00:00Z", cards: [] })
          : json({ code: "token_expired", detail: "The token has expired.", hint: "Sign in again." }, 401),
      "POST /api/v1/auth/token": () => {
        signedIn = true;
        return json({ token: "dh_new", token_type: "bearer", expires_at: "", user: { id: 1, email: "s@example.com", role: "user" } });
      },
    });
    const user = userEvent.setup();
    renderApp(`/decks/${DECK}`);
    await screen.findByText("Your session has ended. Sign in again to go back where you were.");
    expect(session.token()).toBeNull();
    await user.type(screen.getByLabelText("Email"), "s@example.com");
    await user.type(screen.getByLabelText("Password"), "a-long-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByRole("heading", { name: "Biology" });
    expect(calls.at(-1)!.headers.get("Authorization")).toBe("Bearer dh_new");
  });

  it("sign-out revokes the token on the server and forgets it here", async () => {
    localStorage.setItem("deckhand.tour-seen", "1");
    session.start("dh_live", { id: 1, email: "s@example.com", role: "user" });
    localStorage.setItem("deckhand.offline-decks", JSON.stringify({ x: {} }));
    const calls = mockFetch({
      "GET /api/v1/decks": () => json({ decks: [] }),
      "POST /api/v1/auth/sign-out": () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    renderApp("/");
    await screen.findByText(/No decks yet/);
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    await screen.findByRole("heading", { name: "Sign in" });
    const signOut = calls.find((c) => c.url.endsWith("/api/v1/auth/sign-out"))!;
    expect(signOut.method).toBe("POST");
    expect(signOut.headers.get("Authorization")).toBe("Bearer dh_live");
    await waitFor(() => expect(session.token()).toBeNull());
    expect(localStorage.getItem("deckhand.offline-decks")).toBeNull();
  });

  it("signs up with the password rule shown as the student types", async () => {
    localStorage.setItem("deckhand.tour-seen", "1");
    mockFetch({
      "POST /api/v1/auth/register": () => json({ code: "conflict", detail: "An account with this email already exists.", hint: "Sign in instead." }, 409),
    });
    const user = userEvent.setup();
    renderApp("/signup");
    await user.type(await screen.findByLabelText("Email"), "s@example.com");
    await user.type(screen.getByLabelText("Password"), "short");
    expect(screen.getByText("At least 8 characters (5 so far).")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create account" })).toBeDisabled();
    await user.type(screen.getByLabelText("Password"), "-and-long");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("An account with this email already exists.");
    expect(alert).toHaveTextContent("Sign in instead.");
  });
});
