// The counters a load run keeps, per provider: the one list the runners, the CLI, the control
// API and the Prometheus endpoint (which declares them all up front) read.
export const SFVOPI_COUNTERS = [
  'calls_planned', 'calls_started', 'calls_answered', 'calls_completed', 'calls_failed', 'streams_opened',
  'responses', 'unanswered', 'play_audio_frames', 'late_frames', 'malformed_messages', 'checkpoints',
  'played_stream', 'clear_audio',
] as const;

export const VOXIFI_COUNTERS = ['calls_planned', 'calls_completed', 'calls_failed', 'deliveries', 'delivered', 'retries', 'dead_letters'] as const;

/** Every counter any run may count, each once. */
export const ALL_COUNTERS: readonly string[] = [...new Set<string>([...SFVOPI_COUNTERS, ...VOXIFI_COUNTERS])];
