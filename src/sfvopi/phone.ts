// SFVoPI normalises input to E.164, and a bare 10-digit number is taken as Indian (+91, inferred).
import { isE164 } from '../core/phone.ts';

export function toE164(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s()-]/g, '');
  if (digits.startsWith('+')) return isE164(digits) ? digits : null;
  if (!/^[0-9]+$/.test(digits)) return null;
  if (digits.length === 10) return `+91${digits}`;
  if (digits.length === 12 && digits.startsWith('91')) return `+${digits}`;
  const candidate = `+${digits.replace(/^0+/, '')}`;
  return isE164(candidate) ? candidate : null;
}
