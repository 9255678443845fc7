import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dropCapture, installCapture, ReplicaStore, schemaOf, type NodeRow, type SchemaVersion, type TableSum } from '../../store/db/replica-store.js';
import type { EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import type { Logger } from '../log.js';
import { PrimaryClient } from './client.js';
import { BATCH, type ChangesReply, type Hello, type PeerReport } from './protocol.js';
import { peerViews, type ReplicaState } from './view.js';

/** The loop of this area: it follows on a replica, and prunes, fences and watches peers on a primary. */
export const REPLICA_LOOP = 'replica';
/** Behind by more than this, a replica is catching up rather than streaming. */
export const STREAMING_LAG_SEC = 5;
/** How long a pass of the follower may keep pulling full batches before it yields. */
const PASS_BUDGET_MS = 2_000;
/** Changes a primary keeps when no replica has pulled (a new one starts from a copy anyway), and at most. */
const KEEP_WITHOUT_REPLICAS = 10_000;
const KEEP_AT_MOST = 2_000_000;
const PRUNE_MARGIN = 20 * BATCH;
/** A replica not heard from in this long no longer holds back pruning. */
const PEER_FORGOTTEN_MS = 7 * 86_400_000;
const HOLD_MS = 120_000;
const PEER_CHECK_TIMEOUT_MS = 3_000;

/** What this node knows of its own replication, kept by the loop. */
export interface FollowHealth {
  state: ReplicaState | null;
  lagChanges: number | null;
  lagSeconds: number | null;
  lastContact: number | null;
  primaryHead: number | null;
  detail: string;
}

export interface TableComparison {
  table: string;
  primary: { count: number; checksum: string } | null;
  replica: { count: number; checksum: string } | null;
  same: boolean;
}

export interface VerifyOutcome {
  ok: boolean;
  position: number;
  firstDifference: string | null;
  tables: TableComparison[];
  durationMs: number;
}

/** The replica area while the engine is open: this node's role, the follower, promotion, demotion and verify. */
export class ReplicaRuntime {
  readonly store: ReplicaStore;
  readonly schema: SchemaVersion;
  /** This daemon's own URL, told to the primary so it can list (and, after a failover, ask) its replicas. */
  selfUrl: string | null = null;
  health: FollowHealth = { state: null, lagChanges: null, lagSeconds: null, lastContact: null, primaryHead: null, detail: '' };
  private mode: 'follower' | 'writable' | 'fenced' | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly peerStates = new Map<string, ReplicaState>();

  constructor(
    private readonly engine: EngineCore,
    private readonly log: Logger,
  ) {
    this.store = new ReplicaStore(engine.db);
    this.schema = schemaOf(engine.db);
    this.openRole();
  }

  get tokenFile(): string {
    return join(this.engine.paths.dataDir, 'replica', 'token');
  }

  /** `serve --replica-of URL` turns a new data directory (or a replica of another URL) into a replica of URL. */
  private openRole(): void {
    let node = this.store.node();
    const url = this.engine.followRequest;
    if (url !== null && !(node.role === 'replica' && node.primary_url === url)) {
      if (node.role === 'primary' && this.engine.events.count() > 0) {
        throw new EngineError(
          'conflict',
          `${this.engine.paths.dataDir} holds a primary (generation ${node.generation}); it follows ${url} only once demoted: rdo-console replica demote --follow ${url}`,
        );
      }
      node = this.store.setNode({ role: 'replica', primary_url: url, copied: 0, position: 0, fenced_by: null, fence_target: null });
    }
    this.reconcile(node);
  }

  /** Brings this process in line with the role the database records (another process may have changed it). */
  reconcile(node: NodeRow = this.store.node()): void {
    const want = node.role === 'replica' ? 'follower' : node.role === 'fenced' ? 'fenced' : 'writable';
    if (this.mode === want) return;
    const previous = this.mode;
    this.mode = want;
    if (want === 'follower') {
      this.engine.follow(`read-only replica of ${node.primary_url}`);
      dropCapture(this.engine.db);
      this.engine.db.pragma('foreign_keys = OFF');
    } else {
      this.engine.follow(null);
      this.engine.db.pragma('foreign_keys = ON');
      installCapture(this.engine.db);
    }
    // A replica's loops (and a fenced primary's) would write: only this area's loop runs.
    for (const loop of this.engine.loops.names()) {
      if (loop === REPLICA_LOOP) continue;
      this.engine.loops.lift(loop, 'replica');
      this.engine.loops.lift(loop, 'fenced');
      if (want === 'follower') this.engine.loops.suspend(loop, 'replica');
      if (want === 'fenced') this.engine.loops.suspend(loop, 'fenced');
    }
    if (previous === 'follower' && want === 'writable')
      this.health = { ...this.health, state: 'promoted', lagChanges: 0, lagSeconds: 0, detail: 'promoted: writable primary' };
  }

  identity(): Omit<Hello, 'now'> {
    const node = this.store.node();
    return { role: node.role, generation: node.generation, schema: this.schema, position: node.role === 'replica' ? node.position : this.store.head() };
  }

  /** Why a change may not be made here now (an HTTP write, a command), or null. */
  writeRefusal(): EngineError | null {
    const node = this.store.node();
    if (node.role === 'replica') return new EngineError('conflict', `read-only replica of ${node.primary_url}: send changes to the primary`);
    if (node.role === 'fenced') {
      return new EngineError(
        'conflict',
        `fenced: a newer primary (generation ${node.generation}, ${node.fenced_by}) has taken over; this node refuses writes until rdo-console replica demote --follow URL`,
      );
    }
    return null;
  }

  /** Why this node does not serve the replication feed (only a writable primary does), or null. */
  feedRefusal(): EngineError | null {
    const node = this.store.node();
    if (node.role === 'replica') return new EngineError('conflict', `this is a replica of ${node.primary_url}, not a primary: follow that URL`);
    if (node.role === 'fenced')
      return new EngineError('conflict', `this primary was fenced by generation ${node.generation} (${node.fenced_by}): follow that primary`);
    return null;
  }

  /** A replica pulled: record where it is; a newer generation than ours means we were replaced. */
  heardFrom(peer: PeerReport): void {
    const node = this.store.node();
    if (peer.generation > node.generation && node.role === 'primary') this.learnGeneration(peer.generation, peer.url ?? `replica ${peer.node}`);
    if (node.role !== 'primary' || peer.node === node.node_id) return;
    this.store.recordPeer({ node_id: peer.node, url: peer.url, generation: peer.generation, position: peer.position, last_contact: Date.now() });
  }

  /** Told (or shown) of a newer generation: a primary stops taking writes. Returns whether it is fenced now. */
  learnGeneration(generation: number, by: string): boolean {
    const node = this.store.node();
    if (node.role === 'fenced') return true;
    if (node.role !== 'primary' || generation <= node.generation) return false;
    this.store.setNode({ role: 'fenced', generation, fenced_by: by });
    this.engine.events.append('replica.fenced', { generation, by });
    this.reconcile();
    this.log.warn({ generation, by }, 'fenced by a newer primary generation');
    return true;
  }

  /** Runs `fn` alone: the follower, a verify, a promotion never interleave in this process. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private client(url: string): PrimaryClient {
    return new PrimaryClient(url, this.token(), () => {
      const node = this.store.node();
      return { node: node.node_id, url: this.selfUrl, generation: node.generation, position: node.position };
    });
  }

  token(): string {
    try {
      return readFileSync(this.tokenFile, 'utf8').trim();
    } catch {
      throw new EngineError('bad-request', `no replication token: give --token (it is kept in ${this.tokenFile})`);
    }
  }

  /** Keeps the token (0600, written aside then renamed); never logged. */
  saveToken(token: string): void {
    if (!/^\S{8,512}$/.test(token)) throw new EngineError('bad-request', '--token must be 8 to 512 characters without spaces');
    mkdirSync(join(this.engine.paths.dataDir, 'replica'), { recursive: true, mode: 0o700 });
    const tmp = `${this.tokenFile}.tmp-${process.pid}`;
    writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.tokenFile);
  }

  /**
   * Before a daemon serves. A primary asks the replicas it knew whether one became a newer primary (then it is
   * fenced, before it takes any write). A replica checks its primary answers with the same schema, and takes the
   * initial copy if there is none yet; a primary that does not answer is fatal only while there is no copy.
   */
  async beforeServing(): Promise<void> {
    const node = this.store.node();
    if (node.role === 'primary') await this.checkPeers(node);
    this.reconcile();
    if (node.role !== 'replica') return;
    try {
      const hello = await this.client(node.primary_url!).hello();
      this.checkSchema(node.primary_url!, hello.schema);
      if (hello.role !== 'primary') throw new EngineError('conflict', `${node.primary_url} is not a primary (it is ${hello.role}): follow the primary`);
    } catch (err) {
      if (node.copied === 0 || !(err instanceof EngineError) || err.kind !== 'unavailable') throw err;
      this.setHealth({ state: 'disconnected', detail: err.message });
      return;
    }
    if (node.copied === 0) await this.exclusive(() => this.copy());
  }

  private checkSchema(url: string, theirs: SchemaVersion): void {
    if (theirs.version === this.schema.version) return;
    const ours = new Set(this.schema.migrations);
    const mine = new Set(theirs.migrations);
    const onlyThere = theirs.migrations.filter((m) => !ours.has(m));
    const onlyHere = this.schema.migrations.filter((m) => !mine.has(m));
    const message =
      `schema differs: primary ${url} is at ${theirs.version} (${theirs.migrations.length} migrations), this replica at ${this.schema.version} (${this.schema.migrations.length})` +
      (onlyThere.length ? `; only on the primary: ${onlyThere.join(', ')}` : '') +
      (onlyHere.length ? `; only here: ${onlyHere.join(', ')}` : '') +
      '; run the same rdo-console version on both';
    this.setHealth({ state: 'diverged', detail: message });
    throw new EngineError('conflict', message);
  }

  /** The initial copy: the primary's online backup, downloaded, checked, and loaded in one transaction. */
  private async copy(): Promise<void> {
    const node = this.store.node();
    const url = node.primary_url!;
    const client = this.client(url);
    const hello = await client.hello();
    this.checkSchema(url, hello.schema);
    const dir = join(this.engine.paths.dataDir, 'replica');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, 'copy.db');
    const started = Date.now();
    try {
      await client.snapshot(file);
      const snap = new Database(file, { readonly: true, fileMustExist: true });
      try {
        this.checkSchema(url, schemaOf(snap));
      } finally {
        snap.close();
      }
      const position = this.store.copyFrom(file, url, hello.generation);
      this.log.info({ primary: url, position, ms: Date.now() - started }, 'initial copy taken');
      this.setHealth({ state: 'catching-up', lastContact: Date.now(), detail: `copied at position ${position}` });
    } finally {
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
    }
    this.engine.events.poll();
  }

  /** One pass of the loop. */
  tick(): Promise<void> {
    return this.exclusive(async () => {
      const node = this.store.node();
      this.reconcile(node);
      if (node.role === 'replica') await this.followPass(node);
      else if (node.role === 'primary') await this.primaryPass(node);
    });
  }

  private async followPass(node: NodeRow): Promise<void> {
    if (node.copied === 0) {
      try {
        await this.copy();
      } catch (err) {
        this.failed(err);
      }
      return;
    }
    if (this.health.state === 'diverged') return;
    const until = Date.now() + PASS_BUDGET_MS;
    try {
      while ((await this.pull()) && Date.now() < until);
    } catch (err) {
      this.failed(err);
    }
  }

  /** Pulls and applies one batch; true when more are waiting. */
  private async pull(): Promise<boolean> {
    const node = this.store.node();
    if (node.role !== 'replica') return false;
    const hold = node.hold_at !== null && (node.hold_until ?? 0) > Date.now() ? node.hold_at : undefined;
    if (hold !== undefined && node.position >= hold) return false;
    const asked = Date.now();
    const reply = await this.client(node.primary_url!).changes(node.position, BATCH, hold);
    if (this.schemaChanged(reply)) return false;
    const last = reply.changes.at(-1)?.[0] ?? node.position;
    if (reply.changes.length > 0 && this.store.apply(node.position, reply.changes, last) > 0) this.engine.events.poll();
    if (reply.generation > node.generation) this.store.setNode({ generation: reply.generation });
    this.measure(reply, last, Date.now() - asked);
    return reply.changes.length === BATCH && hold === undefined;
  }

  /** A primary upgraded under this replica: nothing more is applied, and the replica says to upgrade. */
  private schemaChanged(reply: ChangesReply): boolean {
    if (reply.schema === this.schema.version) return false;
    this.setHealth({
      state: 'diverged',
      detail: `the primary's schema changed to ${reply.schema} (this replica: ${this.schema.version}); upgrade this replica`,
    });
    return true;
  }

  /**
   * Lag in seconds is what the oldest change waited from its capture on the primary until it was applied here: its
   * age when the primary answered (the primary's clock, so no skew) plus the round trip and the apply (this
   * clock); a change still waiting after this batch counts by its age.
   */
  private measure(reply: ChangesReply, position: number, roundTripMs: number): void {
    const lagChanges = Math.max(0, reply.head - position);
    const oldest = reply.changes[0]?.[1];
    const applied = oldest === undefined ? 0 : (reply.now - oldest + roundTripMs) / 1000;
    const waiting = reply.pendingSince === null ? 0 : (reply.now - reply.pendingSince) / 1000;
    const lagSeconds = Math.max(0, applied, waiting);
    this.setHealth({
      state: lagSeconds <= STREAMING_LAG_SEC ? 'streaming' : 'catching-up',
      lagChanges,
      lagSeconds,
      lastContact: Date.now(),
      primaryHead: reply.head,
      detail: `at ${position} of ${reply.head}`,
    });
  }

  private failed(err: unknown): void {
    const e = err instanceof EngineError ? err : new EngineError('internal', err instanceof Error ? err.message : String(err));
    if (e.kind === 'internal') this.log.error({ err: e.message }, 'replica pass failed');
    this.setHealth({ state: e.kind === 'conflict' || e.kind === 'gone' ? 'diverged' : 'disconnected', detail: e.message });
  }

  private setHealth(h: Partial<FollowHealth>): void {
    const from = this.health.state;
    this.health = { ...this.health, ...h };
    if (h.state && h.state !== from) {
      // A replica's event log is its primary's: this is logged (append is suppressed on a follower).
      this.engine.events.append('replica.state', { from, to: h.state, detail: this.health.detail });
    }
  }

  private async primaryPass(node: NodeRow): Promise<void> {
    if (node.fence_target) await this.pushFence(node);
    const now = Date.now();
    const peers = this.store.peers().filter((p) => now - p.last_contact < PEER_FORGOTTEN_MS);
    const head = this.store.head();
    // A margin behind the slowest replica: another process on its data directory (a verify) may still be a little behind it.
    const upto = peers.length ? Math.min(...peers.map((p) => p.position)) - PRUNE_MARGIN : head - KEEP_WITHOUT_REPLICAS;
    this.store.prune(upto, KEEP_AT_MOST);
    for (const p of peerViews(this.store, now)) {
      if (this.peerStates.get(p.node) === p.state) continue;
      const from = this.peerStates.get(p.node) ?? null;
      this.peerStates.set(p.node, p.state);
      this.engine.events.append('replica.peer-state', { node: p.node, url: p.url, from, to: p.state, position: p.position, lagChanges: p.lagChanges });
    }
  }

  /** A primary restarting asks the replicas it knew: one that has become a newer primary fences it. */
  private async checkPeers(node: NodeRow): Promise<void> {
    const urls = [...new Set(this.store.peers().flatMap((p) => (p.url ? [p.url] : [])))];
    await Promise.all(
      urls.map(async (url) => {
        try {
          const res = await fetch(`${url.replace(/\/+$/, '')}/replica/v1/hello`, { signal: AbortSignal.timeout(PEER_CHECK_TIMEOUT_MS) });
          if (!res.ok) return;
          const hello = (await res.json()) as Hello;
          if (hello.role === 'primary' && hello.generation > node.generation) this.learnGeneration(hello.generation, url);
        } catch {
          /* a replica that does not answer says nothing of generations */
        }
      }),
    );
  }

  /** A promoted replica tells its old primary of the new generation until it has heard it. */
  private async pushFence(node: NodeRow): Promise<void> {
    try {
      await this.client(node.fence_target!).fence(node.generation, this.selfUrl ?? `generation ${node.generation}`);
      this.store.setNode({ fence_target: null });
      this.log.info({ oldPrimary: node.fence_target }, 'old primary told of the new generation');
    } catch {
      /* it is down: it learns on restart from its replicas, or from the next try */
    }
  }

  promote(host: string): Promise<{ generation: number; previousPrimary: string | null }> {
    return this.exclusive(async () => {
      const node = this.store.node();
      if (node.role !== 'replica') throw new EngineError('conflict', `this node is a ${node.role}, not a replica: nothing to promote`);
      if (host !== hostname()) throw new EngineError('bad-request', `type this host's name to promote it: ${JSON.stringify(host)} is not ${hostname()}`);
      if (node.copied === 0) throw new EngineError('conflict', 'this replica has no copy of the primary yet: nothing to promote');
      const generation = node.generation + 1;
      this.store.setNode({ role: 'primary', generation, primary_url: null, fence_target: node.primary_url, hold_at: null, hold_until: null });
      this.store.forgetPeers();
      this.reconcile();
      this.engine.events.append('replica.promoted', { generation, previousPrimary: node.primary_url });
      return { generation, previousPrimary: node.primary_url };
    });
  }

  demote(follow: string, token: string | undefined): Promise<{ follow: string }> {
    return this.exclusive(async () => {
      if (!/^https?:\/\/\S+$/.test(follow))
        throw new EngineError('bad-request', `--follow must be the new primary's http(s) URL (got ${JSON.stringify(follow)})`);
      const node = this.store.node();
      if (node.role === 'replica' && node.primary_url === follow) throw new EngineError('conflict', `already a replica of ${follow}`);
      if (token !== undefined) this.saveToken(token);
      else if (!existsSync(this.tokenFile)) throw new EngineError('bad-request', `no replication token: give --token (it is kept in ${this.tokenFile})`);
      this.engine.events.append('replica.demoted', { follow });
      this.store.setNode({ role: 'replica', primary_url: follow, copied: 0, position: 0, fenced_by: null, fence_target: null });
      this.store.forgetPeers();
      this.health = { state: null, lagChanges: null, lagSeconds: null, lastContact: null, primaryHead: null, detail: '' };
      this.reconcile();
      return { follow };
    });
  }

  /**
   * Compares every replicated table with the primary at one position: the primary's checksums name it, this
   * replica applies exactly up to it (the follower is held there meanwhile, in any process), then sums its own.
   */
  verify(): Promise<VerifyOutcome> {
    return this.exclusive(async () => {
      const started = Date.now();
      const node = this.store.node();
      if (node.role !== 'replica' || node.copied === 0)
        throw new EngineError('bad-request', `verify runs on a replica with a copy (this node is a ${node.role})`);
      const client = this.client(node.primary_url!);
      // Frozen where it is before the primary names its position: a follower (in any process) that applied past
      // that position meanwhile would leave nothing to compare at it.
      this.store.setNode({ hold_at: this.store.node().position, hold_until: Date.now() + HOLD_MS });
      let mine: { position: number; tables: TableSum[] };
      let theirs: Awaited<ReturnType<typeof client.checksums>>;
      try {
        theirs = await client.checksums();
        const held = this.store.node().position;
        if (held > theirs.position) throw new EngineError('conflict', `this replica (${held}) is ahead of its primary (${theirs.position}): diverged`);
        this.store.setNode({ hold_at: theirs.position, hold_until: Date.now() + HOLD_MS });
        for (let at = this.store.node().position; at < theirs.position; at = this.store.node().position) {
          const reply = await client.changes(at, BATCH, theirs.position);
          if (reply.changes.length === 0) throw new EngineError('conflict', `the primary no longer holds the changes after ${at}`);
          this.store.apply(at, reply.changes, reply.changes.at(-1)![0]);
        }
        mine = this.store.checksums();
      } finally {
        this.store.setNode({ hold_at: null, hold_until: null });
        this.engine.events.poll();
      }
      const outcome = compare(theirs.tables, mine.tables, theirs.position, Date.now() - started);
      this.store.recordVerify({
        at: Date.now(),
        position: outcome.position,
        ok: outcome.ok ? 1 : 0,
        first_difference: outcome.firstDifference,
        detail: JSON.stringify(outcome.tables.filter((t) => !t.same)),
      });
      this.engine.events.append('replica.verified', { ok: outcome.ok, position: outcome.position, firstDifference: outcome.firstDifference });
      return outcome;
    });
  }

  /** This replica's lag asked of the primary right now (for a process that runs no follower loop). */
  async probe(): Promise<void> {
    const node = this.store.node();
    if (node.role !== 'replica' || node.copied === 0 || this.health.lastContact !== null) return;
    try {
      const reply = await this.client(node.primary_url!).changes(node.position, 0);
      if (!this.schemaChanged(reply)) this.measure(reply, node.position, 0);
    } catch (err) {
      this.failed(err);
    }
  }
}

function compare(primary: TableSum[], replica: TableSum[], position: number, durationMs: number): VerifyOutcome {
  const names = [...new Set([...primary.map((t) => t.table), ...replica.map((t) => t.table)])].sort();
  const tables = names.map((table) => {
    const p = primary.find((t) => t.table === table);
    const r = replica.find((t) => t.table === table);
    const side = (t: TableSum | undefined) => (t ? { count: t.count, checksum: t.checksum } : null);
    return { table, primary: side(p), replica: side(r), same: !!p && !!r && p.count === r.count && p.checksum === r.checksum };
  });
  const first = tables.find((t) => !t.same);
  return { ok: !first, position, firstDifference: first?.table ?? null, tables, durationMs };
}
