import { api, type Schemas } from "../../api/client";

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

export async function fetchLanguages(): Promise<Language[]> {
  const { data } = await api.GET("/languages");
  if (!data) throw new TranslationFailed("languages");
  return data;
}

export async function translate(text: string, source: string, target: string, fallback: string): Promise<Translation> {
  const { data, error } = await api.POST("/translate", { body: { q: text, source, target, format: "text" } });
  if (!data) throw new TranslationFailed(errorText(error, fallback));
  const detected = data.detectedLanguage as { language?: string } | undefined;
  return { text: String(data.translatedText), detected: detected?.language };
}

/** Target languages reachable from a source; with "auto", every language that is a target somewhere. */
export function targetsFor(languages: Language[], source: string): string[] {
  if (source !== "auto") return languages.find((language) => language.code === source)?.targets ?? [];
  return [...new Set(languages.flatMap((language) => language.targets))].sort();
}
