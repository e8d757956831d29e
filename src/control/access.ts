// Who may drive the control API, as configuration (the checks are in origin.ts), and the
// control API's other options. They join createVoicemock's `config` through the control part.

export interface ControlAccess {
  /** Host names the control API answers besides loopback ones (`--host`, `--allow-host`); '*' allows any. */
  allowedHosts: string[];
  /** Origins (`scheme://host:port`) that may call it from a browser besides its own (`--allow-origin`). */
  allowedOrigins: string[];
  /** When set, every control request must send it as `Authorization: Bearer <token>` or `voicemock-control-token` (`--control-token`). */
  controlToken: string | null;
}

export interface ControlConfig extends ControlAccess {
  /** Open GET /__voicemock/events streams at once (503 above it). */
  maxEventStreams: number;
}

declare module '../core/context.ts' {
  interface MockConfig extends ControlConfig {}
}

export const DEFAULT_CONTROL_ACCESS: Readonly<ControlAccess> = Object.freeze({
  allowedHosts: [],
  allowedOrigins: [],
  controlToken: null,
});

export const DEFAULT_CONTROL_CONFIG: Readonly<ControlConfig> = Object.freeze({ ...DEFAULT_CONTROL_ACCESS, maxEventStreams: 16 });
