/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const translations = fileURLToPath(new URL("../translations", import.meta.url));

// Django serves the built files from STATIC_URL through django-vite. Vite 5+ would write the
// manifest to .vite/manifest.json, which collectstatic skips, so it is named explicitly.
export default defineConfig({
  base: "/static/",
  plugins: [react()],
  resolve: { alias: { "@translations": translations } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: "manifest.json",
    rollupOptions: { input: "src/main.tsx" },
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
  },
});
