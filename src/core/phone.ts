// E.164, the phone number format both providers speak (each normalises input its own way).
const E164 = /^\+[1-9][0-9]{1,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}
