/**
 * Payload of every event type the engine appends to the `events` log. This file holds the engine's own; each
 * area adds its types to the interface from its `events.ts` (module augmentation), so the union is complete
 * wherever the area is compiled in.
 */
export interface EventPayloads {
  'loop.paused': { loop: string; reason?: string };
  'loop.resumed': { loop: string; reason?: string };
  /** A loop held by the engine itself (a maintenance window, a replica), not by an operator. */
  'loop.suspended': { loop: string; reason: string };
  'loop.lifted': { loop: string; reason: string };
  /** An operator action: who (the event's actor), what, and the result. Arguments are capped in size. */
  command: { name: string; args: Record<string, unknown>; ok: boolean; result: string; kind?: string };
}

export type EventType = keyof EventPayloads;

export type EngineEvent = {
  [K in EventType]: { seq: number; ts: number; type: K; actor: string; payload: EventPayloads[K] };
}[EventType];

export type EventOf<K extends EventType> = Extract<EngineEvent, { type: K }>;
