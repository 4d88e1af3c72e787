/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { catalogPart, FIRST } from "./src/i18n/parts";

const translations = fileURLToPath(new URL("../translations", import.meta.url));

// Django serves the built files from STATIC_URL through django-vite. Vite 5+ would write the
// manifest to .vite/manifest.json, which collectstatic skips, so it is named explicitly.
//
// The service worker (src/sw.ts) and the web app manifest are built into dist/ too, but Django
// serves them at /sw.js and /manifest.webmanifest (welkom.offline.views): a service worker only
// controls pages below its own address, and the pages live at /.
export default defineConfig({
  base: "/static/",
  plugins: [
    react(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      injectRegister: false, // src/offline/register.ts registers /sw.js with scope /
      manifestFilename: "manifest.webmanifest",
      includeManifestIcons: false,
      injectManifest: {
        globPatterns: ["**/*.{js,css,woff2,svg,png}"],
        globIgnores: ["sw.js", "manifest.json"],
        modifyURLPrefix: { "": "/static/" },
      },
      manifest: {
        id: "/",
        name: "Welkom",
        short_name: "Welkom",
        description: "Your onboarding, your team and your Dutch lessons in one place.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        orientation: "portrait",
        background_color: "#f4f7f6",
        theme_color: "#0b6e4f",
        icons: [
          { src: "/static/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/static/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/static/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          { src: "/static/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
        ],
      },
    }),
  ],
  resolve: { alias: { "@translations": translations } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: "manifest.json",
    rollupOptions: {
      input: "src/main.tsx",
      output: {
        // Two chunks per language, English too (src/i18n/parts.ts), not one per catalog file: the
        // first screens wait for the small catalog-<code>, the rest comes later in
        // catalog-<code>-more; the app's own code carries no catalog; and the service worker
        // precaches 16 files instead of 144 (its first install, while the person logs in, has to
        // finish before the first screen for offline to work).
        manualChunks(id) {
          const part = catalogPart(id);
          if (!part) return undefined;
          return part.namespace === FIRST ? `catalog-${part.language}` : `catalog-${part.language}-more`;
        },
      },
    },
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    origin: "http://127.0.0.1:5173",
    fs: { allow: [".", translations] },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
    // make test runs Vitest beside three pytest lanes on two cores: a screen test that takes 2 s
    // alone can take 3-4 times as long there. Generous limits keep a slow machine from failing a
    // test that waits correctly; a test that never finds its text still fails.
    testTimeout: 30_000,
  },
});
