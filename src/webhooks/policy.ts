// Delivery policy (docs §4.7–§4.9): what counts as success, what is retried and when. The docs
// are ambiguous in places (5 or 6 attempts, timeouts and connection errors), so those are knobs.

export interface DeliveryConfig {
  /** Attempts per series, first one included. Default 6: the first attempt plus the 5 documented retries. */
  maxAttempts: number;
  /** Delay before retry n (1-based) is element n-1; the last element repeats. Default [1, 2, 4, 8, 16]. */
  retryDelaysSeconds: number[];
  /** The receiver must answer within this long (default 30,000 ms, on the mock's clock). */
  timeoutMs: number;
  /** Retry an attempt that timed out (default true; the docs do not say). */
  retryOnTimeout: boolean;
  /** Retry a refused or broken connection (default true; the docs do not say). */
  retryOnConnectionError: boolean;
  /** New X-Webhook-Timestamp and signature on every attempt (default true). Replays always get new ones. */
  refreshTimestampPerAttempt: boolean;
  /** Attempt starts per endpoint (webhook) in any sliding window; excess attempts are held, not dropped, and go out in order. Default 10 per 60 s; `attempts: Infinity` turns it off. */
  rateLimit: { attempts: number; perSeconds: number };
  /** Bytes of the receiver's answer kept in the log (default 1024). */
  responseBodyBytes: number;
  /** Attempts kept per delivery; replays add series, the oldest attempts go first (default 50). */
  maxLoggedAttempts: number;
  /** Deliveries kept per organisation; the oldest settled ones are evicted beyond it (default 10,000). */
  maxDeliveriesPerOrg: number;
}

export const DEFAULT_DELIVERY_CONFIG: Readonly<DeliveryConfig> = Object.freeze({
  maxAttempts: 6,
  retryDelaysSeconds: [1, 2, 4, 8, 16],
  timeoutMs: 30_000,
  retryOnTimeout: true,
  retryOnConnectionError: true,
  refreshTimestampPerAttempt: true,
  rateLimit: { attempts: 10, perSeconds: 60 },
  responseBodyBytes: 1024,
  maxLoggedAttempts: 50,
  maxDeliveriesPerOrg: 10_000,
});

export type AttemptOutcome =
  | { kind: 'response'; status: number; body: string }
  | { kind: 'timeout'; status: number | null }
  | { kind: 'connection'; message: string };

export type Verdict = 'delivered' | 'retry' | 'dead-letter';

/** 2xx delivers; 5xx and 429 retry; any other status (3xx, 4xx) is permanent. */
export function classify(outcome: AttemptOutcome, config: DeliveryConfig): Verdict {
  switch (outcome.kind) {
    case 'timeout':
      return config.retryOnTimeout ? 'retry' : 'dead-letter';
    case 'connection':
      return config.retryOnConnectionError ? 'retry' : 'dead-letter';
    case 'response': {
      const s = outcome.status;
      if (s >= 200 && s < 300) return 'delivered';
      if (s >= 500 || s === 429) return 'retry';
      return 'dead-letter';
    }
  }
}

/** Milliseconds to wait after failed attempt `attempt` (1-based), or null when the series is spent. */
export function retryDelayMs(attempt: number, config: DeliveryConfig): number | null {
  if (attempt >= config.maxAttempts) return null;
  const delays = config.retryDelaysSeconds;
  const seconds = delays[Math.min(attempt - 1, delays.length - 1)] ?? 0;
  return seconds * 1000;
}
