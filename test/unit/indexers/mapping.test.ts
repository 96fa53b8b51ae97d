import assert from 'node:assert/strict';
import { missingProperties } from '../../../indexers/mapping';

describe('missingProperties', () => {
  it('keeps only the fields the index lacks, inside object fields too, never a field defined differently', () => {
    const wanted = {
      id: { type: 'keyword' },
      title_joined: { type: 'text' },
      title_words: { type: 'text', index_prefixes: { min_chars: 1, max_chars: 10 } },
      recommendations: { properties: { also_bought: { type: 'keyword' }, ease: { type: 'object', enabled: false } } },
    } as const;
    const current = {
      id: { type: 'keyword' },
      title_words: { type: 'text', index_prefixes: { min_chars: 2, max_chars: 10 } },
      recommendations: { properties: { also_bought: { type: 'keyword' } } },
    } as const;
    assert.deepEqual(missingProperties(wanted as never, current as never), {
      title_joined: { type: 'text' },
      recommendations: { properties: { ease: { type: 'object', enabled: false } } },
    });
    assert.deepEqual(missingProperties(wanted as never, wanted as never), {});
  });
});
