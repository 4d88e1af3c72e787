import { api, asApiError, csrfToken, type ApiErrorBody, type Schemas } from "../../api/client";

/** Writes behind the translation settings page: API keys, the organisation's glossary, rules and
 * packages (its reads are TanStack Query hooks in queries.ts). */
export type ApiKey = Schemas["ApiKey"];
export type CreatedKey = Schemas["ApiKeyCreated"];
export type GlossaryEntry = Schemas["GlossaryEntry"];
export type InstalledPackage = Schemas["Package"];

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

function outcome<T>(data: T | undefined, error: unknown, fallback: string): Outcome<T> {
  if (data !== undefined && error === undefined) return { ok: true, data };
  return { ok: false, error: asApiError(error, fallback) };
}

export async function createKey(name: string, fallback: string) {
  const { data, error } = await api.POST("/api/translation/keys", { body: { name } });
  return outcome(data, error, fallback);
}

export async function revokeKey(id: number, fallback: string) {
  const { data, error } = await api.DELETE("/api/translation/keys/{id}", { params: { path: { id } } });
  return outcome(data, error, fallback);
}

export interface GlossaryDraft {
  term: string;
  mode: "keep" | "translate";
  translation: string;
  source_language: string;
  target_language: string;
}

/** The API's shape: "keep" is an entry without a translation (the term stays as written). */
export function glossaryPayload(draft: GlossaryDraft) {
  const keep = draft.mode === "keep";
  return {
    term: draft.term.trim(),
    translation: keep ? "" : draft.translation.trim(),
    source_language: draft.source_language,
    target_language: draft.target_language,
  };
}

/** Checks the browser can make before asking the server, keyed by field like the API's errors. */
export function glossaryProblems(draft: GlossaryDraft, messages: { required: string; target: string }) {
  const problems: Record<string, string[]> = {};
  if (!draft.term.trim()) problems.term = [messages.required];
  if (draft.mode === "translate") {
    if (!draft.translation.trim()) problems.translation = [messages.required];
    if (!draft.target_language) problems.target_language = [messages.target];
  }
  return problems;
}

export async function addGlossaryEntry(draft: GlossaryDraft, fallback: string) {
  const { data, error } = await api.POST("/api/translation/glossary", { body: glossaryPayload(draft) });
  return outcome(data, error, fallback);
}

export async function removeGlossaryEntry(id: number, fallback: string) {
  const { error, response } = await api.DELETE("/api/translation/glossary/{id}", { params: { path: { id } } });
  return response.ok ? ({ ok: true, data: null } as const) : outcome(undefined, error ?? {}, fallback);
}

export interface UploadMessages {
  network: string;
  tooLarge: string;
}

/**
 * Sends an .argosmodel file with XMLHttpRequest, because fetch cannot report upload progress.
 * `onProgress` gets 0–100 while the file travels; installing happens after 100 (the server unpacks
 * and checks the package), so the page says so until the answer comes.
 */
export function uploadPackage(
  file: File,
  onProgress: (percent: number) => void,
  messages: UploadMessages,
  makeRequest: () => XMLHttpRequest = () => new XMLHttpRequest(),
): Promise<Outcome<InstalledPackage>> {
  return new Promise((resolve) => {
    const request = makeRequest();
    request.open("POST", "/api/translation/packages");
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.withCredentials = true;
    request.upload.onprogress = (event: ProgressEvent) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onerror = () => resolve({ ok: false, error: { code: "network", detail: messages.network, fields: {} } });
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 201 && body) {
        resolve({ ok: true, data: body as InstalledPackage });
      } else if (request.status === 413) {
        resolve({ ok: false, error: { code: "too_large", detail: messages.tooLarge, fields: { file: [messages.tooLarge] } } });
      } else {
        resolve({ ok: false, error: asApiError(body, messages.network) });
      }
    };
    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}

export async function removePackage(pair: { from_code: string; to_code: string }, fallback: string) {
  const { error, response } = await api.DELETE("/api/translation/packages/{from_code}/{to_code}", {
    params: { path: { from_code: pair.from_code, to_code: pair.to_code } },
  });
  return response.ok ? ({ ok: true, data: null } as const) : outcome(undefined, error ?? {}, fallback);
}

// --- The organisation's rules (HR and admin) -------------------------------------------------------

export type TranslationRules = Schemas["TranslationSettings"];

export async function updateRules(rules: Partial<TranslationRules>, fallback: string) {
  const { data, error } = await api.PATCH("/api/translation/settings", { body: rules });
  return outcome(data, error, fallback);
}

// --- Packages from the package index (admin) -------------------------------------------------------

export type IndexListing = Schemas["PackageIndex"];
export type IndexPackage = Schemas["IndexPackage"];
export type PackageDownload = Schemas["PackageDownload"];

export async function startDownload(pair: { from_code: string; to_code: string }, fallback: string) {
  const { data, error } = await api.POST("/api/translation/packages/downloads", {
    body: { from_code: pair.from_code, to_code: pair.to_code },
  });
  return outcome(data, error, fallback);
}

/** A download still on its way (the screen keeps polling it). */
export function downloadActive(download: PackageDownload) {
  return download.state === "queued" || download.state === "running";
}
