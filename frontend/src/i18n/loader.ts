/**
 * Catalogs for the running app. Every language, English too, is fetched when it is first needed,
 * in two chunks (parts.ts): the first screens wait for the small first one of the reader's language
 * and of English (the fallback for missing keys), never for the other six languages; the page's
 * HTML asks for those early (welkom.core.views). The service worker precaches them all. Vitest and
 * the catalog checks use `catalogs.ts`, which bundles them all.
 */
import { catalogPart, FIRST } from "./parts";

type Catalog = Record<string, string>;

const files = import.meta.glob<Catalog>("@translations/ui/*/*.json", { import: "default" });

export async function loadCatalog(language: string, namespace: string = FIRST): Promise<Catalog> {
  const wanted = Object.entries(files).filter(([path]) => {
    const part = catalogPart(path);
    return part?.language === language && part.namespace === namespace;
  });
  // One more try for a chunk that failed to arrive (a flaky connection); then the error stands.
  const parts = await Promise.all(wanted.map(([, load]) => load().catch(() => load())));
  return Object.assign({}, ...parts) as Catalog;
}
