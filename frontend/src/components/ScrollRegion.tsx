import type { ReactNode } from "react";

/** A wide table that scrolls sideways on a phone. Keyboard users must be able to scroll it too, so the
 *  box takes focus (the arrow keys then scroll it) and is a region named by a heading or a label. */
export function ScrollRegion({ labelledBy, label, className = "table-wrap", children }: {
  labelledBy?: string;
  label?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={`${className} scroll-region`}
      role="region"
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : label}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
