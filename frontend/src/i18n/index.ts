import i18n from "i18next";
import resourcesToBackend from "i18next-resources-to-backend";
import { initReactI18next } from "react-i18next";
import { englishCatalog, loadCatalog } from "./loader";

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

const firstLanguage = pickLanguage();
markDocument(firstLanguage); // before anyone logs in too: the login page in Arabic reads right to left

/** Resolves once the first language's catalog is there (main.tsx renders after it). */
export const i18nReady = i18n
  .use(resourcesToBackend((language: string) => loadCatalog(language)))
  .use(initReactI18next)
  .init({
    resources: { en: { translation: englishCatalog } },
    partialBundledLanguages: true, // English is bundled; the others come from the backend above
    lng: firstLanguage,
    fallbackLng: "en",
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });

export default i18n;
