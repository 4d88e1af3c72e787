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
      // A region that scrolls must be reachable by keyboard to be scrolled (axe: scrollable-region-
      // focusable); it is a named landmark, not a control.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region needs focus to scroll by keyboard
      tabIndex={0}
    >
      {children}
    </div>
  );
}
