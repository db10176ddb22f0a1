// Statistical aggregates with Spark's update and merge formulas (so results match to the last bit): covar_pop,
// covar_samp, corr, the regr_* family over (y, x) pairs, skewness and kurtosis. Rows with a NULL argument are skipped;
// a division by zero gives NULL (Spark 3+, spark.sql.legacy.statisticalAggregate=false).
import { type DataType, DOUBLE, LONG } from '../../types/data-types.js'
import { coerceArgs } from '../functions/coercion.js'
import { type FloatAggregate, FloatStateAccumulator, type State } from './float-state.js'
import type { AggregateFunction } from './spec.js'

const N = 0
const X_AVG = 1
const Y_AVG = 2
const CK = 3
const X_MK = 4
const Y_MK = 5
const X_M2 = 6
const Y_M2 = 7

/**
 * Co-moments of (x, y) = (argument `xArg`, argument `yArg`), Spark's Covariance and Corr buffers:
 *   n' = n + 1; dx = x - xAvg; xAvg' = xAvg + dx / n'; (same for y); ck' = ck + dx * (y - yAvg');
 *   xMk' = xMk + dx * (x - xAvg'); yMk' = yMk + dy * (y - yAvg')
 * and VariancePop's m2 of x and y (m2' = m2 + dx * (dx - dx / n')), which regr_slope/intercept/sxx/syy divide by;
 * merged with Chan's formulas.
 */
function coMoments(
  xArg: number,
  yArg: number,
  finish: FloatAggregate['finish'],
  resultType: DataType = DOUBLE,
): FloatAggregate {
  return {
    slots: 8,
    resultType,
    update(state, ids, rows, inputs, valid) {
      const [n, xAvg, yAvg, ck, xMk, yMk, xM2, yM2] = state as [
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
      ]
      const xs = inputs[xArg]!
      const ys = inputs[yArg]!
      for (let i = 0; i < rows; i++) {
        if (valid !== null && ((valid[i >> 3]! >> (i & 7)) & 1) === 0) continue
        const g = ids[i]!
        const x = xs[i]!
        const y = ys[i]!
        const count = ++n[g]!
        const dx = x - xAvg[g]!
        const dy = y - yAvg[g]!
        const dxN = dx / count
        const dyN = dy / count
        xAvg[g]! += dxN
        yAvg[g]! += dyN
        ck[g]! += dx * (y - yAvg[g]!)
        xMk[g]! += dx * (x - xAvg[g]!)
        yMk[g]! += dy * (y - yAvg[g]!)
        xM2[g]! += dx * (dx - dxN)
        yM2[g]! += dy * (dy - dyN)
      }
    },
    merge(state, into, from) {
      const n1 = state[N]![into]!
      const n2 = state[N]![from]!
      if (n2 === 0) return
      const n = n1 + n2
      const dx = state[X_AVG]![from]! - state[X_AVG]![into]!
      const dy = state[Y_AVG]![from]! - state[Y_AVG]![into]!
      const dxN = dx / n
      const dyN = dy / n
      state[X_AVG]![into]! += dxN * n2
      state[Y_AVG]![into]! += dyN * n2
      state[CK]![into]! += state[CK]![from]! + dx * dyN * n1 * n2
      state[X_MK]![into]! += state[X_MK]![from]! + dx * dxN * n1 * n2
      state[Y_MK]![into]! += state[Y_MK]![from]! + dy * dyN * n1 * n2
      state[X_M2]![into]! += state[X_M2]![from]! + dx * dxN * n1 * n2
      state[Y_M2]![into]! += state[Y_M2]![from]! + dy * dyN * n1 * n2
      state[N]![into] = n
    },
    finish,
  }
}

const at = (state: State, slot: number, g: number) => state[slot]![g]!

/** An aggregate of two numeric arguments (cast to DOUBLE) over a FloatAggregate. */
function pairAggregate(def: FloatAggregate): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [2, 2],
    resolve: (args, name) => ({
      args: coerceArgs(name, args, [DOUBLE, DOUBLE]),
      dataType: def.resultType ?? DOUBLE,
      nullable: def.resultType?.kind !== 'long',
    }),
    create: () => new FloatStateAccumulator(def),
  }
}

// corr(x, y), covar_*(x, y): the first argument is x. regr_*(y, x): the first argument is y.
const corr = (s: State, g: number) => {
  const n = at(s, N, g)
  return n < 2 ? null : at(s, CK, g) / Math.sqrt(at(s, X_MK, g) * at(s, Y_MK, g))
}

/** regr_slope(y, x) = covar_pop(x, y) / var_pop(x), as ck / m2(x); NULL when m2(x) is 0. */
const slope = (s: State, g: number) => (at(s, X_M2, g) === 0 ? null : at(s, CK, g) / at(s, X_M2, g))

export const statisticalAggregates: Readonly<Record<string, AggregateFunction>> = {
  covar_pop: pairAggregate(coMoments(0, 1, (s, g) => (at(s, N, g) === 0 ? null : at(s, CK, g) / at(s, N, g)))),
  covar_samp: pairAggregate(coMoments(0, 1, (s, g) => (at(s, N, g) < 2 ? null : at(s, CK, g) / (at(s, N, g) - 1)))),
  corr: pairAggregate(coMoments(0, 1, corr)),
  regr_count: pairAggregate(coMoments(1, 0, (s, g) => at(s, N, g), LONG)),
  regr_avgx: pairAggregate(coMoments(1, 0, (s, g) => (at(s, N, g) === 0 ? null : at(s, X_AVG, g)))),
  regr_avgy: pairAggregate(coMoments(1, 0, (s, g) => (at(s, N, g) === 0 ? null : at(s, Y_AVG, g)))),
  regr_sxx: pairAggregate(coMoments(1, 0, (s, g) => (at(s, N, g) === 0 ? null : at(s, X_M2, g)))),
  regr_syy: pairAggregate(coMoments(1, 0, (s, g) => (at(s, N, g) === 0 ? null : at(s, Y_M2, g)))),
  regr_sxy: pairAggregate(coMoments(1, 0, (s, g) => (at(s, N, g) === 0 ? null : at(s, CK, g)))),
  regr_slope: pairAggregate(coMoments(1, 0, slope)),
  regr_intercept: pairAggregate(
    coMoments(1, 0, (s, g) => {
      const b = slope(s, g)
      return b === null ? null : at(s, Y_AVG, g) - b * at(s, X_AVG, g)
    }),
  ),
  // Spark's RegrR2: NULL below two pairs or when x is constant, 1 when y is, else ck² / Mk(x) / Mk(y).
  regr_r2: pairAggregate(
    coMoments(1, 0, (s, g) => {
      if (at(s, N, g) < 2 || at(s, X_MK, g) === 0) return null
      if (at(s, Y_MK, g) === 0) return 1
      return (at(s, CK, g) * at(s, CK, g)) / at(s, X_MK, g) / at(s, Y_MK, g)
    }),
  ),
}

const M_N = 0
const AVG = 1
const M2 = 2
const M3 = 3
const M4 = 4

/** Spark's CentralMomentAgg (order 4): running n, mean and central moments m2..m4, merged pairwise. */
function centralMoments(finish: FloatAggregate['finish']): FloatAggregate {
  return {
    slots: 5,
    update(state, ids, rows, inputs, valid) {
      const [n, avg, m2, m3, m4] = state as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array]
      const xs = inputs[0]!
      for (let i = 0; i < rows; i++) {
        if (valid !== null && ((valid[i >> 3]! >> (i & 7)) & 1) === 0) continue
        const g = ids[i]!
        const count = ++n[g]!
        const delta = xs[i]! - avg[g]!
        const deltaN = delta / count
        avg[g]! += deltaN
        const delta2 = delta * delta
        const deltaN2 = deltaN * deltaN
        // Spark's form: m3 and m4 take the already updated m2 and m3.
        const newM2 = m2[g]! + delta * (delta - deltaN)
        const newM3 = m3[g]! - 3 * deltaN * newM2 + delta * (delta2 - deltaN2)
        m4[g] = m4[g]! - 4 * deltaN * newM3 - 6 * deltaN2 * newM2 + delta * (delta * delta2 - deltaN * deltaN2)
        m3[g] = newM3
        m2[g] = newM2
      }
    },
    merge(state, into, from) {
      const n1 = state[M_N]![into]!
      const n2 = state[M_N]![from]!
      if (n2 === 0) return
      const n = n1 + n2
      const delta = state[AVG]![from]! - state[AVG]![into]!
      const deltaN = delta / n
      const [a2, b2] = [state[M2]![into]!, state[M2]![from]!]
      const [a3, b3] = [state[M3]![into]!, state[M3]![from]!]
      state[AVG]![into]! += deltaN * n2
      state[M2]![into] = a2 + b2 + delta * deltaN * n1 * n2
      state[M3]![into] = a3 + b3 + deltaN * deltaN * delta * n1 * n2 * (n1 - n2) + 3 * deltaN * (n1 * b2 - n2 * a2)
      state[M4]![into] =
        state[M4]![into]! +
        state[M4]![from]! +
        deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) +
        6 * deltaN * deltaN * (n1 * n1 * b2 + n2 * n2 * a2) +
        4 * deltaN * (n1 * b3 - n2 * a3)
      state[M_N]![into] = n
    },
    finish,
  }
}

function momentAggregate(def: FloatAggregate): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [1, 1],
    resolve: (args, name) => ({ args: coerceArgs(name, args, [DOUBLE]), dataType: DOUBLE, nullable: true }),
    create: () => new FloatStateAccumulator(def),
  }
}

export const momentAggregates: Readonly<Record<string, AggregateFunction>> = {
  skewness: momentAggregate(
    centralMoments((s, g) => {
      const n = at(s, M_N, g)
      const m2 = at(s, M2, g)
      return n === 0 || m2 === 0 ? null : (Math.sqrt(n) * at(s, M3, g)) / Math.sqrt(m2 * m2 * m2)
    }),
  ),
  kurtosis: momentAggregate(
    centralMoments((s, g) => {
      const n = at(s, M_N, g)
      const m2 = at(s, M2, g)
      return n === 0 || m2 === 0 ? null : (n * at(s, M4, g)) / (m2 * m2) - 3
    }),
  ),
}
