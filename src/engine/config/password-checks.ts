import { createHmac, randomBytes } from 'node:crypto';
import { verifyPassword } from './operators-secrets.js';

/** Password checks (scrypt: CPU and memory) that run at once, over every client. */
export const MAX_CONCURRENT_CHECKS = 2;
/** Checks one client address may have waiting; past it that address gets 429 and no other is slowed. */
export const MAX_QUEUED_CHECKS = 8;
/** Checks waiting over every address (many addresses at once still cannot grow the queue without bound). */
export const MAX_QUEUED_TOTAL = 256;
/** A correct user and password is remembered this long, so a busy CI client does not queue behind attackers. */
export const SUCCESS_CACHE_MS = 60_000;
const SUCCESS_CACHE_SIZE = 1024;

/** Thrown when an address already has MAX_QUEUED_CHECKS waiting (or the whole queue is full): the API answers 429. */
export class TooManyAuthAttempts extends Error {
  override name = 'TooManyAuthAttempts';
  constructor() {
    super('too many authentication attempts in progress');
  }
}

let running = 0;
let waitingTotal = 0;
/** Waiting checks by client address; served round-robin, so one address flooding waits behind everyone else. */
const waiting = new Map<string, (() => void)[]>();

async function inCheckSlot<T>(from: string, work: () => Promise<T>): Promise<T> {
  if (running < MAX_CONCURRENT_CHECKS) running++;
  else {
    const queue = waiting.get(from) ?? [];
    if (queue.length >= MAX_QUEUED_CHECKS || waitingTotal >= MAX_QUEUED_TOTAL) throw new TooManyAuthAttempts();
    waiting.set(from, queue);
    waitingTotal++;
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  try {
    return await work();
  } finally {
    handOn();
  }
}

/** Gives the freed slot to the oldest waiter of the address whose turn it is, which then goes to the back. */
function handOn(): void {
  const first = waiting.entries().next();
  if (first.done) {
    running--;
    return;
  }
  const [from, queue] = first.value;
  const next = queue.shift()!;
  waiting.delete(from);
  if (queue.length > 0) waiting.set(from, queue);
  waitingTotal--;
  next();
}

const cacheKey = randomBytes(32);
/** HMAC of (user, password, stored hash) → when it stops counting; never the password itself. */
const recentSuccesses = new Map<string, number>();

function credentialsDigest(user: string, password: string, stored: string): string {
  return createHmac('sha256', cacheKey).update(user).update('\0').update(password).update('\0').update(stored).digest('hex');
}

function remember(digest: string, now: number): void {
  recentSuccesses.delete(digest);
  recentSuccesses.set(digest, now + SUCCESS_CACHE_MS);
  while (recentSuccesses.size > SUCCESS_CACHE_SIZE) recentSuccesses.delete(recentSuccesses.keys().next().value!);
}

/** True when these exact credentials were checked correct within SUCCESS_CACHE_MS. */
function recentlyGood(digest: string, now: number): boolean {
  const until = recentSuccesses.get(digest);
  if (until === undefined) return false;
  if (until > now) return true;
  recentSuccesses.delete(digest);
  return false;
}

/** Forgets every remembered success (for tests that measure the queue itself). */
export function forgetRecentSuccesses(): void {
  recentSuccesses.clear();
}

/**
 * Checks a password against its stored scrypt hash (an unknown user is checked against `fallbackHash`, at the same
 * cost). Queued per client address `from`; throws TooManyAuthAttempts when that address already waits too much.
 */
export async function checkPassword(stored: string | undefined, fallbackHash: string, user: string, password: string, from: string): Promise<boolean> {
  const digest = stored === undefined ? undefined : credentialsDigest(user, password, stored);
  if (digest !== undefined && recentlyGood(digest, Date.now())) return true;
  const ok = await inCheckSlot(from, () => verifyPassword(password, stored ?? fallbackHash));
  if (ok && digest !== undefined) remember(digest, Date.now());
  return ok && stored !== undefined;
}
