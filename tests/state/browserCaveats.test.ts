import { describe, expect, it } from 'vitest';
import { browserCaveats } from '../../src/dom/browserCaveats';

describe('browserCaveats', () => {
  it('says nothing where Web Locks and service workers exist', () => {
    expect(browserCaveats({ locks: {}, serviceWorker: {} })).toEqual([]);
  });
  it('says what is missing, one sentence each', () => {
    const both = browserCaveats({});
    expect(both).toHaveLength(2);
    expect(both[0]).toMatch(/no Web Locks: each tab .* trains it/);
    expect(both[1]).toMatch(/not kept for use without a network/);
    expect(browserCaveats({ locks: {}, serviceWorker: undefined })).toEqual([both[1]]);
  });
});
