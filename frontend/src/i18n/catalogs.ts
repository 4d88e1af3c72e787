/**
 * UI catalogs live in translations/ui/<language>/<feature>.json — one file per feature, so features
 * can add their strings without touching each other's files. They are merged per language here.
 */
type Catalog = Record<string, string>;

const files = import.meta.glob<Catalog>("@translations/ui/*/*.json", { eager: true, import: "default" });

export const catalogs: Record<string, Catalog> = {};
for (const [path, entries] of Object.entries(files)) {
  const language = path.split("/").at(-2)!;
  catalogs[language] = { ...catalogs[language], ...entries };
}
