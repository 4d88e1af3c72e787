// The public face of features/language: other features import from here, never its files.
export { LanguageLinkCard } from "./LanguageLinkCard";
export { LanguageOverview } from "./LanguageOverview";
export { NewcomerLanguagePanel } from "./NewcomerLanguagePanel";
