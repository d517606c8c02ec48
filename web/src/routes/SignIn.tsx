import { useEffect, useRef, useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { ErrorMessage } from "../components/ErrorMessage";
import { useAuth } from "../lib/auth";

const PASSWORD_MIN = 8;

export default function SignIn({ mode }: { mode: "signin" | "signup" }) {
  const { user, signIn, ended } = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const signup = mode === "signup";
  useEffect(() => {
    document.title = `${signup ? "Create an account" : "Sign in"} · Deckhand`;
    setError(null);
  }, [signup]);

  if (user) return <Navigate to={next} replace />;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password, signup);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const tooShort = signup && password.length > 0 && password.length < PASSWORD_MIN;
  const other = `${signup ? "/signin" : "/signup"}${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`;
  return (
    <section className="auth">
      <h1 ref={heading}>{signup ? "Create your account" : "Sign in"}</h1>
      {ended === "expired" && (
        <p className="notice" role="status">
          Your session has ended. Sign in again to go back where you were.
        </p>
      )}
      {ended === "invalid" && (
        <p className="notice" role="status">
          You were signed out. Sign in again to continue.
        </p>
      )}
      <form onSubmit={submit} noValidate={false}>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete={signup ? "new-password" : "current-password"}
          required
          minLength={signup ? PASSWORD_MIN : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={signup ? "password-help" : undefined}
          aria-invalid={tooShort || undefined}
        />
        {signup && (
          <p id="password-help" className={tooShort ? "field-error" : "field-help"}>
            At least {PASSWORD_MIN} characters{tooShort ? ` (${password.length} so far)` : ""}.
          </p>
        )}
        {error != null && <ErrorMessage error={error} />}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || tooShort}>
          {busy ? (signup ? "Creating your account…" : "Signing in…") : signup ? "Create account" : "Sign in"}
        </button>
      </form>
      <p>
        {signup ? "Already have an account? " : "New to Deckhand? "}
        <Link to={other}>{signup ? "Sign in" : "Create an account"}</Link>
      </p>
    </section>
  );
}

/** Only a path of this app (never another site) may be where sign-in leads. */
function safeNext(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}
