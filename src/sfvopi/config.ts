// SFVoPI's options in createVoicemock's `config`, with their defaults (through the SFVoPI part).

/** Values for the Stream JSON fields the docs give no default for, when an answer leaves them out (false, false). */
export interface StreamDefaults {
  bidirectional?: boolean;
  keep_call_alive?: boolean;
}

declare module '../core/context.ts' {
  interface MockConfig {
    streamDefaults: StreamDefaults;
  }
}

export const DEFAULT_SFVOPI_CONFIG: { streamDefaults: StreamDefaults } = { streamDefaults: {} };
