/**
 * Is the app online, and is it showing answers saved on this device? A tiny store that React reads
 * with useSyncExternalStore. "Offline" is what the browser says, or a request that failed to reach
 * the server; it turns back on with the browser's online event or the next answer from the server.
 */
import { useSyncExternalStore } from "react";
import type { Middleware } from "openapi-fetch";
import { SAVED_AT_HEADER } from "./caches";

interface Connectivity {
  online: boolean;
  /** When the oldest saved copy on screen was stored, while the server cannot be reached. */
  savedCopyAt: string | null;
}

let state: Connectivity = {
  online: typeof navigator === "undefined" ? true : navigator.onLine,
  savedCopyAt: null,
};
const listeners = new Set<() => void>();

function set(next: Partial<Connectivity>): void {
  const merged = { ...state, ...next };
  if (merged.online === state.online && merged.savedCopyAt === state.savedCopyAt) return;
  state = merged;
  listeners.forEach((listener) => listener());
}

export function setOnline(online: boolean): void {
  set(online ? { online, savedCopyAt: null } : { online });
}

export function noteSavedCopy(savedAt: string): void {
  const oldest = state.savedCopyAt && state.savedCopyAt < savedAt ? state.savedCopyAt : savedAt;
  set({ savedCopyAt: oldest });
}

export function isOnline(): boolean {
  return state.online;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useConnectivity(): Connectivity {
  return useSyncExternalStore(subscribe, () => state, () => state);
}

if (typeof window !== "undefined") {
  window.addEventListener("online", () => setOnline(true));
  window.addEventListener("offline", () => setOnline(false));
}

/** Notices saved copies (the service worker marks them) and requests that cannot get through. */
export const connectivityMiddleware: Middleware = {
  onResponse({ response }) {
    const savedAt = response.headers.get(SAVED_AT_HEADER);
    if (savedAt && !navigator.onLine) noteSavedCopy(savedAt);
    else if (savedAt) {
      // The browser thinks it is online but the server did not answer: the worker used its copy.
      noteSavedCopy(savedAt);
      setOnline(false);
    } else if (navigator.onLine !== false) setOnline(true); // not an answer to a request sent before going offline
    return response;
  },
  onError({ error }) {
    // A request the app cancelled itself (a long poll left behind by a change of screen) says
    // nothing about the network.
    if (error instanceof DOMException && error.name === "AbortError") return;
    setOnline(false);
  },
};
