import { describe, expect, it, vi, beforeEach } from "vitest";
import { act, screen, fireEvent, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fileProblem, MAX_UPLOAD_BYTES, validateOptions, DEFAULT_OPTIONS } from "../lib/upload";
import { renderAt } from "../test/render";
import Upload from "./Upload";

/** XMLHttpRequest at the network boundary: reports progress, then answers when told. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  status = 0;
  statusText = "";
  responseText = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  url = "";
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader() {
    return "req-123";
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.last = this;
  }
  abort() {}
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

beforeEach(() => {
  FakeXhr.last = null;
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
});

describe("upload checks", () => {
  it("refuses unknown types, empty and oversized files before sending", () => {
    expect(fileProblem({ name: "photo.png", size: 10 })).toMatch(/can't read “.png” files/);
    expect(fileProblem({ name: "README", size: 10 })).toMatch(/without an extension/);
    expect(fileProblem({ name: "notes.pdf", size: 0 })).toBe("This file is empty.");
    expect(fileProblem({ name: "notes.pdf", size: MAX_UPLOAD_BYTES + 1 })).toMatch(/the limit is 20.0 MB/);
    expect(fileProblem({ name: "Notes.PDF", size: 1000 })).toBeNull();
  });

  it("validates the options", () => {
    expect(validateOptions(DEFAULT_OPTIONS)).toEqual({});
    const bad = validateOptions({ ...DEFAULT_OPTIONS, maxCards: "0", language: "eng", kinds: { basic: false, cloze: false, reversed: false }, title: "x".repeat(201) });
    expect(Object.keys(bad).sort()).toEqual(["kinds", "language", "maxCards", "title"]);
  });
});

describe("the upload screen", () => {
  it("checks as the student types, keeps the options after a reload, and shows real progress", async () => {
    const user = userEvent.setup({ applyAccept: false }); // a student may drop any file
    const { unmount } = renderAt("/upload", "/upload", <Upload />, { "/jobs/:id": <p>job page</p> });
    const send = screen.getByRole("button", { name: "Make cards" });
    expect(send).toBeDisabled();

    await user.upload(screen.getByLabelText("Choose a file"), new File(["x"], "photo.png", { type: "image/png" }));
    expect(screen.getByText(/can't read “.png” files/)).toBeInTheDocument();
    expect(send).toBeDisabled();

    await user.type(screen.getByLabelText("Most cards (optional)"), "0");
    expect(screen.getByText("A whole number, 1 or more.")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Most cards (optional)"));
    await user.type(screen.getByLabelText("Most cards (optional)"), "12");
    await user.click(screen.getByText("More options"));
    await user.type(screen.getByLabelText("Language of the cards"), "f");
    expect(screen.getByText("Two letters, like en, fr or de.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Language of the cards"), "r");
    expect(screen.queryByText("Two letters, like en, fr or de.")).toBeNull();

    // A reload: the options come back.
    unmount();
    renderAt("/upload", "/upload", <Upload />, { "/jobs/:id": <p>job page</p> });
    expect(screen.getByLabelText("Most cards (optional)")).toHaveValue("12");
    expect(screen.getByLabelText("Language of the cards", { selector: "input" })).toHaveValue("fr");

    await user.upload(screen.getByLabelText("Choose a file"), new File(["# Notes"], "notes.md", { type: "text/markdown" }));
    expect(screen.getByText("notes.md · 7 B")).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Make cards" });
    expect(button).toBeEnabled();
    await user.click(button);
    const xhr = FakeXhr.last!;
    expect(xhr.url).toBe("/api/v1/documents");
    expect(xhr.headers.Authorization).toBe("Bearer dh_test");
    expect(xhr.body!.get("max_cards")).toBe("12");
    expect(xhr.body!.get("language")).toBe("fr");
    expect(screen.getByRole("button", { name: "Sending…" })).toBeDisabled();
    act(() => xhr.upload.onprogress!({ lengthComputable: true, loaded: 40, total: 100 }));
    expect(screen.getByText("Sending… 40%")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("value", "0.4");
    act(() => xhr.answer(202, { id: "a".repeat(32), state: "queued" }));
    await screen.findByText("job page");
  });

  it("shows the API's refusal with its hint and request id, and can send again", async () => {
    const user = userEvent.setup();
    renderAt("/upload", "/upload", <Upload />);
    await user.click(screen.getByRole("tab", { name: "Paste text" }));
    fireEvent.change(screen.getByLabelText("Your notes"), { target: { value: "Some notes" } });
    await user.click(screen.getByRole("button", { name: "Make cards" }));
    act(() =>
      FakeXhr.last!.answer(415, {
        code: "unsupported_document",
        detail: "This file is not a document Deckhand can read.",
        hint: "Upload a PDF, DOCX, PPTX, HTML, Markdown or text file.",
        request_id: "req-415",
      }),
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This file is not a document Deckhand can read.");
    expect(alert).toHaveTextContent("Upload a PDF, DOCX, PPTX, HTML, Markdown or text file.");
    expect(alert).toHaveTextContent("req-415");
    await waitFor(() => expect(screen.getByRole("button", { name: "Make cards" })).toBeEnabled());
  });
});
