import { normalize } from './normalize';
import { wordGroups } from './analyze';

/**
 * The initials a product line is known by: "Call of Duty: Modern Warfare 3"
 * is searched as "cod mw3", "Grand Theft Auto IV" as "gta 4" or "gta4",
 * "Need for Speed" as "nfs". Shoppers abbreviate names, and a name starts a
 * title or one of its parts (after ":", " - ", a comma or a bracket), so
 * only the words that open a part are read, and only as far as they are
 * plain words:
 *
 * - three words or more give their initials ("call of duty" → "cod"), small
 *   words included, since that is how such names are abbreviated;
 * - two words or more directly followed by a number give the initials and
 *   the number ("modern warfare 3" → "mw3"): a sequel number makes two
 *   letters specific enough.
 *
 * A single word gives nothing ("battlefield 3" is no "b3"), nor do words in
 * the middle of a part ("Red Running Shoes Men" gives "rrs", never "rsm").
 * Latin words only.
 */

// Where a title's parts meet: a colon, semicolon, comma, bracket, slash or bar, or a dash between spaces.
const PART_BREAK = /[:;,()[\]{}|/]|\s[-–—]\s/u;
const LATIN_WORD = /^\p{Script=Latin}+$/u;
const NUMBER = /^\d+$/;
const MAX_WORDS = 5;

export function acronyms(title: string): string[] {
  const out = new Set<string>();
  for (const part of normalize(title).split(PART_BREAK)) {
    // The query reading (one form per word, none of the stored side's extras), by written word: a model code such
    // as "X15" is one written word of two pieces, neither a plain word nor a number of its own.
    const list = wordGroups(part, { purpose: 'query' }).map((group) => (group.length === 1 ? group[0]! : ''));
    let initials = '';
    for (let i = 0; i < Math.min(list.length, MAX_WORDS) && LATIN_WORD.test(list[i]!); i++) {
      initials += list[i]![0];
      const next = list[i + 1];
      if (initials.length >= 3) out.add(initials);
      if (initials.length >= 2 && next !== undefined && NUMBER.test(next)) out.add(initials + next);
    }
  }
  return [...out];
}
