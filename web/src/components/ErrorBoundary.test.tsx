import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { ApiError, describeError, NetworkError } from "../lib/api";
import { ErrorBoundary } from "./ErrorBoundary";
import { ErrorMessage } from "./ErrorMessage";

let broken = true;
function Fragile() {
  if (broken) throw new Error("The deck could not be drawn.");
  return <p>All good</p>;
}

describe("error boundaries and messages", () => {
  it("a feature's boundary catches its error, keeps the rest, and retries", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const user = userEvent.setup();
    render(
      <>
        <p>Header stays</p>
        <ErrorBoundary feature="The deck">
          <Fragile />
        </ErrorBoundary>
      </>,
    );
    expect(screen.getByText("The deck could not be shown")).toBeInTheDocument();
    expect(screen.getByText("Header stays")).toBeInTheDocument();
    broken = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("All good")).toBeInTheDocument();
  });

  it("says problem+json as a sentence, hides developer hints, keeps the request id", async () => {
    const user = userEvent.setup();
    const error = new ApiError(401, { code: "token_expired", detail: "Token expired.", hint: "POST /api/v1/auth/token", request_id: "req-9" });
    function Show() {
      const [n, setN] = useState(0);
      return <ErrorMessage error={error} onRetry={() => setN(n + 1)} />;
    }
    render(<Show />);
    expect(screen.getByRole("alert")).toHaveTextContent("Your session has ended. Please sign in again.");
    expect(screen.getByRole("alert")).not.toHaveTextContent("/api/v1");
    await user.click(screen.getByText("Details for support"));
    expect(screen.getByText("req-9")).toBeVisible();
  });

  it("names network loss and timeouts as such", () => {
    expect(describeError(new NetworkError(true)).message).toBe("The server is taking too long to answer.");
    expect(describeError(new NetworkError(false)).message).toMatch(/can't reach the server|offline/);
    const invalid = describeError(new ApiError(422, { code: "validation_failed", detail: "Some fields are invalid", invalid_params: [{ name: "max_cards", reason: "at most 1000" }] }));
    expect(invalid.hint).toContain("max_cards: at most 1000");
  });
});
