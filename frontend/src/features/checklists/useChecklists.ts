import { useCallback, useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";

const FINISHED = new Set(["done", "not_applicable"]);

/** A newcomer's checklists (their own, or for HR the one in ?newcomer=), plus what last changed. */
export function useChecklists(newcomer?: number) {
  const [checklists, setChecklists] = useState<Schemas["Checklist"][] | null>(null);
  const [change, setChange] = useState<Schemas["ChecklistChange"] | null>(null);
  const [failed, setFailed] = useState(false);
  const load = useCallback(() => {
    const query = newcomer ? { newcomer } : {};
    api.GET("/api/checklists", { params: { query: { ...query, page_size: 100 } } }).then(
      ({ data, response }) => {
        const noProfile = response.status === 404; // nothing planned yet: show the empty state
        setFailed(!data && !noProfile);
        if (data || noProfile) setChecklists(data?.results ?? []);
      },
      () => setFailed(true),
    );
    api.GET("/api/checklists/changes", { params: { query: { ...query, page_size: 1 } } }).then(
      ({ data }) => setChange(data?.results[0] ?? null),
      () => setChange(null),
    );
  }, [newcomer]);
  useEffect(load, [load]);

  /** Show a changed item at once, then reload: other items may be unblocked by it. */
  const replaceItem = useCallback(
    (item: Schemas["ChecklistItem"]) => {
      // The group's "3 of 6 done" follows at once too (done or not applicable counts, as on the server).
      setChecklists(
        (current) =>
          current?.map((checklist) => {
            const before = checklist.items.find((i) => i.id === item.id);
            if (!before) return checklist;
            const delta = Number(FINISHED.has(item.status ?? "")) - Number(FINISHED.has(before.status ?? ""));
            return { ...checklist, done: checklist.done + delta, items: checklist.items.map((i) => (i.id === item.id ? item : i)) };
          }) ?? null,
      );
      load();
    },
    [load],
  );

  return { checklists, change, failed, replaceItem };
}
