/** Registers the service worker Django serves at /sw.js (scope /), in production builds only. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController) return;
    // First visit: the worker took over after the page loaded its data. Let it keep those answers
    // too, so they can be read offline without a second visit.
    const urls = performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((url) => new URL(url).pathname.startsWith("/api/") && !url.includes("/api/auth/"));
    navigator.serviceWorker.controller?.postMessage({ type: "CACHE_URLS", urls: [...new Set(urls)] });
  });
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      /* the app works without it, only not offline */
    });
  });
}
