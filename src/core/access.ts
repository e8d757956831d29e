// Who may drive the control API, as configuration (the checks are in src/control/origin.ts).

export interface ControlAccess {
  /** Host names the control API answers besides loopback ones (`--host`, `--allow-host`); '*' allows any. */
  allowedHosts: string[];
  /** Origins (`scheme://host:port`) that may call it from a browser besides its own (`--allow-origin`). */
  allowedOrigins: string[];
  /** When set, every control request must send it as `Authorization: Bearer <token>` or `voicemock-control-token` (`--control-token`). */
  controlToken: string | null;
}

export const DEFAULT_CONTROL_ACCESS: Readonly<ControlAccess> = Object.freeze({
  allowedHosts: [],
  allowedOrigins: [],
  controlToken: null,
});
