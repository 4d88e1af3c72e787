/**
 * A language's catalog comes in two chunks. The first holds the files the first screens need —
 * the shell, logging in and the newcomer's home — and the app waits for it before it renders
 * (the "translation" namespace). The rest ("more") is fetched when the browser is idle after the
 * first paint, and every other screen waits for it before it shows (App.tsx), so no screen ever
 * shows a key. `parts.test.ts` checks that the first screens use no key from the rest.
 */
export const FIRST = "translation";
export const LATER = "more";

/** translations/ui/<language>/<file>.json files in the first chunk. */
export const FIRST_SCREEN_FILES = ["app", "auth", "checklists", "core", "journeys", "offline", "reading"];

/** The language and the part (namespace) of a catalog file, from its path; null for anything else. */
export function catalogPart(path: string): { language: string; namespace: string } | null {
  const match = /translations\/ui\/([a-z]{2})\/([\w-]+)\.json$/.exec(path);
  if (!match) return null;
  return { language: match[1], namespace: FIRST_SCREEN_FILES.includes(match[2]) ? FIRST : LATER };
}
