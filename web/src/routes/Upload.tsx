import { useEffect, useId, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ErrorMessage } from "../components/ErrorMessage";
import {
  ACCEPT_ATTR,
  fileProblem,
  formatBytes,
  formFor,
  loadOptions,
  PASTE_MAX_CHARS,
  saveOptions,
  uploadDocument,
  validateOptions,
  type Options,
} from "../lib/upload";

type Source = "file" | "paste";

export default function Upload() {
  const navigate = useNavigate();
  const [source, setSource] = useState<Source>("file");
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [options, setOptions] = useState<Options>(loadOptions);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { file: useId(), help: useId() };
  useEffect(() => {
    document.title = "New deck · Deckhand";
  }, []);
  useEffect(() => saveOptions(options), [options]);

  const problems = validateOptions(options);
  const fileError = source === "file" && file ? fileProblem(file) : null;
  const textError =
    source === "paste" && text.length > PASTE_MAX_CHARS ? `At most ${PASTE_MAX_CHARS.toLocaleString()} characters.` : null;
  const hasInput = source === "file" ? file !== null : text.trim().length > 0;
  const sending = progress !== null;
  const canSend = hasInput && !fileError && !textError && Object.keys(problems).length === 0 && !sending;

  function pick(files: FileList | null) {
    setError(null);
    setFile(files && files.length ? files[0] : null);
  }

  function set<K extends keyof Options>(key: K, value: Options[K]) {
    setOptions((o) => ({ ...o, [key]: value }));
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!canSend) return;
    setError(null);
    setProgress(0);
    const blob = source === "file" ? file! : new Blob([text], { type: "text/markdown" });
    const name = source === "file" ? file!.name : "pasted-notes.md";
    try {
      const job = await uploadDocument(formFor(blob, name, options), setProgress);
      navigate(`/jobs/${job.id}`);
    } catch (err) {
      setError(err);
      setProgress(null);
    }
  }

  return (
    <section>
      <Breadcrumbs items={[{ label: "Decks", to: "/" }, { label: "New deck" }]} />
      <h1>New deck</h1>
      <form onSubmit={submit} className="upload-form" aria-describedby={ids.help}>
        <div role="tablist" aria-label="What to make cards from" className="tabs">
          <button type="button" role="tab" aria-selected={source === "file"} onClick={() => setSource("file")}>
            A file
          </button>
          <button type="button" role="tab" aria-selected={source === "paste"} onClick={() => setSource("paste")}>
            Paste text
          </button>
        </div>
        {source === "file" ? (
          <div
            className={`dropzone${dragging ? " dropzone-active" : ""}${fileError ? " dropzone-error" : ""}`}
            onDragOver={(e) => (e.preventDefault(), setDragging(true))}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              pick(e.dataTransfer.files);
            }}
          >
            <p id={ids.help}>Drop a PDF, Word, PowerPoint, EPUB, web page, Markdown or text file here, or</p>
            <label htmlFor={ids.file} className="btn">
              Choose a file
            </label>
            <input
              ref={inputRef}
              id={ids.file}
              className="visually-hidden"
              type="file"
              accept={ACCEPT_ATTR}
              onChange={(e) => pick(e.target.files)}
              aria-describedby={file ? "file-status" : undefined}
            />
            {file && (
              <p id="file-status" className={fileError ? "field-error" : "file-chosen"} aria-live="polite">
                {fileError ?? `${file.name} · ${formatBytes(file.size)}`}
              </p>
            )}
          </div>
        ) : (
          <div className="field">
            <label htmlFor="paste">Your notes</label>
            <textarea
              id="paste"
              rows={10}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Paste text or Markdown here"
              aria-invalid={textError ? true : undefined}
              aria-describedby="paste-help"
            />
            <p id="paste-help" className={textError ? "field-error" : "field-help"}>
              {textError ?? `${text.length.toLocaleString()} characters`}
            </p>
          </div>
        )}

        <div className="field">
          <label htmlFor="title">Deck title (optional)</label>
          <input
            id="title"
            value={options.title}
            onChange={(e) => set("title", e.target.value)}
            aria-invalid={problems.title ? true : undefined}
            aria-describedby="title-help"
          />
          <p id="title-help" className={problems.title ? "field-error" : "field-help"}>
            {problems.title ?? "Leave empty to use the file's name."}
          </p>
        </div>
        <div className="field">
          <label htmlFor="max-cards">Most cards (optional)</label>
          <input
            id="max-cards"
            inputMode="numeric"
            value={options.maxCards}
            onChange={(e) => set("maxCards", e.target.value)}
            aria-invalid={problems.maxCards ? true : undefined}
            aria-describedby="max-help"
          />
          <p id="max-help" className={problems.maxCards ? "field-error" : "field-help"}>
            {problems.maxCards ?? "Leave empty to size the deck by the document (about 10 cards per 1,000 words). Cards are spread over the whole document."}
          </p>
        </div>

        <details className="advanced">
          <summary>More options</summary>
          <fieldset aria-describedby="kinds-help">
            <legend>Kinds of cards</legend>
            {(
              [
                ["basic", "Question and answer"],
                ["cloze", "Fill in the blank"],
                ["reversed", "Both ways (term ↔ meaning)"],
              ] as const
            ).map(([kind, label]) => (
              <label key={kind} className="check">
                <input
                  type="checkbox"
                  checked={options.kinds[kind]}
                  onChange={(e) => set("kinds", { ...options.kinds, [kind]: e.target.checked })}
                />
                {label}
              </label>
            ))}
            <p id="kinds-help" className={problems.kinds ? "field-error" : "field-help"}>
              {problems.kinds ?? "Fill in the blank suits definitions and facts; both ways suits vocabulary."}
            </p>
          </fieldset>
          <div className="field">
            <label htmlFor="language">Language of the cards</label>
            <input
              id="language"
              value={options.language}
              maxLength={2}
              onChange={(e) => set("language", e.target.value)}
              aria-invalid={problems.language ? true : undefined}
              aria-describedby="language-help"
              placeholder="en"
            />
            <p id="language-help" className={problems.language ? "field-error" : "field-help"}>
              {problems.language ?? "Two letters. Leave empty to use the document's language."}
            </p>
          </div>
          <div className="field">
            <label htmlFor="focus">Focus on</label>
            <input
              id="focus"
              value={options.focus}
              onChange={(e) => set("focus", e.target.value)}
              aria-invalid={problems.focus ? true : undefined}
              aria-describedby="focus-help"
              placeholder="dates and names"
            />
            <p id="focus-help" className={problems.focus ? "field-error" : "field-help"}>
              {problems.focus ?? "What the cards should concentrate on."}
            </p>
          </div>
          <div className="field">
            <label htmlFor="difficulty">Difficulty</label>
            <select
              id="difficulty"
              value={options.difficulty}
              onChange={(e) => set("difficulty", e.target.value as Options["difficulty"])}
              aria-describedby="difficulty-help"
            >
              <option value="">Let Deckhand choose</option>
              <option value="easy">Easy</option>
              <option value="medium">Medium</option>
              <option value="hard">Hard</option>
            </select>
            <p id="difficulty-help" className="field-help">
              How demanding the questions are.
            </p>
          </div>
        </details>

        {error != null && <ErrorMessage error={error} title="The upload did not go through" />}
        {sending && (
          <div className="progress-block">
            <label htmlFor="upload-progress">Sending… {Math.round((progress ?? 0) * 100)}%</label>
            <progress id="upload-progress" max={1} value={progress ?? 0} />
          </div>
        )}
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={!canSend}
          aria-describedby={!hasInput && !sending ? "send-help" : undefined}
        >
          {sending ? "Sending…" : "Make cards"}
        </button>
        {!hasInput && !sending && (
          <p id="send-help" className="field-help">
            {source === "file" ? "Choose a file first." : "Paste some text first."}
          </p>
        )}
      </form>
    </section>
  );
}
