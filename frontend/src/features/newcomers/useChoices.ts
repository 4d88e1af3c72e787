import { useQuery } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { $api } from "../../api/query";

export interface Choices {
  teams: Schemas["Team"][];
  people: Schemas["User"][];
  failed: boolean;
}

/** Every active person, read page by page (at most 1,000 people: ten pages of a hundred). */
async function activePeople({ signal }: { signal: AbortSignal }): Promise<Schemas["User"][]> {
  const people: Schemas["User"][] = [];
  for (let page = 1; page <= 10; page++) {
    const { data, error } = await api.GET("/api/users", { params: { query: { page, page_size: 100 } }, signal });
    if (!data) throw error ?? new Error("users");
    people.push(...data.results);
    if (!data.next) break;
  }
  return people.filter((person) => person.is_active);
}

/** Teams and people HR can pick for a profile. */
export function useChoices(): Choices {
  // Keyed under /api/users like the single pages, so a change to people invalidates it too.
  const people = useQuery({ queryKey: ["get", "/api/users", { all: true, active: true }], queryFn: activePeople });
  const teams = $api.useQuery("get", "/api/teams", { params: { query: { page_size: 100 } } });
  return { teams: teams.data?.results ?? [], people: people.data ?? [], failed: people.isError || teams.isError };
}
