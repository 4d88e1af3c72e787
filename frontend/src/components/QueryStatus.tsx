import { LoadError } from "./LoadError";
import { Loading } from "./Status";

/** The one way a screen shows a read in progress or a read that failed (see api/query.ts). */
export function QueryStatus({ query }: { query: { isPending: boolean; isError: boolean } }) {
  if (query.isError) return <LoadError />;
  if (query.isPending) return <Loading />;
  return null;
}
