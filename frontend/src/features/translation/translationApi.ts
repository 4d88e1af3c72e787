import { api, asApiError, type Schemas } from "../../api/client";
import { $api } from "../../api/query";

/** Calls of the LibreTranslate-style endpoints, shaped for the Translate page. */
export type Language = Schemas["LibreLanguage"];

export interface Translation {
  text: string;
  detected?: string;
}

export class TranslationFailed extends Error {}

function errorText(body: unknown, fallback: string): string {
  if (body && typeof body === "object" && "error" in body) return String((body as { error: unknown }).error);
  return fallback;
}

/** The languages the installed packages translate between. */
export const useLanguages = () => $api.useQuery("get", "/languages");

export async function translate(text: string, source: string, target: string, fallback: string): Promise<Translation> {
  const { data, error } = await api.POST("/translate", { body: { q: text, source, target, format: "text" } });
  if (!data) throw new TranslationFailed(errorText(error, fallback));
  const detected = data.detectedLanguage as { language?: string } | undefined;
  return { text: String(data.translatedText), detected: detected?.language };
}

/** Stores a person's correction: used instead of the model for the same text from now on. */
export async function saveCorrection(
  entry: { source_language: string; target_language: string; source_text: string; translated_text: string },
): Promise<string | null> {
  const { data, error } = await api.POST("/api/translation/memory", { body: entry });
  if (data) return null;
  return asApiError(error, "").detail;
}

export const REVIEWER_ROLES = ["team_lead", "hr", "admin"];

/** Target languages reachable from a source; with "auto", every language that is a target somewhere. */
export function targetsFor(languages: Language[], source: string): string[] {
  if (source !== "auto") return languages.find((language) => language.code === source)?.targets ?? [];
  return [...new Set(languages.flatMap((language) => language.targets))].sort();
}
