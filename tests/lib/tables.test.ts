/** The log-table layout shared by the worker and the page (lib/tables.ts): views and packing. */
import { describe, expect, it } from 'vitest';
import { packTables, tableView } from '../../src/lib/tables';
import { NUM_BINS, NUM_LATENTS } from '../../src/math/toyData';

describe('log tables', () => {
  const X = NUM_BINS;
  const Z = NUM_LATENTS;
  /** Buffer whose entry i is i: each view's entries show where in the buffer they come from. */
  const buffer = Float32Array.from({ length: 2 * X * Z + Z }, (_, i) => i);

  it('encoder rows x over z first, then decoder rows z over x, then the marginal row', () => {
    const v = tableView(buffer);
    expect([v.numBins, v.numLatents]).toEqual([X, Z]);
    expect(v.logEnc.length).toBe(X * Z);
    expect(v.logDec.length).toBe(Z * X);
    expect(v.logMarg.length).toBe(Z);
    // e(z = 4 | x = 2) is row 2, column 4 of the first block.
    expect(v.logEnc[2 * Z + 4]).toBe(2 * Z + 4);
    // d(x = 7 | z = 3) is row 3, column 7 of the second block.
    expect(v.logDec[3 * X + 7]).toBe(X * Z + 3 * X + 7);
    expect(v.logMarg[0]).toBe(2 * X * Z);
    expect(v.logMarg[Z - 1]).toBe(2 * X * Z + Z - 1);
  });

  it('views share the buffer (no copy); a longer buffer (the report row) is read only up to the marginal', () => {
    const longer = Float32Array.from({ length: 2 * X * Z + Z + 5 }, (_, i) => -i);
    const v = tableView(longer);
    longer[X * Z] = 42;
    expect(v.logDec[0]).toBe(42);
    expect(v.logMarg.length).toBe(Z);
  });

  it('packTables is the inverse of tableView', () => {
    expect(Array.from(packTables(tableView(buffer)))).toEqual(Array.from(buffer));
    const plain = {
      logEnc: Array.from({ length: X * Z }, (_, i) => -i / 7),
      logDec: Array.from({ length: Z * X }, (_, i) => i / 3),
      logMarg: Array.from({ length: Z }, (_, i) => 1 - i),
      numBins: X,
      numLatents: Z,
    };
    const back = tableView(packTables(plain));
    expect(Array.from(back.logEnc)).toEqual(plain.logEnc.map(Math.fround));
    expect(Array.from(back.logDec)).toEqual(plain.logDec.map(Math.fround));
    expect(Array.from(back.logMarg)).toEqual(plain.logMarg.map(Math.fround));
  });
});
