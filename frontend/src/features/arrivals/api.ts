import { keepPreviousData } from "@tanstack/react-query";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { $api } from "../../api/query";

export type ArrivalImport = Schemas["ArrivalImport"];
export type ImportRow = Schemas["ArrivalImportRow"];
export type CohortRow = Schemas["CohortRow"];
export type Column = Schemas["ArrivalColumnEnum"];

/** The API's answer or its error body; `fallback` is the text for a failed connection. */
type Result<T> = { data: T; error: null } | { data: null; error: ApiErrorBody };

async function settle<T>(call: Promise<{ data?: T; error?: unknown }>, fallback: string): Promise<Result<T>> {
  try {
    const { data, error } = await call;
    if (data !== undefined && !error) return { data, error: null };
    return { data: null, error: asApiError(error, fallback) };
  } catch {
    return { data: null, error: asApiError(null, fallback) };
  }
}

export function uploadFile(file: File, options: { route: string; encoding: string }, fallback: string) {
  return settle<ArrivalImport>(
    api.POST("/api/arrivals/imports", {
      // The typed body says what the server reads; FormData is what the browser sends.
      body: { file: file as unknown as string, encoding: options.encoding, route: options.route },
      bodySerializer(body) {
        const form = new FormData();
        form.append("file", file, file.name);
        if (body.encoding) form.append("encoding", body.encoding);
        if (body.route) form.append("route", body.route);
        return form;
      },
    }),
    fallback,
  );
}



export function confirmImport(id: number, skipInvalid: boolean, fallback: string) {
  return settle<ArrivalImport>(
    api.POST("/api/arrivals/imports/{id}/confirm", { params: { path: { id } }, body: { skip_invalid: skipInvalid } }),
    fallback,
  );
}

export async function discardImport(id: number): Promise<boolean> {
  try {
    const { response } = await api.DELETE("/api/arrivals/imports/{id}", { params: { path: { id } } });
    return response.ok;
  } catch {
    return false;
  }
}

/** One import, asked again every `pollMs` while it runs (starting from the answer already at hand). */
export function useImport(arrivalImport: ArrivalImport, pollMs: number) {
  const running = (value?: ArrivalImport) => value?.status === "queued" || value?.status === "running";
  return $api.useQuery("get", "/api/arrivals/imports/{id}", { params: { path: { id: arrivalImport.id } } }, {
    initialData: arrivalImport,
    refetchInterval: (query) => (running(query.state.data) ? pollMs : false),
  });
}

/** The rows of an import in preview, fifty at a time ("more" reads the next page). */
export function useImportRows(id: number, onlyErrors: boolean) {
  return $api.useInfiniteQuery(
    "get",
    "/api/arrivals/imports/{id}/rows",
    { params: { path: { id }, query: { page_size: 50, ...(onlyErrors ? { errors: true } : {}) } } },
    {
      pageParamName: "page",
      initialPageParam: 1,
      getNextPageParam: (last: { next?: string | null }, pages: unknown[]) => (last.next ? pages.length + 1 : undefined),
      placeholderData: keepPreviousData,
    },
  );
}

export const useCohort = (week: string) =>
  $api.useQuery("get", "/api/arrivals/cohort", { params: { query: { week, page: 1, page_size: 100 } } });

export const useRoutes = () => $api.useQuery("get", "/api/journeys/templates", { params: { query: { page_size: 100 } } });
