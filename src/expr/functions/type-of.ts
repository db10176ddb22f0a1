// typeof(expr): the argument's type as Spark's catalogString names it (`int`, `array<string>`, `struct<a:int>`).
import { STRING, simpleString } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import type { ScalarFunction } from './spec.js'
import { Scalar } from './vector.js'

export const typeofFunction: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve: (args) => ({ args: [...args], dataType: STRING, nullable: false }),
  kernel: (_args, _ctx, call) => new Scalar(simpleString(dataTypeOf(call.args[0]!)), STRING),
}
