/** How many pages a list of ``count`` rows has (at least one, so an empty list is "page 1 of 1"). */
export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, pageSize)));
}
