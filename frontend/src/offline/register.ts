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
  // At once, not on "load": on the first visit the worker should precache the app while the person
  // is still typing their password, so that the first screen after logging in already works offline.
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    /* the app works without it, only not offline */
  });
}

/** Resolves once the service worker controls this page (so a reload offline still opens the app),
 *  or after `ms` at the latest: logging in waits for it on a first visit. A person takes longer to
 *  type their password than the worker takes to install, so this rarely waits at all; where the
 *  worker could not be registered it does not wait. */
export function serviceWorkerInControl(ms = 10_000): Promise<void> {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator) || navigator.serviceWorker.controller) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      window.clearTimeout(timer);
      navigator.serviceWorker.removeEventListener("controllerchange", done);
      resolve();
    };
    const timer = window.setTimeout(done, ms);
    navigator.serviceWorker.addEventListener("controllerchange", done);
    void navigator.serviceWorker.getRegistration("/").then((registration) => {
      if (!registration) done();
      else registration.installing?.addEventListener("statechange", (event) => {
        if ((event.target as ServiceWorker).state === "redundant") done(); // the install failed
      });
    }, done);
  });
}
