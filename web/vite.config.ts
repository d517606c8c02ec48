/// <reference types="vitest/config" />
// Build-time configuration: DECKHAND_API_URL is the API's origin (empty: the same origin,
// as `make run` serves the app from the Flask API). On Vercel it is set per environment.
import { defineConfig, loadEnv } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { checkApiBaseUrl } from "./scripts/api-base-url.mjs";

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), "");
  const apiBase = checkApiBaseUrl(env.DECKHAND_API_URL ?? "", {
    requireHttps: env.VERCEL === "1" && env.DECKHAND_ALLOW_HTTP !== "1",
  });
  return {
    define: { __API_BASE_URL__: JSON.stringify(apiBase) },
    plugins: [
      react(),
      VitePWA({
        injectRegister: null, // registered from src/lib/sw.ts: no inline script (CSP)
        registerType: "autoUpdate",
        manifest: {
          name: "Deckhand",
          short_name: "Deckhand",
          description: "Turn documents into flashcards and study them.",
          theme_color: "#1d4ed8",
          background_color: "#ffffff",
          display: "standalone",
          start_url: "/",
          icons: [
            { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
            { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any maskable" },
          ],
        },
        workbox: {
          globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"],
          navigateFallback: "/index.html",
          // Never answer the API or the operations pages with the app.
          navigateFallbackDenylist: [/^\/api\//, /^\/ops(\/|$)/, /^\/(healthz|readyz|metrics)$/],
          cleanupOutdatedCaches: true,
        },
      }),
    ],
    build: { target: "es2022", sourcemap: false, manifest: true },
    test: {
      environment: "jsdom",
      setupFiles: ["src/test/setup.ts"],
      include: ["src/**/*.test.{ts,tsx}"],
      css: false,
      // A hang guard, not a timing: Vitest runs beside pytest in `make test` on a busy machine.
      testTimeout: 30_000,
    },
  };
});
