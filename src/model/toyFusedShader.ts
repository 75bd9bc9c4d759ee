/**
 * WGSL source of the fused toy training step: one thread per model, `steps` steps per dispatch:
 * logits from the family's parameters, the three softmaxes, the exact R, β_eff of the model's
 * objective, the exact logit gradients of D + β_eff·R (toyExact.ts), the family's parameter
 * gradients (toyFamilies.ts), Adam (adam.ts) and the multiplier's dual step (toyPopulation.ts) —
 * the same formulas as the tensor path, in one program.
 *
 * Buffers (tfjs binds them by these names; `result` is the output), WIDTH = STRIDE + FUSED_REPORT:
 *   toyState  [P · WIDTH]   per model: params (n), Adam m (n), Adam v (n), μ (1), then the report
 *   toyCoeffs [K · P · 4]   per step and model: betaFixed, penalty, target σ, useMultiplier
 *   toySizes  [K]           Adam's bias-corrected step size of each step
 *   toyActive [P]           1 while the model trains, 0 when frozen (its parameters do not move)
 *   toyConsts [60]          p*(x) [30], then the bin centres [30]
 *   result    [P · WIDTH]   the state after `uniforms.steps` steps and the report at it
 * A first version ran one model per workgroup of 64 threads with workgroup memory and barriers;
 * on the software adapter it was 4× slower than this one at P = 64 (barriers are expensive there).
 */
import type { FamilyName } from './toyFamilies';

/** Numbers in one model's parameters, per family (the order of toyFamilies.ts, flattened). */
export const FUSED_PARAMS: Record<FamilyName, number> = { tabular: 1830, smooth: 150, 'smooth-encoder': 990 };

/** Floats of one model's packed state: params, m, v, μ. */
export function fusedStride(family: FamilyName): number {
  return 3 * FUSED_PARAMS[family] + 1;
}

/** Floats the program writes per model after the state: R, D, Σ params, then the log tables (toyLayout.ts, 61 × 30). */
export const FUSED_REPORT = 3 + 61 * 30;

/** WGSL literal of a JS number (always with a decimal point, so WGSL reads it as f32). */
const f = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));

export interface FusedShaderConstants {
  adamBeta1: number;
  adamBeta2: number;
  adamEpsilon: number;
  multiplierStep: number;
  multiplierDamping: number;
  multiplierClip: number;
}

/** Encoder logit a[x][z], decoder logit b[z][x] and marginal logit c[z] of each family (P = param(i)). */
function familyLogits(family: FamilyName): string {
  const smoothEnc = `fn encLogit(x : i32, z : i32) -> f32 { let u = param(z) * xc(x) - param(30 + z); return -(u * u); }`;
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

/** Threads (models) per workgroup. */
export const SERIAL_WORKGROUP = 16;

/** Smooth-part gradients and their Adam updates, per z (the serial variant; parameters of one z are read before they move). */
function serialSmooth(family: FamilyName): string {
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
function tabularParts(family: FamilyName): [number, number, number] {
  if (family === 'tabular') return [0, 900, 1800];
  if (family === 'smooth') return [-1, -1, 120];
  return [-1, 60, 960];
}

/**
 * The program's user code (tfjs adds the bindings, the uniforms struct and _start): one thread
 * per model, no barriers and no workgroup memory (its tables are private arrays),
 * SERIAL_WORKGROUP models per workgroup; after the steps, one more forward pass writes R, D,
 * Σ params and the log tables after the state (FUSED_REPORT), so a report needs no other kernel.
 */
export function fusedToyShader(family: FamilyName, c: FusedShaderConstants): string {
  const n = FUSED_PARAMS[family];
  const [encAt, decAt, margAt] = tabularParts(family);
  const width = fusedStride(family) + FUSED_REPORT;
  return `
const NPARAM : i32 = ${n};
const STRIDE : i32 = ${fusedStride(family)};
const WIDTH : i32 = ${width};

var<private> pIdx : i32;
var<private> nModels : i32;
var<private> pw : array<f32, NPARAM>;
var<private> pm : array<f32, NPARAM>;
var<private> pv : array<f32, NPARAM>;
var<private> aL : array<f32, 900>;
var<private> eP : array<f32, 900>;
var<private> dL : array<f32, 900>;
var<private> dP : array<f32, 900>;
/** f = β(a − c) − log d per (x, z), for the encoder's logit gradient. */
var<private> fL : array<f32, 900>;
var<private> cL : array<f32, 30>;
var<private> mP : array<f32, 30>;
var<private> qZ : array<f32, 30>;
var<private> fMean : array<f32, 30>;
var<private> beta : f32;
var<private> normA : f32;
var<private> normC : f32;
var<private> lnA : array<f32, 30>;

/** Index of element i of this model's row of the state [P, WIDTH]. (An element-major layout [WIDTH, P] was 8× slower on the software adapter.) */
fn at(i : i32) -> i32 { return pIdx * WIDTH + i; }
fn param(i : i32) -> f32 { return pw[i]; }
fn w(x : i32) -> f32 { return toyConsts[x]; }
fn xc(x : i32) -> f32 { return toyConsts[30 + x]; }

${familyLogits(family)}

fn gradA(x : i32, z : i32) -> f32 {
  let e = x * 30 + z;
  return w(x) * eP[e] * (fL[e] - fMean[x]);
}
fn gradB(z : i32, x : i32) -> f32 { return qZ[z] * dP[z * 30 + x] - w(x) * eP[x * 30 + z]; }

fn adam(i : i32, g : f32, size : f32) {
  let m = pm[i] * ${f(c.adamBeta1)} + g * ${f(1 - c.adamBeta1)};
  let v = pv[i] * ${f(c.adamBeta2)} + (g * g) * ${f(1 - c.adamBeta2)};
  pm[i] = m;
  pv[i] = v;
  pw[i] = pw[i] - (m * size) / (sqrt(v) + ${f(c.adamEpsilon)});
}

/** Logits and the three softmaxes (as tfjs: exp(a − max) / Σ) of the current parameters. */
fn forward() {
  normA = 0.0;
  for (var x = 0; x < 30; x++) {
    var mx = -3.4e38;
    for (var z = 0; z < 30; z++) { let a = encLogit(x, z); aL[x * 30 + z] = a; mx = max(mx, a); }
    var sum = 0.0;
    for (var z = 0; z < 30; z++) { let t = exp(aL[x * 30 + z] - mx); eP[x * 30 + z] = t; sum += t; }
    for (var z = 0; z < 30; z++) { eP[x * 30 + z] = eP[x * 30 + z] / sum; }
    lnA[x] = mx + log(sum);
    normA += w(x) * lnA[x];
  }
  for (var z = 0; z < 30; z++) {
    var mx = -3.4e38;
    for (var x = 0; x < 30; x++) { let b = decLogit(z, x); dL[z * 30 + x] = b; mx = max(mx, b); }
    var sum = 0.0;
    for (var x = 0; x < 30; x++) { let t = exp(dL[z * 30 + x] - mx); dP[z * 30 + x] = t; sum += t; }
    let ln = mx + log(sum);
    for (var x = 0; x < 30; x++) { dL[z * 30 + x] = dL[z * 30 + x] - ln; dP[z * 30 + x] = dP[z * 30 + x] / sum; }
  }
  var mx = -3.4e38;
  for (var z = 0; z < 30; z++) { cL[z] = margLogit(z); mx = max(mx, cL[z]); }
  var sumM = 0.0;
  for (var z = 0; z < 30; z++) { let t = exp(cL[z] - mx); mP[z] = t; sumM += t; }
  for (var z = 0; z < 30; z++) { mP[z] = mP[z] / sumM; }
  normC = mx + log(sumM);
}

/** R = Σ n (a − c) − Σ_x p* log Σ_z exp a + log Σ_z exp c (as toyExact.ts), and q(z) = Σ_x n. */
fn rateAndAggregate() -> f32 {
  var r0 = 0.0;
  for (var z = 0; z < 30; z++) { qZ[z] = 0.0; }
  for (var x = 0; x < 30; x++) {
    for (var z = 0; z < 30; z++) {
      let n = w(x) * eP[x * 30 + z];
      r0 += n * (aL[x * 30 + z] - cL[z]);
      qZ[z] += n;
    }
  }
  return (r0 - normA) + normC;
}

fn main(index : i32) {
  let p = i32(workgroupId.x) * ${SERIAL_WORKGROUP} + i32(localIndex);
  let models = uniforms.models;
  if (p >= models) { return; }
  pIdx = p;
  nModels = models;
  // Parameters and Adam moments live in private arrays for the whole dispatch.
  for (var i = 0; i < NPARAM; i++) { pw[i] = toyState[at(i)]; pm[i] = toyState[at(NPARAM + i)]; pv[i] = toyState[at(2 * NPARAM + i)]; }
  var mu = toyState[at(3 * NPARAM)];
  for (var s = 0; s < uniforms.steps; s++) {
    forward();
    let rate = rateAndAggregate();
    let cb = (s * models + p) * 4;
    let gap = rate - toyCoeffs[cb + 2];
    beta = toyCoeffs[cb] + toyCoeffs[cb + 1] * sign(gap) + toyCoeffs[cb + 3] * (mu + gap * ${f(c.multiplierDamping)});
    for (var x = 0; x < 30; x++) {
      var fm = 0.0;
      for (var z = 0; z < 30; z++) {
        let fv = beta * (aL[x * 30 + z] - cL[z]) - dL[z * 30 + x];
        fL[x * 30 + z] = fv;
        fm += eP[x * 30 + z] * fv;
      }
      fMean[x] = fm;
    }
    let size = toySizes[s] * toyActive[p];
    ${serialSmooth(family)}
    ${encAt >= 0 ? `for (var x = 0; x < 30; x++) { for (var z = 0; z < 30; z++) { adam(${encAt} + x * 30 + z, gradA(x, z), size); } }` : ''}
    ${decAt >= 0 ? `for (var z = 0; z < 30; z++) { for (var x = 0; x < 30; x++) { adam(${decAt} + z * 30 + x, gradB(z, x), size); } }` : ''}
    for (var z = 0; z < 30; z++) { adam(${margAt} + z, beta * (mP[z] - qZ[z]), size); }
    mu = clamp(mu + (gap * toyCoeffs[cb + 3]) * ${f(c.multiplierStep)}, ${f(-c.multiplierClip)}, ${f(c.multiplierClip)});
  }
  // The report at the final parameters: R, D = −Σ n log d, Σ params, log e | log d | log m.
  forward();
  let rate = rateAndAggregate();
  var dist = 0.0;
  for (var x = 0; x < 30; x++) { for (var z = 0; z < 30; z++) { dist -= w(x) * eP[x * 30 + z] * dL[z * 30 + x]; } }
  var psum = 0.0;
  for (var i = 0; i < NPARAM; i++) { psum += pw[i]; result[at(i)] = pw[i]; result[at(NPARAM + i)] = pm[i]; result[at(2 * NPARAM + i)] = pv[i]; }
  result[at(3 * NPARAM)] = mu;
  let r = STRIDE;
  result[at(r)] = rate;
  result[at(r + 1)] = dist;
  result[at(r + 2)] = psum;
  for (var e = 0; e < 900; e++) {
    result[at(r + 3 + e)] = aL[e] - lnA[e / 30];
    result[at(r + 903 + e)] = dL[e];
  }
  for (var z = 0; z < 30; z++) { result[at(r + 1803 + z)] = cL[z] - normC; }
}
`;
}
