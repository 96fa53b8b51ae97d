const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A length of time as people write it on a command line: `90s`, `30m`,
 * `1h`, `7d`, or a bare number of seconds. Returns whole seconds, or null for
 * anything else (zero and negative lengths included).
 */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * units[match[2] || 's']!;
  return seconds > 0 ? seconds : null;
}
