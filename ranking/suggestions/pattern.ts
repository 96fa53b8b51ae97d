export type SuggestionMatch = 'exact' | 'contains';

// Scripts written without spaces between words: a ban on a word of theirs matches anywhere in the text.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * The LIKE pattern a suggestion, padded with one space on each side, is
 * compared with (`' ' || text || ' ' like pattern`), for normalised text:
 * - exact: the whole suggestion (`' running shoes '`);
 * - contains: the words anywhere, as whole words (`'% nike %'` bans "nike air"
 *   and "cheap nike" but not "nikeland"), or as characters anywhere for
 *   scripts without spaces (`'%铸铁%'`).
 * LIKE's own characters are escaped, so the text is always taken literally.
 */
export function suggestionPattern(text: string, match: SuggestionMatch): string {
  const literal = text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  if (match === 'exact') return ` ${literal} `;
  return UNSPACED.test(text) ? `%${literal}%` : `% ${literal} %`;
}
