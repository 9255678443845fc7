import { useEffect, useRef, useState } from 'react';
import type { ConsoleMessage } from '../store/console/console-store.js';
import { wrapText } from './format.js';
import type { UiState } from './ui-state.js';

const MESSAGE_MS = 8000;
const MESSAGE_LINES = 3;

/** Where the operator is: a message belongs to the view that was open when it came. */
function viewKey(u: UiState): string {
  return u.view.kind === 'pane' ? `pane:${u.pane}` : u.view.kind === 'detail' ? `detail:${u.view.detail.title}` : u.view.kind;
}

/**
 * The message as the message line shows it, wrapped (never cut), or null once it is stale: after a few seconds,
 * after the next key, or in another view than the one it came in.
 */
export function useShownMessage(message: ConsoleMessage | null, ui: UiState, lastKeyAt: number, columns: number): { ok: boolean; lines: string[] } | null {
  const origin = useRef<{ at: number; view: string } | null>(null);
  if (message && origin.current?.at !== message.at) origin.current = { at: message.at, view: viewKey(ui) };
  const [, redraw] = useState(0);
  const left = message ? message.at + MESSAGE_MS - Date.now() : 0;
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => redraw((n) => n + 1), left + 10);
    return () => clearTimeout(t);
  }, [message?.at, left > 0]);
  if (!message || left <= 0 || lastKeyAt > message.at || origin.current?.view !== viewKey(ui)) return null;
  const lines = wrapText(`${message.ok ? '✓' : '✗'} ${message.text}`, columns);
  return {
    ok: message.ok,
    lines:
      lines.length > MESSAGE_LINES
        ? [
            ...lines.slice(0, MESSAGE_LINES - 1),
            `${lines
              .slice(MESSAGE_LINES - 1)
              .join(' ')
              .slice(0, columns - 1)}…`,
          ]
        : lines,
  };
}

/** When the console lost the engine (its data is as of then), or null while it is connected. */
export function useStaleSince(connected: boolean): number | null {
  const since = useRef<number | null>(null);
  if (connected) since.current = null;
  else since.current ??= Date.now();
  return since.current;
}
