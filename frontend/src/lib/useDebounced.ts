import { useEffect, useState } from "react";

/** The value once it has stayed the same for `ms` milliseconds (the same object, so `!==` tells a
 *  value still settling). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
