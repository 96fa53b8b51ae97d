import { validationError } from '../core/errors';

/** Longest name accepted in X-Actor. @default 120 */
export const maxActorLength = 120;

/**
 * Letters and digits of any script, spaces and the punctuation of names and
 * e-mail addresses; it must start with a letter or digit. No control
 * characters, quotes or angle brackets: the name is shown in the console and
 * kept in the audit trail as the person who made a change.
 */
const actorPattern = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .,'@_+:()/-]*$/u;

/**
 * The person a shared key's client names in `X-Actor` for the audit trail,
 * or null when the header is absent or empty. Header bytes arrive as latin1;
 * they are read as the UTF-8 a client sends, and anything that is not a
 * plain name is a 400 naming the header, never stored as it came.
 */
export function actorName(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  if (header.length > maxActorLength * 4) throw validationError('X-Actor', `At most ${maxActorLength} characters.`);
  const name = Buffer.from(header, 'latin1').toString('utf8').trim();
  if (name.includes('\uFFFD')) throw validationError('X-Actor', 'X-Actor must be UTF-8 text.');
  if ([...name].length > maxActorLength) throw validationError('X-Actor', `At most ${maxActorLength} characters.`);
  if (!actorPattern.test(name)) {
    throw validationError('X-Actor', "Use letters, digits, spaces and . , ' @ _ + : ( ) / - only, starting with a letter or digit.");
  }
  return name;
}
