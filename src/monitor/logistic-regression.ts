/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares), on a dense
 * row-major matrix. The intercept is not penalised. Small: tens of inputs, thousands of rows.
 */
export interface LogisticModel {
  /** weights[0] is the intercept; weights[1 + j] belongs to input j. */
  weights: Float64Array;
  iterations: number;
}

function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  // Gaussian elimination with partial pivoting on a copy (a is n×n row-major, symmetric positive definite here).
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [m[col * n + k], m[pivot * n + k]] = [m[pivot * n + k]!, m[col * n + k]!];
      [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    }
    const d = m[col * n + col]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / d;
      if (f === 0) continue;
      for (let k = col; k < n; k++) m[r * n + k]! -= f * m[col * n + k]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < n; k++) s -= m[r * n + k]! * x[k]!;
    const d = m[r * n + r]!;
    x[r] = Math.abs(d) < 1e-300 ? 0 : s / d;
  }
  return x;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function predict(model: LogisticModel, x: Float64Array, width: number, row: number): number {
  let z = model.weights[0]!;
  for (let j = 0; j < width; j++) z += model.weights[1 + j]! * x[row * width + j]!;
  return sigmoid(z);
}

/** Fits on the rows listed in `rows` of matrix x (n × width) with labels y ∈ {0, 1}. */
export function fitLogistic(x: Float64Array, width: number, y: Uint8Array, rows: readonly number[], l2: number, maxIterations = 50): LogisticModel {
  const p = width + 1;
  const w = new Float64Array(p);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    const xi = new Float64Array(p);
    for (const r of rows) {
      xi[0] = 1;
      for (let j = 0; j < width; j++) xi[1 + j] = x[r * width + j]!;
      let z = 0;
      for (let j = 0; j < p; j++) z += w[j]! * xi[j]!;
      const mu = sigmoid(z);
      const s = Math.max(mu * (1 - mu), 1e-12);
      const e = y[r]! - mu;
      for (let j = 0; j < p; j++) {
        if (xi[j] === 0) continue;
        grad[j]! += e * xi[j]!;
        const sj = s * xi[j]!;
        for (let k = j; k < p; k++) hess[j * p + k]! += sj * xi[k]!;
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) hess[j * p + k] = hess[k * p + j]!;
    for (let j = 1; j < p; j++) {
      grad[j]! -= l2 * w[j]!;
      hess[j * p + j]! += l2;
    }
    hess[0]! += 1e-9;
    const step = solve(hess, grad, p);
    let change = 0;
    for (let j = 0; j < p; j++) {
      w[j]! += step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-8) {
      iterations++;
      break;
    }
  }
  return { weights: w, iterations };
}

/** Area under the ROC curve by the Mann–Whitney statistic, ties counted as halves; null without both classes. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number | null {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]!] === 1) {
      positives++;
      rankSum += rank;
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
