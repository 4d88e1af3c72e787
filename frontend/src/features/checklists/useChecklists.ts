import { useQueryClient } from "@tanstack/react-query";
import type { Schemas } from "../../api/client";
import { $api, errorCode, useInvalidate } from "../../api/query";

const FINISHED = new Set(["done", "not_applicable"]);

/** A newcomer's checklists (their own, or for HR the one in ?newcomer=), plus what last changed. */
export function useChecklists(newcomer?: number) {
  const client = useQueryClient();
  const invalidate = useInvalidate();
  const scope = newcomer ? { newcomer } : {};
  const init = { params: { query: { ...scope, page_size: 100 } } };
  const list = $api.queryOptions("get", "/api/checklists", init);
  const query = $api.useQuery("get", "/api/checklists", init);
  const changes = $api.useQuery("get", "/api/checklists/changes", { params: { query: { ...scope, page_size: 1 } } });
  const noProfile = errorCode(query.error) === "not_found"; // nothing planned yet: show the empty state
  const checklists = noProfile ? [] : (query.data?.results ?? null);

  /** Show a changed item at once, then read again: counts change, and other items may be unblocked. */
  function replaceItem(item: Schemas["ChecklistItem"]) {
    client.setQueryData<Schemas["PaginatedChecklistList"]>(list.queryKey, (current) =>
      current && {
        ...current,
        // The group's "3 of 6 done" follows at once too (done or not applicable counts, as on the server).
        results: current.results.map((checklist) => {
          const before = checklist.items.find((i) => i.id === item.id);
          if (!before) return checklist;
          const delta = Number(FINISHED.has(item.status ?? "")) - Number(FINISHED.has(before.status ?? ""));
          return { ...checklist, done: checklist.done + delta, items: checklist.items.map((i) => (i.id === item.id ? item : i)) };
        }),
      },
    );
    void invalidate("/api/checklists");
  }

  return { checklists, change: changes.data?.results[0] ?? null, status: { isPending: query.isPending, isError: query.isError && !noProfile }, replaceItem };
}
