import { Link } from "react-router";

export default function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/" className="btn btn-primary">
        Go to your decks
      </Link>
    </section>
  );
}
