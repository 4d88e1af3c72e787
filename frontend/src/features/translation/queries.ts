import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { $api } from "../../api/query";
import { downloadActive, type PackageDownload, type TranslationRules } from "./settingsApi";

/** Reads behind the translation settings page, one hook per endpoint (writes are in settingsApi.ts). */

const POLL_MS = 1000;

export const useApiKeys = (page: number) => $api.useQuery("get", "/api/translation/keys", { params: { query: { page } } });

export const useGlossary = (page: number) =>
  $api.useQuery("get", "/api/translation/glossary", { params: { query: { page } } });

export const useInstalledPackages = () => $api.useQuery("get", "/api/translation/packages");

/** The organisation's rules (HR and admin). */
export const useRules = () => $api.useQuery("get", "/api/translation/settings");

/** After the rules were saved: the cache holds the server's answer, no second read. */
export function useSetRules(): (rules: TranslationRules) => void {
  const client = useQueryClient();
  return useCallback(
    (rules: TranslationRules) =>
      client.setQueryData($api.queryOptions("get", "/api/translation/settings").queryKey, rules),
    [client],
  );
}

/** What the package index offers. Asking it is the one step of Welkom that goes to the internet, so
 * it is asked only once the admin said so (``asked``) and again only when they say so (``refetch``):
 * never stale, never re-read on window focus. */
export const usePackageIndex = (asked: boolean) =>
  $api.useQuery("get", "/api/translation/packages/index", {}, {
    enabled: asked,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

/** A download, from the answer that started it, asked again every second while it is queued or
 * running. Nothing is asked before a download was started (``started`` is null). */
export function useDownload(started: PackageDownload | null, pollMs = POLL_MS) {
  return $api.useQuery(
    "get",
    "/api/translation/packages/downloads/{id}",
    { params: { path: { id: started?.id ?? 0 } } },
    {
      enabled: started !== null,
      initialData: started ?? undefined,
      refetchInterval: (query) => (query.state.data && downloadActive(query.state.data) ? pollMs : false),
    },
  );
}

/** After a package was installed or removed: the installed list and the languages that can be
 * translated are read again (the package index is not: that would go to the internet). */
export function usePackagesChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        client.invalidateQueries({ queryKey: $api.queryOptions("get", "/api/translation/packages").queryKey }),
        client.invalidateQueries({ queryKey: $api.queryOptions("get", "/languages").queryKey }),
      ]).then(() => undefined),
    [client],
  );
}
