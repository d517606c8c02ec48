import { Suspense, useEffect, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useAuth } from "../lib/auth";
import { useReachable } from "../lib/connectivity";
import { onOfflineChange, pendingReviews, syncReviews } from "../lib/offline";
import { useOnline } from "../lib/useOnline";
import { FeedbackDialog } from "./FeedbackDialog";
import { Tour } from "./Tour";

/** The one layout: skip link, header with navigation, offline banner, the page, footer. */
export function Layout() {
  const { user, signOut } = useAuth();
  const online = useOnline();
  const reachable = useReachable();
  const navigate = useNavigate();
  const location = useLocation();
  const [pending, setPending] = useState(() => pendingReviews().length);
  const [feedbackOpen, setFeedbackOpen] = useState(false);
  const [syncNote, setSyncNote] = useState("");

  useEffect(() => onOfflineChange(() => setPending(pendingReviews().length)), []);
  // Back online with reviews waiting: send them.
  useEffect(() => {
    if (online && reachable && user && pendingReviews().length) {
      void syncReviews().then((r) => r.sent && setSyncNote(`${r.sent} review${r.sent === 1 ? "" : "s"} synced.`));
    }
  }, [online, reachable, user]);
  useEffect(() => {
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [location.pathname]);

  const offline = !online || !reachable;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand" aria-label="Deckhand, home">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Deckhand</span>
        </Link>
        {user && (
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/" end>
              Decks
            </NavLink>
            <NavLink to="/upload">New deck</NavLink>
            <NavLink to="/help">Help</NavLink>
          </nav>
        )}
        <div className="header-actions">
          {user ? (
            <>
              <button type="button" className="btn btn-quiet" onClick={() => setFeedbackOpen(true)}>
                Feedback
              </button>
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => void signOut().then(() => navigate("/signin"))}
                title={`Signed in as ${user.email}`}
              >
                Sign out
              </button>
            </>
          ) : (
            <NavLink to="/help">Help</NavLink>
          )}
        </div>
      </header>
      <div aria-live="polite" className="banner-slot">
        {offline && (
          <p className="banner banner-offline" role="status">
            <strong>{online ? "Can't reach Deckhand." : "You are offline."}</strong> Decks saved for offline can still
            be studied{pending ? `; ${pending} review${pending === 1 ? "" : "s"} will sync when you are back` : ""}.
          </p>
        )}
        {!offline && pending > 0 && (
          <p className="banner" role="status">
            {pending} review{pending === 1 ? "" : "s"} waiting to sync…
          </p>
        )}
        {!offline && !pending && syncNote && <p className="banner banner-ok">{syncNote}</p>}
      </div>
      <main id="main" tabIndex={-1}>
        <Suspense
          fallback={
            <p className="loading" role="status">
              Loading…
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>Deckhand turns documents into flashcards.</p>
      </footer>
      {user && <Tour />}
      {feedbackOpen && <FeedbackDialog onClose={() => setFeedbackOpen(false)} />}
    </>
  );
}
