import { QueryClient } from "@tanstack/react-query";
import createQueryHooks from "openapi-react-query";
import { api } from "./client";

/** Reads go through one cache: screens share answers, and a write invalidates what it changed. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: true },
  },
});

/** Typed TanStack Query hooks on the same openapi-fetch client (CSRF, offline copies, connectivity). */
export const $api = createQueryHooks(api);
