import { EngineError } from '../errors.js';

/** An Alertmanager matcher: a label equal to, not equal to, matching or not matching (anchored regex) a value. */
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
}

export type SilenceState = 'pending' | 'active' | 'expired';

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** `alertname=PackageFailing`, `package=~pkg-.*`, `severity!=info`; several are separated by commas. */
export function parseMatchers(text: string): Matcher[] {
  // Commas inside a "quoted value" do not separate.
  const parts = text
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new EngineError('bad-request', 'matcher: give at least one, like alertname=PackageFailing');
  return parts.map((p) => {
    const m = MATCHER.exec(p);
    if (!m) throw new EngineError('bad-request', `matcher: ${JSON.stringify(p)} is not name=value, name!=value, name=~regex or name!~regex`);
    const value = /^".*"$/.test(m[3]!) ? unquote(m[3]!, p) : m[3]!;
    const matcher = { name: m[1]!, op: m[2] as Matcher['op'], value };
    if (matcher.op === '=~' || matcher.op === '!~') {
      try {
        new RegExp(`^(?:${value})$`);
      } catch {
        throw new EngineError('bad-request', `matcher: ${JSON.stringify(value)} in ${JSON.stringify(p)} is not a regular expression`);
      }
    }
    return matcher;
  });
}

function unquote(text: string, part: string): string {
  try {
    return JSON.parse(text) as string;
  } catch {
    throw new EngineError('bad-request', `matcher: the quoted value in ${JSON.stringify(part)} is not a valid string`);
  }
}

export function matcherText(m: Matcher): string {
  return `${m.name}${m.op}${/[\s,"]/.test(m.value) ? JSON.stringify(m.value) : m.value}`;
}

/** As Alertmanager: an absent label is the empty string, and a regex matches the whole value. */
export function matcherMatches(m: Matcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(v);
  }
}

export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  return now < s.startsAt ? 'pending' : now < s.endsAt ? 'active' : 'expired';
}

/** The active silences that mute an alert with these labels (every matcher of a silence must match). */
export function silencing(silences: readonly Silence[], labels: Record<string, string>, now: number): Silence[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && s.matchers.every((m) => matcherMatches(m, labels)));
}
