/// <reference lib="webworker" />
/**
 * Welkom's service worker (built by vite-plugin-pwa's injectManifest, served by Django at /sw.js).
 *
 * - The app shell (HTML page, JS, CSS, icons) is precached, so the app starts without network.
 * - GET /api/ answers the person has seen are kept (network first, the saved copy when offline),
 *   marked with X-Welkom-Saved-At so the app can say it is showing a saved copy.
 * - Writes are never cached here: the app's outbox (src/offline/outbox.ts) queues them.
 * - Web push messages become notifications; a tap opens the page they point to.
 */
import { clientsClaim } from "workbox-core";
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { API_CACHE, SAVED_AT_HEADER, SHELL_CACHE, SHELL_URL } from "./offline/caches";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

self.addEventListener("install", (event) => {
  // The HTML page comes from Django; keep one copy of it for starting offline.
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.add(new Request(SHELL_URL, { credentials: "same-origin" }))));
});

const NOT_PAGES = [/^\/api\//, /^\/admin\//, /^\/static\//, /^\/sw\.js$/, /^\/manifest\.webmanifest$/];

async function page({ request }: { request: Request }): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    // Every page is the same shell (routing happens in the browser), so one copy serves them all.
    if (response.ok && response.type === "basic") await cache.put(SHELL_URL, response.clone());
    return response;
  } catch {
    return (await cache.match(SHELL_URL)) ?? Response.error();
  }
}
registerRoute(new NavigationRoute(page, { denylist: NOT_PAGES }));

const NOT_KEPT = ["/api/health", "/api/schema/", "/api/docs/", "/api/auth/"];

const markSavedAt = {
  async cacheWillUpdate({ response }: { response: Response }) {
    const headers = new Headers(response.headers);
    headers.set(SAVED_AT_HEADER, new Date().toISOString());
    return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
  },
};

const apiStrategy = new NetworkFirst({
  cacheName: API_CACHE,
  networkTimeoutSeconds: 8,
  plugins: [
    new CacheableResponsePlugin({ statuses: [200] }),
    markSavedAt,
    new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 60 * 60 * 24 * 45 }),
  ],
});
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    request.method === "GET" &&
    url.pathname.startsWith("/api/") &&
    !NOT_KEPT.some((prefix) => url.pathname.startsWith(prefix)),
  apiStrategy,
);

self.addEventListener("message", (event) => {
  const data = event.data as { type?: string; urls?: string[] } | undefined;
  if (data?.type === "CACHE_URLS" && Array.isArray(data.urls)) {
    // Answers the page fetched before this worker took control: keep them too.
    const urls = data.urls.filter((url) => new URL(url, self.location.origin).pathname.startsWith("/api/"));
    event.waitUntil(
      Promise.allSettled(
        urls.map((url) => apiStrategy.handle({ request: new Request(url, { credentials: "same-origin" }), event })),
      ),
    );
  }
});

interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  tag?: string;
}

self.addEventListener("push", (event) => {
  let payload: PushPayload = {};
  try {
    payload = (event.data?.json() as PushPayload) ?? {};
  } catch {
    payload = { body: event.data?.text() };
  }
  event.waitUntil(
    self.registration.showNotification(payload.title || "Welkom", {
      body: payload.body ?? "",
      tag: payload.tag || undefined,
      icon: "/static/icons/icon-192.png",
      badge: "/static/icons/icon-192.png",
      data: { url: payload.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data as { url?: string })?.url ?? "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === target.origin);
      if (open) return open.navigate(target.href).then((client) => client?.focus());
      return self.clients.openWindow(target.href).then(() => undefined);
    }),
  );
});
