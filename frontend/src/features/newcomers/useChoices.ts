import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";

export interface Choices {
  teams: Schemas["Team"][];
  people: Schemas["User"][];
  failed: boolean;
}

/** Teams and people HR can pick for a profile (at most 1,000 people: ten pages of a hundred). */
export function useChoices(): Choices {
  const [choices, setChoices] = useState<Choices>({ teams: [], people: [], failed: false });
  useEffect(() => {
    let live = true;
    async function load() {
      const people: Schemas["User"][] = [];
      for (let page = 1; page <= 10; page++) {
        const { data } = await api.GET("/api/users", { params: { query: { page, page_size: 100 } } });
        if (!data) throw new Error("users");
        people.push(...data.results);
        if (!data.next) break;
      }
      const { data: teams } = await api.GET("/api/teams", { params: { query: { page_size: 100 } } });
      if (!teams) throw new Error("teams");
      if (live) setChoices({ teams: teams.results, people: people.filter((p) => p.is_active), failed: false });
    }
    load().catch(() => live && setChoices((now) => ({ ...now, failed: true })));
    return () => {
      live = false;
    };
  }, []);
  return choices;
}
