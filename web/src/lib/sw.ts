// The service worker (vite-plugin-pwa / Workbox): caches the app shell so the app opens
// offline; saved decks live in localStorage (lib/offline.ts). Not in dev or tests.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    void import("virtual:pwa-register").then(({ registerSW }) => registerSW({ immediate: true }));
  });
}
