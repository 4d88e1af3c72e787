import { apiUrlsRead } from "./caches";

/** Registers the service worker Django serves at /sw.js (scope /), in production builds only. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController) return;
    // First visit: the worker took over after the page loaded its data. Let it keep those answers
    // too, so they can be read offline without a second visit. Only what was read with GET: a
    // resource-timing list would also hold the addresses of writes.
    navigator.serviceWorker.controller?.postMessage({ type: "CACHE_URLS", urls: [...apiUrlsRead] });
  });
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      /* the app works without it, only not offline */
    });
  });
}
