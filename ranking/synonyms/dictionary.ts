import { analyzeQuery, type QueryWord } from '../query/query-text';

/**
 * Synonyms as merchandisers manage them. Multi-way: every term stands for
 * every other ("tv", "television", "电视"). One-way: the input also finds
 * the synonyms, not the reverse ("laptop" → "notebook computer"). Terms may
 * be several words; English and Chinese go through the search's analysis.
 */
export type SynonymDefinition =
  { type: 'multiway'; terms: string[]; weight?: number } | { type: 'oneway'; input: string; synonyms: string[]; weight?: number };

export type SynonymEntry = SynonymDefinition & { id: string };

/** How much a synonym match counts next to the words typed (1 would be equal). @default 0.8 */
export const defaultSynonymWeight = 0.8;

export interface Alternative {
  text: string;
  words: QueryWord[];
  weight: number;
}

interface DictionaryEntry {
  /** The input's terms (stems), as the query's words are compared. */
  terms: string[];
  alternatives: Map<string, Alternative>;
}

export interface SynonymDictionary {
  /** Inputs that have alternatives. */
  readonly size: number;
  /** Entries by their first term, longest first, so the longest input wins. */
  readonly byFirstTerm: ReadonlyMap<string, readonly DictionaryEntry[]>;
}

/** A phrase as the query side sees it; synonyms are exact words, so never fuzzy. */
function phrase(text: string): Alternative {
  return { text, words: analyzeQuery(text).words.map((w) => ({ ...w, fuzziness: 0 })), weight: 0 };
}

const keyOf = (words: readonly QueryWord[]): string => words.map((w) => w.term).join(' ');

/**
 * Compiles synonyms for expansion. `base` is a lower layer (the shipped
 * retail equivalents): an input the `entries` also define takes the entries'
 * alternatives only, so merchandisers can replace or, with an entry whose
 * only synonym is its own input, switch off a shipped line.
 */
export function compileSynonyms(entries: readonly SynonymEntry[], base: readonly SynonymEntry[] = []): SynonymDictionary {
  const merged = new Map([...baseInputs(base), ...collectInputs(entries)]);
  const byFirstTerm = new Map<string, DictionaryEntry[]>();
  let size = 0;
  for (const entry of merged.values()) {
    if (entry.alternatives.size === 0) continue;
    size++;
    const list = byFirstTerm.get(entry.terms[0]!) ?? [];
    list.push(entry);
    byFirstTerm.set(entry.terms[0]!, list);
  }
  for (const list of byFirstTerm.values()) list.sort((a, b) => b.terms.length - a.terms.length);
  return { size, byFirstTerm };
}

// A base layer is one constant list (the shipped file, read once): its inputs
// are analysed once, not on every snapshot and preview. Nothing mutates them.
const compiledBases = new WeakMap<readonly SynonymEntry[], Map<string, DictionaryEntry>>();

function baseInputs(base: readonly SynonymEntry[]): Map<string, DictionaryEntry> {
  let inputs = compiledBases.get(base);
  if (inputs === undefined) compiledBases.set(base, (inputs = collectInputs(base)));
  return inputs;
}

/** Each input (by its terms) with every alternative the entries give it; an input whose only synonyms are itself keeps an empty set. */
function collectInputs(entries: readonly SynonymEntry[]): Map<string, DictionaryEntry> {
  const byInput = new Map<string, DictionaryEntry>();
  const add = (input: Alternative, outputs: Alternative[], weight: number) => {
    const key = keyOf(input.words);
    if (key === '') return;
    let entry = byInput.get(key);
    if (!entry) byInput.set(key, (entry = { terms: input.words.map((w) => w.term), alternatives: new Map() }));
    for (const output of outputs) {
      const outputKey = keyOf(output.words);
      if (outputKey === '' || outputKey === key) continue;
      const seen = entry.alternatives.get(outputKey);
      if (!seen || seen.weight < weight) entry.alternatives.set(outputKey, { ...output, weight });
    }
  };
  for (const entry of entries) {
    const weight = entry.weight ?? defaultSynonymWeight;
    if (entry.type === 'multiway') {
      const terms = entry.terms.map(phrase);
      for (const input of terms) add(input, terms, weight);
    } else {
      add(phrase(entry.input), entry.synonyms.map(phrase), weight);
    }
  }
  return byInput;
}
