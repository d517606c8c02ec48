import { openTour } from "../components/Tour";
import { useAuth } from "../lib/auth";

export default function Help() {
  const { user } = useAuth();
  return (
    <section className="prose">
      <h1>Help</h1>
      <h2>Making a deck</h2>
      <p>
        Upload a PDF, Word (.docx), PowerPoint (.pptx), web page, Markdown or text file, or paste your notes. Deckhand
        reads it, writes cards, and removes duplicates. A long document takes a few minutes; you can leave the page.
      </p>
      <h2>Kinds of cards</h2>
      <ul>
        <li><strong>Question and answer</strong>: a question on the front, the answer on the back.</li>
        <li><strong>Fill in the blank</strong> (cloze): a sentence with a word hidden; you recall the word.</li>
        <li><strong>Both ways</strong>: a term and its meaning, asked in both directions.</li>
      </ul>
      <h2>Studying</h2>
      <p>
        Press <kbd>Space</kbd> (or tap the card) to see the answer, then rate how well you knew it: <kbd>1</kbd> Again,{" "}
        <kbd>2</kbd> Hard, <kbd>3</kbd> Good, <kbd>4</kbd> Easy. On a phone, swipe left for Again and right for Good.
        Deckhand schedules each card for when you are about to forget it.
      </p>
      <h2>Offline</h2>
      <p>
        On a deck's page, choose <em>Save for offline</em>. You can then study it without a connection; your answers are
        kept on this device and sent when you are back online.
      </p>
      <h2>Cards made offline</h2>
      <p>
        When the AI services are unavailable, Deckhand still makes cards with a simpler built-in method. They are
        plainer; once the services are back you can re-run those parts from the deck's progress page.
      </p>
      {user && (
        <button type="button" className="btn" onClick={openTour}>
          Show the welcome tour again
        </button>
      )}
    </section>
  );
}
