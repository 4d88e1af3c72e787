import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";

export type Term = Schemas["Term"];

let cache: { lang: string; terms: Term[] } | null = null;

/** The term list in the reader's language (kept for the session; the service worker keeps the
 * response for offline use like every API read). */
export function useTerms(lang: string): { terms: Term[] | null; failed: boolean } {
  const [terms, setTerms] = useState<Term[] | null>(cache?.lang === lang ? cache.terms : null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (cache?.lang === lang) return setTerms(cache.terms);
    let live = true;
    api.GET("/api/terms", { params: { query: { page_size: 100 } } }).then(
      ({ data }) => {
        if (!live) return;
        if (data) {
          cache = { lang, terms: data.results };
          setTerms(data.results);
        } else setFailed(true);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [lang]);
  return { terms, failed };
}
