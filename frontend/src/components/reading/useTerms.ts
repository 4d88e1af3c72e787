import type { Schemas } from "../../api/client";
import { $api } from "../../api/query";

export type Term = Schemas["Term"];

/** The term list in the reader's language (one cached answer for every screen that marks terms; a
 * change of language reads it again, and the service worker keeps it for offline use). */
export function useTerms() {
  return $api.useQuery("get", "/api/terms", { params: { query: { page_size: 100 } } });
}
