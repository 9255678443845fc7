import { createContext, useContext } from 'react';

/** What a piece of text means; the theme decides how (or whether) that shows as colour. */
export type Tone = 'ok' | 'bad' | 'warn' | 'busy' | 'muted' | 'accent' | 'plain';

export interface TextStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
}

export interface Theme {
  name: 'colour' | 'monochrome';
  tone(tone: Tone): TextStyle;
  /** The selected row of the focused list (monochrome relies on the `>` gutter alone). */
  selected: TextStyle;
  /** Key names in the footer and help. */
  key: TextStyle;
}

const TONES: Record<Tone, TextStyle> = {
  ok: { color: 'green' },
  bad: { color: 'red', bold: true },
  warn: { color: 'yellow' },
  busy: { color: 'cyan' },
  muted: { dimColor: true },
  accent: { color: 'blue', bold: true },
  plain: {},
};

export const COLOUR_THEME: Theme = { name: 'colour', tone: (t) => TONES[t], selected: { inverse: true }, key: { color: 'cyan', bold: true } };

/** NO_COLOR / --no-color: no escape sequences at all; meaning is carried by words and symbols. */
export const MONOCHROME_THEME: Theme = { name: 'monochrome', tone: () => ({}), selected: {}, key: {} };

/** The data of a console that lost its engine: everything drawn dimmed (the header says since when). */
export function staleTheme(base: Theme): Theme {
  return { ...base, tone: (t) => ({ ...base.tone(t), dimColor: true }), selected: { ...base.selected, dimColor: true } };
}

export function themeFor(color: boolean): Theme {
  return color ? COLOUR_THEME : MONOCHROME_THEME;
}

export const ThemeContext = createContext<Theme>(MONOCHROME_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Every status shows as symbol + word, so it never depends on colour. */
const STATUS: Record<string, { symbol: string; tone: Tone }> = {
  SUCCESS: { symbol: '✓', tone: 'ok' },
  FAILED: { symbol: '✗', tone: 'bad' },
  RETRY: { symbol: '↻', tone: 'warn' },
  BUILDING: { symbol: '▶', tone: 'busy' },
  QUEUED: { symbol: '·', tone: 'muted' },
  NEVER: { symbol: '-', tone: 'muted' },
};

export function statusLabel(status: string): string {
  return `${STATUS[status]?.symbol ?? '?'} ${status}`;
}

export function statusTone(status: string): Tone {
  return STATUS[status]?.tone ?? 'plain';
}
