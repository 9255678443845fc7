import { z } from 'zod';
import type { Actor, CommandResult } from '../area.js';
import { isErrorKind, type ErrorKind } from '../errors.js';
import type { EngineEvent } from '../events.js';
import type { EngineSnapshot } from './engine-client.js';

/**
 * The console protocol on `/ws`: JSON text messages, one object each, with a `type`.
 *
 * Auth: the upgrade request carries `Authorization: Bearer <token>`; without a valid one the server answers the
 * upgrade with 401 (403 when it has no operators at all) and a JSON `{"message"}` body, and no socket opens.
 * Then the server sends `welcome`. Requests carry an `id` the answer repeats; `subscribe` (re)starts the event
 * feed after `fromSeq`: the server replays the log, then streams live `events`, in order, without gaps.
 * `query` asks any area's query by name; the engine checks the arguments against that query's schema.
 */
export const PROTOCOL_VERSION = 2;
export const MAX_PAYLOAD = 64 * 1024;

const requestId = z.union([z.number().int().safe(), z.string().max(64)]);
export type RequestId = z.infer<typeof requestId>;

const commandSchema = z.object({ name: z.string().max(100), args: z.record(z.string(), z.unknown()).optional() });

const clientMessages = {
  snapshot: z.object({ type: z.literal('snapshot'), id: requestId }),
  subscribe: z.object({ type: z.literal('subscribe'), fromSeq: z.number().int().min(0).safe() }),
  unsubscribe: z.object({ type: z.literal('unsubscribe') }),
  dispatch: z.object({ type: z.literal('dispatch'), id: requestId, command: commandSchema }),
  query: z.object({ type: z.literal('query'), id: requestId, name: z.string().min(1).max(100), args: z.record(z.string(), z.unknown()).optional() }),
} as const;

export type ClientMessage = z.infer<(typeof clientMessages)[keyof typeof clientMessages]>;

export type ServerMessage =
  | { type: 'welcome'; protocol: number; identity: Actor; lastSeq: number }
  | { type: 'snapshot'; id: RequestId; snapshot: EngineSnapshot }
  | { type: 'events'; events: EngineEvent[] }
  | { type: 'result'; id: RequestId; result: CommandResult }
  | { type: 'query'; id: RequestId; result: unknown }
  | { type: 'error'; id?: RequestId; message: string; kind?: ErrorKind };

/** A client message, or why it is not one (with the request id when one could be read). */
export function parseClientMessage(text: string): { ok: true; message: ClientMessage } | { ok: false; id?: RequestId; problem: string } {
  const raw = parseJson(text);
  if (raw === undefined) return { ok: false, problem: 'malformed JSON' };
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, problem: 'a message must be a JSON object with a string "type"' };
  const id = requestId.safeParse(raw.id);
  const known = Object.hasOwn(clientMessages, raw.type) ? clientMessages[raw.type as keyof typeof clientMessages] : undefined;
  if (!known)
    return {
      ok: false,
      id: id.data,
      problem: `unknown message type ${JSON.stringify(raw.type.slice(0, 40))}; expected one of ${Object.keys(clientMessages).join(', ')}`,
    };
  const parsed = known.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, id: id.data, problem: `bad ${raw.type} message: ${issue.path.join('.') || 'message'}: ${issue.message}` };
  }
  return { ok: true, message: parsed.data };
}

const eventSchema = z.object({ seq: z.number().int(), ts: z.number(), type: z.string(), actor: z.string(), payload: z.record(z.string(), z.unknown()) });
const objectOf = <T>() => z.custom<T>((v) => isRecord(v), 'must be an object');
const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocol: z.number(),
    identity: z.object({ name: z.string(), role: z.enum(['operator', 'viewer']) }),
    lastSeq: z.number(),
  }),
  z.object({ type: z.literal('snapshot'), id: requestId, snapshot: objectOf<EngineSnapshot>() }),
  z.object({ type: z.literal('events'), events: z.array(eventSchema) }),
  z.object({
    type: z.literal('result'),
    id: requestId,
    result: z.object({
      ok: z.boolean(),
      message: z.string(),
      data: z.unknown().optional(),
      error: z.object({ kind: z.string().refine(isErrorKind) }).optional(),
    }),
  }),
  z.object({ type: z.literal('query'), id: requestId, result: z.unknown() }),
  z.object({ type: z.literal('error'), id: requestId.optional(), message: z.string(), kind: z.string().refine(isErrorKind).optional() }),
]);

/** A server message as the client checks it: envelopes and events by shape; snapshots and query results are trusted. */
export function parseServerMessage(text: string): ServerMessage | null {
  const parsed = serverMessageSchema.safeParse(parseJson(text));
  return parsed.success ? (parsed.data as ServerMessage) : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
