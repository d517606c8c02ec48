import { lazy, Suspense } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { Layout } from "./components/Layout";
import { AuthProvider, useAuth } from "./lib/auth";
import { queryClient } from "./lib/queryClient";

// Every screen is its own chunk, loaded when first visited.
const SignIn = lazy(() => import("./routes/SignIn"));
const Decks = lazy(() => import("./routes/Decks"));
const Upload = lazy(() => import("./routes/Upload"));
const JobView = lazy(() => import("./routes/JobView"));
const DeckView = lazy(() => import("./routes/DeckView"));
const Study = lazy(() => import("./routes/Study"));
const Help = lazy(() => import("./routes/Help"));
const NotFound = lazy(() => import("./routes/NotFound"));

function RequireUser({ children }: { children: React.ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
  }
  return <>{children}</>;
}

export function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}

export function AppRoutes() {
  const guarded = (element: React.ReactNode, feature: string) => (
    <RequireUser>
      <ErrorBoundary feature={feature}>{element}</ErrorBoundary>
    </RequireUser>
  );
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/signin" element={<SignIn mode="signin" />} />
        <Route path="/signup" element={<SignIn mode="signup" />} />
        <Route path="/" element={guarded(<Decks />, "Your decks")} />
        <Route path="/upload" element={guarded(<Upload />, "The upload form")} />
        <Route path="/jobs/:jobId" element={guarded(<JobView />, "The progress view")} />
        <Route path="/decks/:deckId" element={guarded(<DeckView />, "The deck")} />
        <Route path="/decks/:deckId/study" element={guarded(<Study />, "Studying")} />
        <Route path="/help" element={<Help />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <AppRoutes />
            </Suspense>
          </BrowserRouter>
        </AuthProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
