// Voxifi's documented timestamps are ISO 8601 UTC without fractional seconds.
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
