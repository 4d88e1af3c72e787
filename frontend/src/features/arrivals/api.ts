import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";

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

export function readImport(id: number, fallback: string) {
  return settle<ArrivalImport>(api.GET("/api/arrivals/imports/{id}", { params: { path: { id } } }), fallback);
}

export function readRows(id: number, page: number, onlyErrors: boolean, fallback: string) {
  return settle<Schemas["PaginatedArrivalImportRowList"]>(
    api.GET("/api/arrivals/imports/{id}/rows", {
      params: { path: { id }, query: { page, page_size: 50, ...(onlyErrors ? { errors: true } : {}) } },
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

export function readCohort(week: string, page: number, fallback: string) {
  return settle<Schemas["PaginatedCohortRowList"]>(
    api.GET("/api/arrivals/cohort", { params: { query: { week, page, page_size: 100 } } }),
    fallback,
  );
}

export function readRoutes(fallback: string) {
  return settle<Schemas["PaginatedTemplateList"]>(
    api.GET("/api/journeys/templates", { params: { query: { page_size: 100 } } }),
    fallback,
  );
}
