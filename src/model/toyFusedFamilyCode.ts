/**
 * The family-specific WGSL of the fused toy step (toyFusedShader.ts assembles the program): each
 * family's logits as functions of its parameters, the smooth parts' gradients with their Adam
 * updates, and where the elementwise (tabular) parameter tables start.
 */
import type { FamilyName } from './toyFamilies';

/** Encoder logit a[x][z], decoder logit b[z][x] and marginal logit c[z] of each family (P = param(i)). */
export function familyLogits(family: FamilyName): string {
  const smoothEnc =
    'fn encLogit(x : i32, z : i32) -> f32 { let u = param(z) * xc(x) - param(30 + z); return -(u * u); }';
  if (family === 'tabular') {
    return `fn encLogit(x : i32, z : i32) -> f32 { return param(x * 30 + z); }
fn decLogit(z : i32, x : i32) -> f32 { return param(900 + z * 30 + x); }
fn margLogit(z : i32) -> f32 { return param(1800 + z); }`;
  }
  if (family === 'smooth') {
    return `${smoothEnc}
fn decLogit(z : i32, x : i32) -> f32 { let u = param(60 + z) * xc(x) - param(90 + z); return -(u * u); }
fn margLogit(z : i32) -> f32 { return param(120 + z); }`;
  }
  return `${smoothEnc}
fn decLogit(z : i32, x : i32) -> f32 { return param(60 + z * 30 + x); }
fn margLogit(z : i32) -> f32 { return param(960 + z); }`;
}

/**
 * Smooth-part gradients and their Adam updates, per z (the serial variant; parameters of one z are read before they
 * move).
 */
export function serialSmooth(family: FamilyName): string {
  if (family === 'tabular') return '';
  const enc = `for (var z = 0; z < 30; z++) {
      var gw = 0.0;
      var gb = 0.0;
      let wz = param(z);
      let bz = param(30 + z);
      for (var x = 0; x < 30; x++) {
        let u = wz * xc(x) - bz;
        let t = gradA(x, z) * (u * 2.0);
        gw += t * xc(x);
        gb += t;
      }
      adam(z, -gw, size);
      adam(30 + z, gb, size);
    }`;
  if (family === 'smooth-encoder') return enc;
  return `${enc}
    for (var z = 0; z < 30; z++) {
      var gw = 0.0;
      var gb = 0.0;
      let wz = param(60 + z);
      let bz = param(90 + z);
      for (var x = 0; x < 30; x++) {
        let u = wz * xc(x) - bz;
        let t = gradB(z, x) * (u * 2.0);
        gw += t * xc(x);
        gb += t;
      }
      adam(60 + z, -gw, size);
      adam(90 + z, gb, size);
    }`;
}

/** Elementwise (tabular) parts: [offset of the encoder table or -1, of the decoder table or -1, of the marginal]. */
export function tabularParts(family: FamilyName): [number, number, number] {
  if (family === 'tabular') return [0, 900, 1800];
  if (family === 'smooth') return [-1, -1, 120];
  return [-1, 60, 960];
}
