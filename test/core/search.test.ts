import { describe, expect, it } from 'vitest';
import { foldText, searchTerms } from '../../dist/core/search.js';

describe('searchTerms', () => {
  it.each([
    ['Baker', { like: '%baker%', digits: '', e164: '' }],
    ['  Müller ', { like: '%muller%', digits: '', e164: '' }],
    ['50%_off\\', { like: '%50\\%\\_off\\\\%', digits: '', e164: '' }],
    ['(617) 555-0134', { like: '%(617) 555-0134%', digits: '6175550134', e164: '+16175550134' }],
    ['555.0134', { like: '%555.0134%', digits: '5550134', e164: '' }],
    ['+44 20 7946 0958', { like: '%+44 20 7946 0958%', digits: '442079460958', e164: '+442079460958' }],
  ])('%j', (text, terms) => {
    expect(searchTerms(text, 'US')).toEqual(terms);
  });

  it('folds case and accents, leaving plain ASCII as lower case', () => {
    expect(foldText('Zoë ÉLAN')).toBe('zoe elan');
    expect(foldText('Ann BAKER')).toBe('ann baker');
  });
});
