/** Display units: everything is nats inside; bits only when drawn. */
import { BITS_PER_NAT } from '../math/info';

export type Units = 'nats' | 'bits';

/** Convert nats to the display unit. */
export const toUnits = (nats: number, units: Units): number => (units === 'bits' ? nats * BITS_PER_NAT : nats);

/** Convert a display-unit value back to nats. */
export const fromUnits = (value: number, units: Units): number => (units === 'bits' ? value / BITS_PER_NAT : value);

/** A number to `digits` decimals, never "-0.000" (a tiny negative rounds to 0). */
export const fixed = (v: number, digits: number): string => {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
};

/** "0.500 nats" / "0.721 bits". */
export const formatInfo = (nats: number, units: Units, digits = 3): string =>
  Number.isFinite(nats) ? `${fixed(toUnits(nats, units), digits)} ${units}` : String(nats);
