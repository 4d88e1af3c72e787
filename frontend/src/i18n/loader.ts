/**
 * Catalogs for the running app: English is bundled (it is also the fallback for missing keys);
 * every other language is fetched when it is first needed, so a phone downloads two languages,
 * not six. Vitest and the catalog checks use `catalogs.ts`, which bundles them all.
 */
type Catalog = Record<string, string>;

const english = import.meta.glob<Catalog>("@translations/ui/en/*.json", { eager: true, import: "default" });
const others = import.meta.glob<Catalog>(["@translations/ui/*/*.json", "!@translations/ui/en/*.json"], {
  import: "default",
});

export const englishCatalog: Catalog = Object.assign({}, ...Object.values(english));

export async function loadCatalog(language: string): Promise<Catalog> {
  if (language === "en") return englishCatalog;
  const files = Object.entries(others).filter(([path]) => path.split("/").at(-2) === language);
  const parts = await Promise.all(files.map(([, load]) => load()));
  return Object.assign({}, ...parts);
}
