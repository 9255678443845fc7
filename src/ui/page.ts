import { createContext, useContext, useRef, type RefObject } from 'react';

/** How many rows the focused list or the open view shows: PgUp/PgDn move by that much. */
export const PageContext = createContext<RefObject<number> | null>(null);

export function usePageRef(): RefObject<number> {
  return useRef(10);
}

/** Called by whatever draws the focused list or the view, with the rows it shows. */
export function useReportPage(rows: number, active = true): void {
  const ref = useContext(PageContext);
  if (ref && active) ref.current = Math.max(1, rows);
}
