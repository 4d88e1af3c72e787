import MiniSearch from "minisearch";

/** One entry of the newcomer's search: a module, checklist item, step of their own plan or Dutch term. */
export interface SearchEntry {
  id: string;
  kind: "module" | "checklist_item" | "step" | "term";
  title: string;
  text: string;
  dutch: string; // Dutch words (a term and its other forms): found whatever language is typed
  href: string;
}

const EXTRA: Record<string, string> = { ł: "l", Ł: "l", ı: "i", ß: "ss", ø: "o", đ: "d", æ: "ae" };

/** Lower case without diacritics: ł/l, ș/s, ğ/g, é/e ... (Cyrillic and Arabic letters stay). */
export function fold(text: string): string {
  return text
    .replace(/[łŁıßøđæ]/g, (char) => EXTRA[char])
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
}

export function buildIndex(entries: SearchEntry[]): MiniSearch<SearchEntry> {
  const index = new MiniSearch<SearchEntry>({
    fields: ["title", "text", "dutch"],
    storeFields: ["kind", "title", "text", "href"],
    processTerm: (term) => fold(term),
    searchOptions: { boost: { title: 3, dutch: 3 }, prefix: true, fuzzy: 0.2, combineWith: "AND" },
  });
  index.addAll(entries);
  return index;
}

export function search(index: MiniSearch<SearchEntry>, query: string): SearchEntry[] {
  if (!query.trim()) return [];
  return index.search(query).map((hit) => ({
    id: String(hit.id),
    kind: hit.kind as SearchEntry["kind"],
    title: hit.title as string,
    text: hit.text as string,
    dutch: "",
    href: hit.href as string,
  }));
}
