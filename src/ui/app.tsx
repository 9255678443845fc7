import { Box, Text, useApp, useInput, type Key } from 'ink';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Command, EngineClient, Explanation, QueryName } from '../engine/client/index.js';
import { createConsoleStore, type ConsoleStore } from '../store/console/console-store.js';
import { ACTIONS, actionAllowed, actionsFor, commandDangerous, presented, refusal, type Permissions, type Scope, type ShellActionId } from './actions.js';
import { alertAtTop, AlertsView } from './alerts-view.js';
import { shortRepoHash } from './panes/pipeline-status.js';
import { alertsOf, alertsView, silenceMatcher } from './alerts.js';
import { AuditView } from './audit-view.js';
import { CommandPalette } from './command-palette.js';
import { Confirm, confirmLines, defaultQuestion } from './confirm.js';
import { DetailView } from './detail-view.js';
import { FilterLine } from './filter-line.js';
import { Footer } from './footer.js';
import { Header } from './header.js';
import { wrapLines } from './format.js';
import { Help } from './help.js';
import { actionFor, type Handlers } from './keymap.js';
import { editLine } from './line-edit.js';
import { complete, matchingEntries, paletteEntries, parseLine } from './palette-commands.js';
import { paneById, PANES } from './panes/registry.js';
import type { ListRow, ListSpec, ListView, PaneContext, PaneData, PaneSpec } from './panes/types.js';
import { staleTheme, ThemeContext, themeFor, useTheme } from './theme.js';
import { scrollBy } from './scroll.js';
import { initialUi, isScrolling, listState, PLAIN_LOOK, resolveList, select, setFilter, type LogLook, type UiState } from './ui-state.js';
import { LogLinesContext } from './log-view.js';

/** How far ← and → move a log sideways. */
const SIDEWAYS = 20;
import { useNow } from './use-now.js';
import { useTerminalSize } from './use-terminal-size.js';
import { PageContext, usePageRef } from './page.js';
import { useShownMessage, useStaleSince } from './shown-message.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** Header (2 lines), message/prompt line, key hints. */
const CHROME_ROWS = 4;

/** Every query the console keeps fresh: the audit trail, and what each pane draws. */
export const WATCHED: readonly QueryName[] = [...new Set<QueryName>(['audit.list', 'alerts.list', ...PANES.flatMap((p) => p.watch)])];

export interface AppProps {
  client: EngineClient;
  readOnly: boolean;
  color: boolean;
  /** Called once when the operator quits (before ink exits), with the exit status it asks for (130 for Ctrl-C). */
  onQuit?: (exitCode: number) => void;
  /** Tests may pass a store with a shorter flush interval. */
  store?: ConsoleStore;
  /** Puts text on the operator's clipboard (OSC 52 on the terminal); absent: `y` says copying is not available. */
  copy?: (text: string) => void;
}

/** The console shell: header, the current pane or view, the message/prompt line and the key hints. */
export function App(props: AppProps) {
  return (
    <ThemeContext.Provider value={themeFor(props.color)}>
      <Shell {...props} />
    </ThemeContext.Provider>
  );
}

/** The lists of the current pane as drawn for UI state `u`. */
function paneLists(pane: PaneSpec, rows: ListRow[][], u: UiState): ListView[] {
  const focus = Math.min(u.focus[pane.id] ?? 0, pane.lists.length - 1);
  const views: ListView[] = [];
  pane.lists.forEach((spec, i) => {
    const above = views[i - 1];
    const own = rows[i] ?? [];
    const shown = spec.follows && above ? follow(spec, own, above) : own;
    views.push(resolveList(spec, shown, listState(u, spec.id), i === focus));
  });
  return views;
}

/** A list that follows the one above shows only the rows of that list's selected row. */
function follow(spec: ListSpec, rows: ListRow[], above: ListView): ListRow[] {
  const selected = above.rows[above.selected];
  return selected ? rows.filter((r) => spec.follows!(r.target, selected.target)) : [];
}

/**
 * The rows of a pane's lists for a snapshot at `now`, computed once per snapshot and clock tick rather than on
 * every key press (moving the selection only changes UI state).
 */
function useRowsOf(now: number): (pane: PaneSpec, data: PaneData | null) => ListRow[][] {
  const cache = useRef<{ data: PaneData | null; now: number; byPane: Map<string, ListRow[][]> }>({ data: null, now, byPane: new Map() });
  return (pane, data) => {
    if (!data) return [];
    const c = cache.current;
    if (c.data?.snapshot !== data.snapshot || c.data.views !== data.views || c.now !== now) cache.current = { data, now, byPane: new Map() };
    const byPane = cache.current.byPane;
    let rows = byPane.get(pane.id);
    if (!rows) {
      rows = pane.lists.map((spec) => spec.rows(data, now));
      byPane.set(pane.id, rows);
    }
    return rows;
  };
}

function scopesOf(u: UiState): Scope[] {
  if (u.view.kind === 'pane') return ['global', 'list', u.pane];
  if (u.view.kind === 'alerts') return ['global', 'view', 'alerts'];
  if (u.view.kind === 'detail' && u.view.detail.kind === 'explain') return ['global', 'view', 'why'];
  return u.view.kind === 'detail' && u.view.detail.kind.endsWith('-log') ? ['global', 'view', 'log'] : ['global', 'view'];
}

function Shell({ client, readOnly, onQuit, store: given, copy }: AppProps) {
  const theme = useTheme();
  const { exit } = useApp();
  const store = useMemo(() => given ?? createConsoleStore(client, { watch: WATCHED }), [given, client]);
  useEffect(() => {
    void store.start();
    return () => store.stop();
  }, [store]);
  const snapshot = useStore(store, (s) => s.snapshot);
  const views = useStore(store, (s) => s.views);
  const data = useMemo<PaneData | null>(() => (snapshot ? { snapshot, views } : null), [snapshot, views]);
  const connection = useStore(store, (s) => s.connection);
  const message = useStore(store, (s) => s.message);
  const { columns, rows } = useTerminalSize();
  const [ui, setUiState] = useState<UiState>(() => initialUi(PANES[0]!.id));
  // Keys can arrive faster than renders: updates start from the latest state and key handling reads it, so a
  // key pressed right after `/`, `l` or Enter acts on what that key opened, not on what was last drawn.
  const latest = useRef(ui);
  const latestKeyAt = useRef(0);
  const pageRef = usePageRef();
  const setUi = (update: (u: UiState) => UiState) => {
    latest.current = update(latest.current);
    setUiState(latest.current);
  };
  // Elapsed times of running builds and jobs tick every second; "x ago" columns are refreshed now and then.
  const now = useNow(1000, true);
  const fresh = useShownMessage(message, ui, latestKeyAt.current, columns);
  // With nothing else to say, a lost connection says why, in full.
  const shown =
    fresh ??
    (connection.state !== 'connected' && connection.error
      ? { ok: false, lines: wrapLines(`✗ ${connection.state === 'closed' ? 'disconnected' : 'not connected'}: ${connection.error}`, columns, 3) }
      : null);
  const staleSince = useStaleSince(connection.state === 'connected');

  // Until the snapshot says who we are, nothing may dispatch.
  const perms: Permissions = { readOnly, role: snapshot?.identity.role ?? 'viewer', catalog: snapshot?.catalog ?? null };
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  // A confirmation whose target does not fit on one line takes more: the body gives them up.
  const confirming = ui.prompt?.kind === 'confirm' ? confirmLines(ui.prompt, columns) : null;
  const promptHeight = confirming?.length ?? (ui.prompt ? 1 : Math.max(1, shown?.lines.length ?? 1));
  const bodyHeight = rows - CHROME_ROWS - (promptHeight - 1);
  const notify = (ok: boolean, text: string) => store.notify(ok, text);

  const pane = paneById(ui.pane);
  const rowsOf = useRowsOf(now);
  const lists = paneLists(pane, rowsOf(pane, data), ui);
  const focusedNow = () => {
    const p = paneById(latest.current.pane);
    return paneLists(p, rowsOf(p, data), latest.current).find((l) => l.focused);
  };
  const selectedNow = () => {
    const f = focusedNow();
    return f?.rows[f.selected]?.target;
  };
  const copySelected = () => {
    const f = focusedNow();
    const text = f?.rows[f.selected]?.copy;
    if (!text) return notify(false, 'nothing to copy on this row');
    if (!copy) return notify(false, 'copying is not available here');
    copy(text);
    notify(true, `copied ${text} (OSC 52: reaches the local clipboard through SSH, and tmux with set-clipboard on)`);
  };

  const quit = (exitCode = 0) => {
    onQuit?.(exitCode);
    exit();
  };
  const back = () => setUi((u) => ({ ...u, view: { kind: 'pane' } }));

  /** Keys must not silently do nothing while the engine is out of reach (an attached console lost its daemon). */
  const unreachable = (command: Command) => {
    if (store.getState().connection.state === 'connected') return false;
    notify(false, `not connected to the engine: ${command.name} not sent`);
    return true;
  };

  const run = (command: Command, question?: string, detail?: string, alwaysAsk = false) => {
    if (perms.catalog && !perms.catalog.commands.some((c) => c.name === command.name)) return notify(false, `unknown command ${command.name}`);
    const refused = refusal(command.name, perms);
    if (refused) return notify(false, refused);
    if (unreachable(command)) return;
    if (alwaysAsk || commandDangerous(command.name, perms.catalog)) {
      const ask = question === undefined ? defaultQuestion(command, perms.catalog) : { question, ...(detail === undefined ? {} : { detail }) };
      return setUi((u) => ({ ...u, prompt: { kind: 'confirm', command, ...ask } }));
    }
    void store.dispatch(command);
  };

  // The scrolling views report their bottom here as they draw.
  const maxTop = useRef(0);
  // The lines of the open log as drawn (wrapped or not), for n/N to search.
  const logLines = useRef<string[]>([]);
  const moveTo = (index: (view: ListView) => number) => {
    const f = focusedNow();
    if (f) setUi((u) => select(u, f, index(f)));
  };
  const scroll = (to: (top: number | null) => number | null) => setUi((u) => (isScrolling(u.view) ? { ...u, view: { ...u.view, top: to(u.view.top) } } : u));
  /** j/k/g/G/PgUp/PgDn: move the selection on a pane, scroll in a view. */
  const nav = (list: (view: ListView) => number, view: (top: number | null) => number | null) => () =>
    isScrolling(latest.current.view) ? scroll(view) : moveTo(list);
  // A page is what the focused list or the view shows (the list tables and scroll views report it as they draw).
  const page = Math.max(1, pageRef.current);
  const goPane = (id: string) => setUi((u) => ({ ...u, pane: id, view: { kind: 'pane' }, prompt: null }));
  const cyclePane = (delta: number) => {
    const i = PANES.findIndex((p) => p.id === latest.current.pane);
    goPane(PANES[(i + delta + PANES.length) % PANES.length]!.id);
  };
  const focusList = (delta: number) =>
    setUi((u) => {
      // h/l stop at the first and the last list: no wrapping round.
      const n = paneById(u.pane).lists.length;
      return { ...u, focus: { ...u.focus, [u.pane]: Math.max(0, Math.min(n - 1, (u.focus[u.pane] ?? 0) + delta)) } };
    });

  const paneContext: PaneContext = {
    selected: selectedNow,
    data: () => data,
    run: (command, question, detail) => run(command, question, detail),
    confirm: (command, question, detail) => run(command, question, detail, true),
    notify,
    ask: (label, submit) => setUi((u) => ({ ...u, prompt: { kind: 'input', label, value: '', submit } })),
    show: (detail, top) => setUi((u) => ({ ...u, view: { kind: 'detail', detail, top, ...(detail.kind.endsWith('-log') ? { log: PLAIN_LOOK } : {}) } })),
    go: (paneId) => goPane(paneId),
  };

  /** Runs `then` on the explanation the why view shows, fetched again (it is not kept outside the view). */
  const withExplanation = async (then: (e: Explanation) => void) => {
    const v = latest.current.view;
    if (v.kind !== 'detail' || v.detail.kind !== 'explain') return;
    try {
      then(await client.query('promotions.explain', { hash: v.detail.hash, label: v.detail.label }));
    } catch (err) {
      notify(false, err instanceof Error ? err.message : String(err));
    }
  };

  const shellHandlers: Record<ShellActionId, () => void> = {
    quit: () => quit(0),
    interrupt: () => quit(130),
    help: () => setUi((u) => ({ ...u, view: u.view.kind === 'help' ? { kind: 'pane' } : { kind: 'help', top: 0 } })),
    'why.log': () =>
      void withExplanation((e) => {
        const c = e.causes.find((x) => x.runId !== null);
        if (!c) return notify(false, 'no missing job has a run to show');
        paneContext.show({ kind: 'job-log', runId: c.runId!, title: `${c.job} ${shortRepoHash(e.repoHash)} run #${c.runId}` }, null);
      }),
    'why.rerun': () =>
      void withExplanation((e) => {
        const c = e.causes.find((x) => x.rerun);
        if (!c) return notify(false, 'nothing to re-run here: each missing job is queued, running or external');
        run({ name: 'jobs.run', args: { job: c.job, hash: e.repoHash } });
      }),
    alerts: () => setUi((u) => ({ ...u, view: u.view.kind === 'alerts' ? { kind: 'pane' } : { kind: 'alerts', top: 0 } })),
    'alerts.open': () => {
      const u = latest.current;
      const alert = u.view.kind === 'alerts' && data ? alertAtTop(alertsOf(data), columns, u.view.top) : undefined;
      if (!alert) return;
      const { pane: to, list } = alert;
      if (to === null || !PANES.some((p) => p.id === to))
        return notify(false, `${alert.name}: ${to === null ? 'it concerns no pane' : `no ${to} pane in this console`}`);
      const listIndex = Math.max(
        0,
        paneById(to).lists.findIndex((l) => l.id === list),
      );
      setUi((s) => ({
        ...s,
        pane: to,
        view: { kind: 'pane' },
        prompt: null,
        focus: { ...s.focus, [to]: listIndex },
        ...(list ? { lists: { ...s.lists, [list]: { ...listState(s, list), key: alert.rowKey, filter: '' } } } : {}),
      }));
    },
    'alerts.silence': () => {
      const u = latest.current;
      const alert = u.view.kind === 'alerts' && data ? alertAtTop(alertsOf(data), columns, u.view.top) : undefined;
      if (!alert) return notify(false, 'no alert to silence');
      if (alert.state === 'resolved') return notify(false, `${alert.name} is resolved: nothing to silence`);
      const matcher = silenceMatcher(alert);
      // `2h looking into it` silences the alert for 2 hours with that comment.
      const submit = (line: string) => {
        const [duration = '', ...words] = line.split(/\s+/);
        if (!duration || words.length === 0) return 'type a duration then a comment, like: 2h looking into it';
        run({ name: 'silence.add', args: { matcher, duration, comment: words.join(' ') } });
      };
      const hint = 'duration then comment (2h looking into it) · Enter silences · Esc cancels';
      setUi((s) => ({ ...s, prompt: { kind: 'input', label: `silence “${alert.text}” for`, name: 'silence', value: '', hint, submit } }));
    },
    palette: () => setUi((u) => ({ ...u, view: { kind: 'palette', line: '', error: null } })),
    'pane.next': () => cyclePane(1),
    'pane.prev': () => cyclePane(-1),
    down: nav(
      (f) => f.selected + 1,
      (t) => scrollBy(t, 1, maxTop.current),
    ),
    up: nav(
      (f) => f.selected - 1,
      (t) => scrollBy(t, -1, maxTop.current),
    ),
    top: nav(
      () => 0,
      () => 0,
    ),
    bottom: nav(
      (f) => f.rows.length - 1,
      () => null,
    ),
    'page.down': nav(
      (f) => f.selected + page,
      (t) => scrollBy(t, page, maxTop.current),
    ),
    'page.up': nav(
      (f) => f.selected - page,
      (t) => scrollBy(t, -page, maxTop.current),
    ),
    back,
    'list.next': () => focusList(1),
    'list.prev': () => focusList(-1),
    copy: copySelected,
    'log.search': () => setUi((u) => ({ ...u, prompt: { kind: 'search' } })),
    'log.next': () => findMatch(1),
    'log.prev': () => findMatch(-1),
    'log.right': () => look((l) => ({ ...l, left: l.wrap ? 0 : l.left + SIDEWAYS })),
    'log.left': () => look((l) => ({ ...l, left: Math.max(0, l.left - SIDEWAYS) })),
    'log.wrap': () => look((l) => ({ ...l, wrap: !l.wrap, left: 0 })),
    filter: () => focusedNow() && setUi((u) => ({ ...u, prompt: { kind: 'filter' } })),
    'filter.clear': () => {
      const f = focusedNow();
      if (f?.filter) setUi((u) => setFilter(u, f.spec.id, ''));
    },
  };
  const handlers: Handlers = { ...shellHandlers, ...Object.fromEntries(PANES.map((p) => [`pane.${p.id}`, () => goPane(p.id)])) };

  const answer = (command: Command, yes: boolean) => {
    setUi((u) => ({ ...u, prompt: null }));
    if (!yes) return notify(false, `${command.name}: cancelled`);
    if (!unreachable(command)) void store.dispatch(command);
  };

  const paletteKey = (input: string, key: Key) => {
    const view = latest.current.view;
    if (view.kind !== 'palette') return;
    const entries = paletteEntries(perms);
    const setLine = (line: string, error: string | null = null) => setUi((u) => ({ ...u, view: { kind: 'palette', line, error, selected: 0 } }));
    const matches = matchingEntries(view.line, entries);
    const selected = Math.min(view.selected ?? 0, Math.max(0, matches.length - 1));
    if (key.escape) return back();
    if (key.upArrow || key.downArrow) {
      const to = Math.max(0, Math.min(matches.length - 1, selected + (key.downArrow ? 1 : -1)));
      return setUi((u) => (u.view.kind === 'palette' ? { ...u, view: { ...u.view, selected: to } } : u));
    }
    if (key.tab) return setLine(complete(view.line, entries, snapshot?.trunk.packages.map((p) => p.package) ?? []));
    if (key.return) {
      // A name that picks no single command takes the one selected in the list (↑/↓), with the arguments typed.
      const [typed = '', ...rest] = view.line.trim().split(/\s+/);
      const picked =
        matches.length > 1 && !entries.some((e) => e.name === typed) && matches[selected] ? [matches[selected]!.name, ...rest].join(' ') : view.line;
      const parsed = parseLine(picked, entries, perms);
      if (parsed.kind === 'error') return setLine(view.line, parsed.message);
      back();
      if (parsed.kind === 'engine') return run(parsed.command);
      if (parsed.name === 'quit') return quit(0);
      if (parsed.name === 'help' || parsed.name === 'audit' || parsed.name === 'alerts')
        return setUi((u) => ({ ...u, view: { kind: parsed.name as 'help' | 'audit' | 'alerts', top: 0 } }));
      return goPane(parsed.name);
    }
    const next = editLine(view.line, input, key);
    if (next !== null) setLine(next);
  };

  /** Changes how the open log is looked at. */
  const look = (change: (l: LogLook) => LogLook) =>
    setUi((u) => (u.view.kind === 'detail' && u.view.log ? { ...u, view: { ...u.view, log: change(u.view.log) } } : u));

  /** Moves the log to the next (1) or previous (-1) line that matches the search, from the line at the top. */
  const findMatch = (direction: 1 | -1) => {
    const v = latest.current.view;
    if (v.kind !== 'detail' || !v.log?.search) return notify(false, 'no search: / searches the log');
    const lines = logLines.current;
    const from = v.top === null ? maxTop.current : v.top;
    const query = v.log.search.toLowerCase();
    for (let step = 1; step <= lines.length; step++) {
      const i = (from + direction * step + lines.length * 2) % lines.length;
      if (lines[i]!.toLowerCase().includes(query))
        return setUi((u) => (u.view.kind === 'detail' ? { ...u, view: { ...u.view, top: Math.min(i, maxTop.current) } } : u));
    }
    notify(false, `"${v.log.search}" is not in the log`);
  };

  const searchKey = (input: string, key: Key) => {
    if (key.escape)
      return setUi((u) => ({ ...u, prompt: null, view: u.view.kind === 'detail' && u.view.log ? { ...u.view, log: { ...u.view.log, search: '' } } : u.view }));
    if (key.return) {
      setUi((u) => ({ ...u, prompt: null }));
      return findMatch(1);
    }
    look((l) => {
      const next = editLine(l.search, input, key);
      return next === null ? l : { ...l, search: next };
    });
  };

  const filterKey = (input: string, key: Key) => {
    const f = focusedNow();
    if (!f) return;
    const id = f.spec.id;
    if (key.return || key.escape) return setUi((u) => ({ ...(key.escape ? setFilter(u, id, '') : u), prompt: null }));
    setUi((u) => {
      const next = editLine(listState(u, id).filter, input, key);
      return next === null ? u : { ...u, lists: { ...u.lists, [id]: { key: null, index: 0, filter: next } } };
    });
  };

  const inputKey = (prompt: Extract<UiState['prompt'], { kind: 'input' }>, input: string, key: Key) => {
    if (key.escape) {
      setUi((u) => ({ ...u, prompt: null }));
      return notify(false, `${prompt.name ?? prompt.label}: cancelled`);
    }
    if (key.return) {
      setUi((u) => ({ ...u, prompt: null }));
      const error = prompt.submit(prompt.value.trim());
      if (typeof error === 'string') setUi((u) => (u.prompt === null ? { ...u, prompt: { ...prompt, error } } : u));
      return;
    }
    const next = editLine(prompt.value, input, key);
    if (next !== null) setUi((u) => (u.prompt?.kind === 'input' ? { ...u, prompt: { ...u.prompt, value: next, error: undefined } } : u));
  };

  // The one keyboard router: always listening, deciding from the latest state, so no key is lost or misrouted
  // while a view or prompt it just opened is still being drawn.
  useInput((input, key) => {
    latestKeyAt.current = Date.now();
    // An Esc followed at once by a key (faster than the terminal's escape time) reaches Ink as Alt-key: it is Esc, then the key.
    if (key.meta && !key.escape && input.length === 1 && !key.ctrl) {
      onKey('', { ...key, meta: false, escape: true });
      onKey(input, { ...key, meta: false });
      return;
    }
    // A chunk of several keys (typed fast, pasted, or sent by tmux) arrives as one input: take it key by key.
    if (input.length > 1 && !key.ctrl && !key.meta && !key.escape) {
      for (const ch of input) onKey(ch === '\r' ? '' : ch, { ...key, return: ch === '\r', tab: ch === '\t' });
      return;
    }
    onKey(input, key);
  });

  function onKey(input: string, key: Key) {
    const u = latest.current;
    if (tooSmall) {
      const a = actionFor(ACTIONS, shellHandlers, input, key);
      if (a?.id === 'quit' || a?.id === 'interrupt') shellHandlers[a.id]();
      return;
    }
    if (u.prompt?.kind === 'confirm') return answer(u.prompt.command, input === 'y' || input === 'Y');
    if (u.prompt?.kind === 'filter') return filterKey(input, key);
    if (u.prompt?.kind === 'search') return searchKey(input, key);
    if (u.prompt?.kind === 'input') return inputKey(u.prompt, input, key);
    if (u.view.kind === 'palette') return paletteKey(input, key);
    const action = actionFor(actionsFor(scopesOf(u), perms), handlers, input, key);
    if (action?.run) action.run(paneContext);
    else if (action) handlers[action.id]?.();
  }

  if (tooSmall) return <Text wrap="truncate">{`terminal too small: need ${MIN_COLUMNS}x${MIN_ROWS}, have ${columns}x${rows}`}</Text>;

  const inPane = ui.view.kind === 'pane';
  const focused = lists.find((l) => l.focused);
  const footerActions = (inPane ? actionsFor([pane.id, 'list', 'global'], perms).sort(byScope(pane.id)) : actionsFor(scopesOf(ui), perms)).map((a) =>
    presented(a, snapshot),
  );

  const body = (): ReactNode => {
    if (!snapshot || !data) return <Text {...theme.tone('muted')}>connecting to the engine…</Text>;
    switch (ui.view.kind) {
      case 'help':
        return (
          <Help
            all={ACTIONS.filter((a) => actionAllowed(a, perms)).map((a) => presented(a, snapshot))}
            catalog={perms.catalog}
            width={columns}
            height={bodyHeight}
            top={ui.view.top}
            maxTop={maxTop}
            first={pane.title}
          />
        );
      case 'alerts':
        return <AlertsView alerts={alertsView(data) ? alertsOf(data) : null} width={columns} height={bodyHeight} top={ui.view.top} maxTop={maxTop} />;
      case 'audit':
        return <AuditView audit={views['audit.list']} width={columns} height={bodyHeight} top={ui.view.top} maxTop={maxTop} />;
      case 'detail':
        return (
          <LogLinesContext.Provider value={logLines}>
            <DetailView
              client={client}
              data={data}
              detail={ui.view.detail}
              look={ui.view.log ?? PLAIN_LOOK}
              width={columns}
              height={bodyHeight}
              top={ui.view.top}
              maxTop={maxTop}
            />
          </LogLinesContext.Provider>
        );
      case 'palette':
        return (
          <CommandPalette
            entries={paletteEntries(perms)}
            line={ui.view.line}
            error={ui.view.error}
            selected={ui.view.selected ?? 0}
            height={bodyHeight}
            width={columns}
          />
        );
      case 'pane':
        return <pane.Component data={data} lists={lists} width={columns} height={bodyHeight} now={now} />;
    }
  };

  const promptLine = (): ReactNode => {
    const prompt = ui.prompt;
    if (prompt?.kind === 'confirm') return <Confirm lines={confirming ?? confirmLines(prompt, columns)} />;
    if (prompt?.kind === 'filter') return <FilterLine value={focused?.filter ?? ''} />;
    if (prompt?.kind === 'input')
      return prompt.error ? (
        <Text wrap="truncate">
          {`${prompt.label}: ${prompt.value}█  `}
          <Text {...theme.tone('bad')}>{`✗ ${prompt.error}`}</Text>
        </Text>
      ) : (
        <FilterLine prefix={`${prompt.label}: `} value={prompt.value} hint={prompt.hint ?? 'Enter sends · Esc cancels · Ctrl-U empties'} />
      );
    if (prompt?.kind === 'search')
      return <FilterLine value={ui.view.kind === 'detail' ? (ui.view.log?.search ?? '') : ''} hint="Enter finds · n/N next/previous · Esc clears" />;
    if (!shown) return <Text> </Text>;
    return (
      <Box flexDirection="column">
        {shown.lines.map((line, i) => (
          <Text key={i} wrap="truncate" {...theme.tone(shown.ok ? 'ok' : 'bad')}>
            {line}
          </Text>
        ))}
      </Box>
    );
  };

  const crumb =
    ui.view.kind === 'detail' ? `${ui.view.detail.kind.endsWith('-log') ? 'log ' : ''}${ui.view.detail.title}` : ui.view.kind === 'pane' ? null : ui.view.kind;
  // Boxes clip with overflowY, not overflow: every line is already truncated to the width, and clipping the
  // sides as well makes Ink re-measure and re-slice every line of every frame.
  return (
    <PageContext.Provider value={pageRef}>
      <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
        <Header
          where={client.where}
          readOnly={readOnly}
          snapshot={snapshot}
          data={data}
          now={now}
          connection={connection}
          pane={pane.id}
          crumb={crumb}
          columns={columns}
          staleSince={staleSince}
        />
        <ThemeContext.Provider value={staleSince === null ? theme : staleTheme(theme)}>
          <Box flexDirection="column" height={bodyHeight} overflowY="hidden">
            {body()}
          </Box>
        </ThemeContext.Provider>
        <Box height={promptHeight} overflowY="hidden">
          {promptLine()}
        </Box>
        <Box height={1} overflowY="hidden">
          <Footer actions={footerActions} width={columns} />
        </Box>
      </Box>
    </PageContext.Provider>
  );
}

/** Footer order: this pane's actions first, then list keys, then global ones. */
function byScope(paneId: string) {
  const rank = (a: { scopes: readonly string[] }) => (a.scopes.includes(paneId) ? 0 : a.scopes.includes('list') ? 1 : 2);
  return (a: { scopes: readonly string[] }, b: { scopes: readonly string[] }) => rank(a) - rank(b);
}
