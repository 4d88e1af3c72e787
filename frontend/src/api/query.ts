import { QueryClient, useQueryClient } from "@tanstack/react-query";
import i18n from "i18next";
import { useCallback } from "react";
import createQueryHooks from "openapi-react-query";
import { isOnline } from "../offline/connectivity";
import { api } from "./client";
import type { paths } from "./schema";

/** An answer from the API (an error body with a code), as opposed to a request that never got one. */
export function isApiAnswer(error: unknown): error is { code: string; detail: string } {
  return Boolean(error && typeof error === "object" && "code" in error);
}

/** The API's error code of a failed read ("not_found" …), or null when no answer came. */
export function errorCode(error: unknown): string | null {
  return isApiAnswer(error) ? error.code : null;
}

/** Reads go through one cache: screens share answers, and a write invalidates what it changed. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Always ask, also when the browser says it is offline: the service worker answers with the
        // copy it saved, or the read fails and the screen says it is not available offline.
        networkMode: "always",
        // Once more after a request that got no answer while online; an answer (403, 404 …) stands.
        retry: (failures, error) => failures < 1 && !isApiAnswer(error) && isOnline(),
        refetchOnWindowFocus: true,
      },
      mutations: { networkMode: "always" },
    },
  });
}

export const queryClient = makeQueryClient();

// Many answers are written in the reader's language (modules, terms, checklists): when the language
// changes (after the server was told), every answer is read again.
i18n.on("languageChanged", () => void queryClient.invalidateQueries());

/** Typed TanStack Query hooks on the same openapi-fetch client (CSRF, offline copies, connectivity). */
export const $api = createQueryHooks(api);

/** A path of the API or the start of one: "/api/checklists" also covers "/api/checklists/board". */
type PathPrefix = keyof paths | `/api/${string}`;

/** After a write: every read under these paths is stale, and those on screen are read again. */
export function useInvalidate(): (...prefixes: PathPrefix[]) => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    (...prefixes: PathPrefix[]) =>
      client.invalidateQueries({
        predicate: (query) => prefixes.some((prefix) => String(query.queryKey[1]).startsWith(prefix)),
      }),
    [client],
  );
}
