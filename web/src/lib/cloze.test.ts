import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { createElement } from "react";
import { CardFace } from "../components/CardFace";
import { clozePlain, clozeSegments, hasCloze } from "./cloze";
import { describeSource } from "./source";

describe("cloze", () => {
  it("splits text and gaps, with hints", () => {
    expect(clozeSegments("The {{c1::stack}} grows; the {{c2::heap::memory}} does not.")).toEqual([
      { text: "The " },
      { index: 1, answer: "stack", hint: undefined },
      { text: " grows; the " },
      { index: 2, answer: "heap", hint: "memory" },
      { text: " does not." },
    ]);
    expect(clozePlain("A {{c1::b}} c", false)).toBe("A […] c");
    expect(clozePlain("A {{c1::b::hint}} c", false)).toBe("A [hint] c");
    expect(clozePlain("A {{c1::b}} c", true)).toBe("A b c");
    expect(hasCloze("plain text")).toBe(false);
  });

  it("renders a cloze card hidden, then revealed, never the raw markup", () => {
    const card = { id: "1", kind: "cloze" as const, front: "The {{c1::stack}} stores values.", back: "", source: { page: 3 } };
    const { rerender, container } = render(createElement(CardFace, { card, revealed: false }));
    expect(container.textContent).toBe("The […] stores values.");
    expect(screen.getByLabelText("blank")).toBeInTheDocument();
    expect(container.textContent).not.toContain("{{");
    rerender(createElement(CardFace, { card, revealed: true }));
    expect(screen.getByText("stack").tagName).toBe("MARK");
    expect(screen.getByText("Source: Page 3")).toBeInTheDocument();
  });

  it("shows a basic card's back only once revealed", () => {
    const card = { id: "2", kind: "basic" as const, front: "What is ownership?", back: "A set of rules", source: { slide: 4, heading: ["Memory", "Rules"] } };
    const { rerender } = render(createElement(CardFace, { card, revealed: false }));
    expect(screen.queryByText("A set of rules")).toBeNull();
    rerender(createElement(CardFace, { card, revealed: true }));
    expect(screen.getByText("A set of rules")).toBeInTheDocument();
    expect(screen.getByText("Source: Slide 4 · Memory › Rules")).toBeInTheDocument();
  });

  it("describes sources", () => {
    expect(describeSource({ page: 2, heading: "Intro" })).toBe("Page 2 · Intro");
    expect(describeSource({ lines: [10, 20] })).toBe("Lines 10–20");
    expect(describeSource(undefined)).toBe("");
  });
});
