import i18n from "i18next";
import createClient, { type Middleware } from "openapi-fetch";
import { apiUrlsRead } from "../offline/caches";
import type { components, paths } from "./schema";

/** One typed client for the whole app, generated from the backend's OpenAPI schema. */
export type Schemas = components["schemas"];
export type Me = Schemas["Me"];
export type Role = Schemas["RoleEnum"];

/** Every code the API answers errors with (an enum in the schema), and "network" when it was not reached. */
export type ErrorCode = Schemas["ErrorCodeEnum"] | "network";

export interface ApiErrorBody {
  code: ErrorCode;
  detail: string;
  fields: Record<string, string[]>;
}

/** The app's own words for an error code it knows (UI catalog key `errors.code.<code>`), else the
 *  server's `detail`, which the server writes in the reader's language. */
export function errorText(code: string, detail: string): string {
  return i18n.exists(`errors.code.${code}`) ? i18n.t(`errors.code.${code}`) : detail;
}

export function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      request.headers.set("X-CSRFToken", csrfToken());
    }
    return request;
  },
};

/** Remembers what was read, so the service worker can keep it for offline use (never writes). */
const remember: Middleware = {
  onResponse({ request, response }) {
    if (request.method === "GET" && response.ok && !new URL(request.url).pathname.startsWith("/api/auth/")) {
      apiUrlsRead.add(request.url);
    }
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  credentials: "same-origin",
  // Looked up on every call, so a service worker or a test can stand in for the network.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(csrf, remember);

/** Turns any error body into the API's shape, so screens can show `detail` and per-field messages. */
export function asApiError(body: unknown, fallback: string): ApiErrorBody {
  if (body && typeof body === "object" && "code" in body && "detail" in body) {
    const value = body as ApiErrorBody;
    return { code: value.code, detail: errorText(value.code, value.detail), fields: value.fields ?? {} };
  }
  return { code: "network", detail: fallback, fields: {} };
}
