import type { WebhookPayload } from './payload.js';
import type { Webhook } from './rules.js';

export interface Delivery {
  ok: boolean;
  attempts: number;
  /** The last HTTP status, or null when no answer came (refused, timed out). */
  status: number | null;
  error: string | null;
}

/**
 * POSTs the payload as JSON; a failure (no answer within the timeout, or a status other than 2xx) is retried
 * `retries` times, waiting `backoffMs` then twice as long each time.
 */
export async function deliver(hook: Webhook, payload: WebhookPayload, backoffMs = 1000): Promise<Delivery> {
  let status: number | null = null;
  let error: string | null = null;
  for (let attempt = 1; attempt <= hook.retries + 1; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 2)));
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'rdo-console-alerts' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(hook.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel();
      if (res.ok) return { ok: true, attempts: attempt, status, error: null };
      error = `HTTP ${res.status}`;
    } catch (err) {
      status = null;
      const e = err as Error & { cause?: { code?: string } };
      error = e.name === 'TimeoutError' ? `no answer in ${hook.timeoutMs} ms` : (e.cause?.code ?? e.message);
    }
  }
  return { ok: false, attempts: hook.retries + 1, status, error };
}
