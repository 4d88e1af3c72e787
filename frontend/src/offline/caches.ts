/** Names shared by the service worker and the page. */
export const API_CACHE = "welkom-api-v1";
export const SHELL_CACHE = "welkom-shell-v1";
export const SHELL_URL = "/";
export const SAVED_AT_HEADER = "X-Welkom-Saved-At";

/** API addresses this page has read with GET: what the service worker may save once it takes over. */
export const apiUrlsRead = new Set<string>();

/** Forget every saved API answer on this device (at log-out: the next person must not see them). */
export async function clearSavedAnswers(): Promise<void> {
  if (typeof caches === "undefined") return;
  await caches.delete(API_CACHE);
}
