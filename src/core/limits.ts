// Every store a client can grow, and the most it may hold. Set through createVoicemock's
// `config` and `voicemock serve` flags; README "Limits" lists them. Past a limit the client gets
// the provider's documented error (or the oldest entries go, where that is what a user expects).

export interface Limits {
  /** Built-in receivers at once (`--max-receivers`); a new name past it is refused with 409. */
  maxReceivers: number;
  /** Requests kept per receiver, oldest dropped first. */
  maxReceivedPerReceiver: number;
  /** Bytes of recorded requests across all receivers, oldest dropped first (`--max-received-bytes`). */
  maxReceivedBytes: number;
  /** Records of one kind per organisation: SFVoPI apps, Voxifi agents, webhooks, campaigns (`--max-records-per-org`). */
  maxRecordsPerOrg: number;
  /** Voxifi deliveries held back by an endpoint's rate limit (`--max-held-deliveries`); past it the newest are dead-lettered. */
  maxHeldDeliveries: number;
  /** Bytes read from an answer-webhook response; more is a schema failure. */
  maxAnswerBodyBytes: number;
  /** Memory for the contacts of all stored campaigns together, estimated in bytes (`--max-campaign-bytes`); a campaign past it is refused. */
  maxCampaignBytes: number;
  /** Organisations at once, the demo one included (`--max-orgs`); past it POST /__voicemock/orgs answers 409. */
  maxOrgs: number;
  /** Load runs kept, finished ones included (`--max-load-runs`); the oldest finished go first, and past it with none finished a new run is refused. */
  maxLoadRuns: number;
  /** Load runs running at once (`--max-active-load-runs`); past it a new run is refused with 409. */
  maxActiveLoadRuns: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxReceivers: 100,
  maxReceivedPerReceiver: 1000,
  maxReceivedBytes: 64 * 1024 * 1024,
  maxRecordsPerOrg: 10_000,
  maxHeldDeliveries: 1000,
  maxAnswerBodyBytes: 1_000_000,
  maxCampaignBytes: 64 * 1024 * 1024,
  maxOrgs: 100,
  maxLoadRuns: 20,
  maxActiveLoadRuns: 4,
});

/** The explanation a client gets past a per-org limit, as the `{error}` of the provider's message. */
export const recordLimitError = (what: string, limit: number) =>
  `limit of ${limit} ${what} per organisation reached (voicemock maxRecordsPerOrg); delete some or raise the limit`;

