import i18n, { type InitOptions } from "i18next";
import resourcesToBackend from "i18next-resources-to-backend";
import { initReactI18next } from "react-i18next";
import { loadCatalog } from "./loader";
import { FIRST, LATER } from "./parts";

/** Interface languages. Catalogs other than English and Dutch are machine-drafted until reviewed:
 *  translations/ui/_review.yaml lists their entries that still wait for a native speaker. */
export const UI_LANGUAGES = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "nl", name: "Nederlands", dir: "ltr" },
  { code: "pl", name: "Polski", dir: "ltr" },
  { code: "ro", name: "Română", dir: "ltr" },
  { code: "bg", name: "Български", dir: "ltr" },
  { code: "uk", name: "Українська", dir: "ltr" },
  { code: "tr", name: "Türkçe", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number]["code"];

const STORAGE_KEY = "welkom.language";

/** The user's setting first, then what the browser prefers, then English. */
export function pickLanguage(userSetting?: string | null, browser: readonly string[] = navigator.languages ?? []): UiLanguage {
  const known = UI_LANGUAGES.map((lang) => lang.code) as string[];
  const candidates = [userSetting, localStorage.getItem(STORAGE_KEY), ...browser];
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split("-")[0];
    if (base && known.includes(base)) return base as UiLanguage;
  }
  return "en";
}

/** The page says which language it is in and which way it reads (screen readers, the RTL layout). */
function markDocument(code: UiLanguage): void {
  const meta = UI_LANGUAGES.find((lang) => lang.code === code);
  document.documentElement.lang = code;
  document.documentElement.dir = meta?.dir ?? "ltr";
}

export function applyLanguage(code: UiLanguage): void {
  localStorage.setItem(STORAGE_KEY, code);
  markDocument(code);
  void i18n.changeLanguage(code);
}

/**
 * How i18next is set up for the reader's first language: the first screens' part of the catalog
 * first, the rest as the fallback part; English for any key a catalog lacks (or leaves empty); no
 * HTML escaping of values put into a text (React escapes what it renders, so a name like
 * "O'Brien & Co" would show its escapes); and no Suspense: a screen whose texts are still on their
 * way keeps showing rather than giving way to the nearest loading fallback.
 */
export function i18nextOptions(language: UiLanguage): InitOptions {
  return {
    lng: language,
    ns: [FIRST],
    defaultNS: FIRST,
    fallbackNS: LATER, // keys of the other screens: there once loadLaterCatalog() has resolved
    fallbackLng: "en",
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  };
}

const firstLanguage = pickLanguage();
markDocument(firstLanguage); // before anyone logs in too: the login page in Arabic reads right to left

/**
 * Resolves once the first screens' part of the reader's catalog and of English (the fallback) are
 * there: main.tsx renders after it, so the screen never shows a key or flashes in English; until
 * then the page shows its static bar. Every catalog, English too, is fetched (loader.ts, parts.ts).
 */
export const i18nReady = i18n
  .use(resourcesToBackend((language: string, namespace: string) => loadCatalog(language, namespace)))
  .use(initReactI18next)
  .init(i18nextOptions(firstLanguage));

/**
 * The rest of the catalog (every screen but the first ones, parts.ts), for the current language and
 * English; later language changes load it too. Screens wait for it before they show (App.tsx).
 */
export async function loadLaterCatalog(): Promise<void> {
  await i18n.loadNamespaces(LATER);
  if (!i18n.languages.every((language) => i18n.hasResourceBundle(language, LATER))) {
    // Worded so the screen boundary takes it for what it is: a download that failed (offline).
    throw new Error("Failed to fetch the interface texts");
  }
}

export default i18n;
