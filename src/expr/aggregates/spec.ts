// What an aggregate function is: a resolver plus a columnar accumulator factory (state per group in typed arrays).

import type { Expr } from '../expression.js'
import type { Resolution } from '../functions/spec.js'

export interface AggregateFunction {
  readonly kind: 'aggregate'
  readonly arity: readonly [min: number, max: number]
  readonly resolve: (args: readonly Expr[], name: string, distinct: boolean) => Resolution
}
