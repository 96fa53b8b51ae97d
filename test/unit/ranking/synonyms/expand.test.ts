import assert from 'node:assert/strict';
import { compileSynonyms, type SynonymEntry } from '../../../../ranking/synonyms/dictionary';
import { expandQuery } from '../../../../ranking/synonyms/expand';
import { analyzeQuery } from '../../../../ranking/query/query-text';

const expand = (q: string, entries: SynonymEntry[]) => expandQuery(analyzeQuery(q), compileSynonyms(entries));
/** Spans as "typed words → alternative texts@weight". */
const spans = (q: string, entries: SynonymEntry[]) => {
  const query = expand(q, entries);
  return (query.synonyms ?? []).map(
    (s) =>
      `${query.words
        .slice(s.start, s.end)
        .map((w) => w.word)
        .join(' ')} → ${s.alternatives.map((a) => `${a.text}@${a.weight}`).join(', ')}`,
  );
};

describe('synonym expansion', () => {
  const tv: SynonymEntry = { id: '1', type: 'multiway', terms: ['tv', 'television', '电视'] };

  it('expands every term of a multi-way synonym into the others, in English and Chinese', () => {
    assert.deepEqual(spans('cheap tv', [tv]), ['tv → television@0.8, 电视@0.8']);
    assert.deepEqual(spans('Televisions', [tv]), ['televisions → tv@0.8, 电视@0.8'], 'matched after stemming');
    assert.deepEqual(spans('电视', [tv]), ['电视 → tv@0.8, television@0.8']);
  });

  it('expands a one-way synonym from its input only', () => {
    const laptop: SynonymEntry = { id: '2', type: 'oneway', input: 'laptop', synonyms: ['notebook computer'], weight: 0.6 };
    assert.deepEqual(spans('gaming laptop', [laptop]), ['laptop → notebook computer@0.6']);
    assert.deepEqual(spans('notebook computer', [laptop]), []);
  });

  it('prefers the longest multi-word input and never overlaps spans', () => {
    const entries: SynonymEntry[] = [
      { id: '1', type: 'multiway', terms: ['cell phone', 'mobile phone', '手机'] },
      { id: '2', type: 'oneway', input: 'phone', synonyms: ['handset'] },
      { id: '3', type: 'oneway', input: 'case', synonyms: ['cover'] },
    ];
    assert.deepEqual(spans('cell phone case', entries), ['cell phone → mobile phone@0.8, 手机@0.8', 'case → cover@0.8']);
    assert.deepEqual(spans('phone case', entries), ['phone → handset@0.8', 'case → cover@0.8']);
    const query = expand('cell phone case', entries);
    assert.deepEqual(
      query.synonyms!.map((s) => [s.start, s.end]),
      [
        [0, 2],
        [2, 3],
      ],
    );
    assert.deepEqual(
      query.synonyms![0]!.alternatives[0]!.words.map((w) => [w.word, w.term, w.fuzziness]),
      [
        ['mobile', 'mobil', 0],
        ['phone', 'phone', 0],
      ],
    );
  });

  it('leaves a query without synonyms untouched', () => {
    const query = analyzeQuery('red shoes');
    assert.equal(expandQuery(query, compileSynonyms([tv])), query);
  });
});
