import { clamp } from './format.js';

/** A scroll position: a first line, or null for "stick to the bottom" (a running log follows). */
export type ScrollTop = number | null;

export function scrollPosition(top: ScrollTop, max: number): number {
  return top === null ? max : clamp(top, 0, max);
}

/** Moves by `delta` lines; reaching the bottom sticks to it again. */
export function scrollBy(top: ScrollTop, delta: number, max: number): ScrollTop {
  const n = scrollPosition(top, max) + delta;
  return n >= max ? null : Math.max(0, n);
}
