// The Voxifi event envelope (docs §4.3), serialised once: the bytes signed are the bytes sent,
// compact and in a fixed key order, so receivers that re-serialise (the docs' Node example) agree.

export interface EventEnvelope<T extends string = string> {
  event_type: T;
  event_id: string;
  timestamp: string;
  organization_id: string;
  data: Record<string, unknown>;
}

/** ISO 8601 UTC without fractional seconds, as in the docs' examples (`2024-01-15T10:35:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function buildEnvelope<T extends string>(input: EventEnvelope<T>): { envelope: EventEnvelope<T>; body: string } {
  const envelope: EventEnvelope<T> = {
    event_type: input.event_type,
    event_id: input.event_id,
    timestamp: input.timestamp,
    organization_id: input.organization_id,
    data: input.data,
  };
  return { envelope, body: JSON.stringify(envelope) };
}
