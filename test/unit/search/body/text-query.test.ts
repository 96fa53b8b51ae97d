import assert from 'node:assert/strict';
import { initialsOf, mayBeInitials, orProductId, textQuery } from '../../../../src/search/body/text-query';
import { analyzeQuery } from '../../../../ranking/query/query-text';
import { compileSynonyms } from '../../../../ranking/synonyms/dictionary';
import { expandQuery } from '../../../../ranking/synonyms/expand';

/** The clauses of the word units of a text query, as JSON, one string per unit. */
function units(q: string, synonyms: Parameters<typeof compileSynonyms>[0] = []): string[] {
  const query = textQuery(expandQuery(analyzeQuery(q), compileSynonyms(synonyms)), 'all') as {
    bool: { must: Array<{ bool: { should: unknown[] } }> };
  };
  return query.bool.must[0]!.bool.should.map((unit) => JSON.stringify(unit));
}

describe('textQuery: glued and split words', () => {
  it('looks for each word written together with its neighbours, stemmed, as a real title match', () => {
    const [smart, phones] = units('smart phones');
    const together = '{"term":{"title_terms":{"value":"smartphon","boost":3}}}';
    assert.ok(smart!.includes(together), smart);
    assert.ok(phones!.includes(together), 'both words can be satisfied by the one joined title word');
  });

  it("looks for a long word among the titles' joined pairs, and leaves Chinese and short words alone", () => {
    assert.ok(units('deadspace')[0]!.includes('{"constant_score":{"filter":{"term":{"title_joined":"deadspac"}},"boost":1.5}}'));
    assert.ok(!units('xbox')[0]!.includes('title_joined'), 'four letters are rarely two words');
    assert.ok(!units('跑鞋 nike').join('').includes('跑鞋nike'));
  });

  it("keeps a word's joined forms when the word has synonyms", () => {
    const [, phone] = units('smart phone', [{ id: '1', type: 'oneway', input: 'phone', synonyms: ['mobile'], weight: 0.7 }]);
    assert.ok(phone!.includes('mobile'), 'the synonym is there');
    assert.ok(phone!.includes('{"term":{"title_terms":{"value":"smartphon","boost":3}}}'), phone);
  });

  it('looks for the words written together misspelt only in the fallback that needs fewer words', () => {
    const typo = '"fuzzy":{"title_words":{"value":"battlefeild","fuzziness":2';
    const relaxed = JSON.stringify(textQuery(analyzeQuery('battle feild'), 'relaxed'));
    assert.ok(relaxed.includes(typo), relaxed);
    assert.ok(!JSON.stringify(textQuery(analyzeQuery('battle feild'), 'all')).includes(typo), 'not in the first search');
  });
});

describe('textQuery: years', () => {
  it("also looks for a year's short form in titles, weighted like a typo's match", () => {
    const [, year] = units('madden 2012');
    assert.ok(year!.includes('{"term":{"title_terms":{"value":"12","boost":1.5}}}'), year);
    assert.ok(!units('madden 12')[1]!.includes('"value":"2012"'));
  });
});

describe('textQuery: pieces of one written word, and initials', () => {
  const unitsOf = (query: ReturnType<typeof analyzeQuery>) =>
    (textQuery(query, 'relaxed') as { bool: { must: Array<{ bool: { should: unknown[]; minimum_should_match: number } }> } }).bool.must[0]!
      .bool;

  it('keeps the pieces of a model code in one unit, so a search needing fewer words never keeps a piece', () => {
    const { should, minimum_should_match } = unitsOf(analyzeQuery('x16 phone'));
    assert.equal(should.length, 2, JSON.stringify(should));
    assert.equal(minimum_should_match, 1);
    assert.ok(JSON.stringify(should[0]).startsWith('{"bool":{"must":['), JSON.stringify(should[0]));
  });

  it('reads initials only when the search asks for them, for short words and a glued abbreviation', () => {
    const plain = analyzeQuery('cod mw3');
    assert.ok(!JSON.stringify(textQuery(plain, 'all')).includes('"title_joined":"cod"'));
    const read = JSON.stringify(textQuery({ ...plain, initials: true }, 'all'));
    assert.ok(read.includes('{"term":{"title_joined":"cod"}}') && read.includes('{"term":{"title_joined":"mw3"}}'), read);
  });

  it('knows which words could be initials', () => {
    assert.equal(initialsOf(analyzeQuery('gta').words), 'gta');
    assert.equal(initialsOf(analyzeQuery('mw3').words), 'mw3');
    assert.equal(initialsOf(analyzeQuery('headphones').words), null, 'too long');
    assert.equal(initialsOf(analyzeQuery('x16').words), null, 'one letter and a number is a model code');
    assert.equal(initialsOf(analyzeQuery('mw 3').words), null, 'typed apart');
    assert.equal(mayBeInitials(analyzeQuery('cod mw3')), true);
    assert.equal(mayBeInitials(analyzeQuery('wireless headphones')), false);
  });
});

describe('orProductId', () => {
  const words = { match_all: {} };
  it('also matches the product whose id the query is, exactly as typed', () => {
    assert.deepEqual(orProductId(words, ' 2467183 '), {
      bool: { should: [words, { term: { id: { value: '2467183', boost: 8 } } }], minimum_should_match: 1 },
    });
  });

  it('leaves a query of several words to its words', () => {
    assert.equal(orProductId(words, 'call of duty'), words);
  });
});
