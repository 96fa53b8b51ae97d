import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileSynonyms, type SynonymDictionary, type SynonymEntry } from './dictionary';

/**
 * The shipped dictionary of equivalent product names (English and Chinese):
 * the base layer under the merchandisers' synonyms. Its header documents the
 * format and how merchandisers extend or override it.
 */
export const RETAIL_EQUIVALENTS_FILE = path.join(__dirname, 'retail-equivalents.txt');

const ONE_WAY = '=>';

/** Lines of the Solr-style format as synonym entries (ids `shipped:<line>`); a malformed line throws naming it. */
export function parseEquivalents(text: string): SynonymEntry[] {
  const entries: SynonymEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const id = `shipped:${i + 1}`;
    const fail = (why: string) => new Error(`retail equivalents line ${i + 1}: ${why}: "${raw}"`);
    const terms = (part: string) => {
      const list = part.split(',').map((t) => t.trim());
      if (list.some((t) => t === '')) throw fail('an empty term');
      return list;
    };
    const sides = line.split(ONE_WAY);
    if (sides.length > 2) throw fail(`more than one "${ONE_WAY}"`);
    if (sides.length === 1) {
      const list = terms(line);
      if (list.length < 2) throw fail('equivalents need at least two terms');
      entries.push({ id, type: 'multiway', terms: list });
      return;
    }
    const synonyms = terms(sides[1]!);
    for (const input of terms(sides[0]!)) entries.push({ id, type: 'oneway', input, synonyms });
  });
  return entries;
}

// Read once when the module loads: shipped with the code, changed by a deploy.
const shipped = parseEquivalents(readFileSync(RETAIL_EQUIVALENTS_FILE, 'utf8'));

/** Merchandisers' synonyms over the shipped equivalents (what a merchandising snapshot serves). */
export function withShippedEquivalents(entries: readonly SynonymEntry[]): SynonymDictionary {
  return compileSynonyms(entries, shipped);
}

/** The shipped equivalents alone: searches without merchandising data (benchmarks, tools, no store). */
export const shippedSynonyms: SynonymDictionary = withShippedEquivalents([]);
