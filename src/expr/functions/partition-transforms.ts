// years, months, days, hours and bucket: Spark's partition transforms, which only a table writer's partitionedBy
// reads (DataFrameWriterV2, which Rivulet does not have). As in Spark they resolve, to INT, and fail when evaluated
// with PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY. They are registered under names SQL cannot spell
// (Spark has no SQL functions of these names either), so only the DataFrame API builds them.
import { SparkException } from '../../common/errors.js'
import { INTEGER } from '../../types/data-types.js'
import { sqlText } from '../sql-text.js'
import { coerceArgs } from './coercion.js'
import type { ScalarFunction } from './spec.js'

/** The registry name of a partition transform: a prefix no SQL identifier can contain. */
export const partitionTransformName = (transform: string): string => `partition_transform:${transform}`

function transform(name: string, arity: 1 | 2): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [arity, arity],
    resolve: (args, fn) => ({
      args: arity === 2 ? [...coerceArgs(fn, [args[0]!], [INTEGER]), args[1]!] : [...args],
      dataType: INTEGER,
      nullable: true,
    }),
    kernel(_args, _ctx, call) {
      throw new SparkException(
        `The expression "${name}(${call.args.map(sqlText).join(', ')})" must be inside 'partitionedBy'.`,
        { errorClass: 'PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY' },
      )
    },
  }
}

export const partitionTransformFunctions: Record<string, ScalarFunction> = {
  [partitionTransformName('years')]: transform('years', 1),
  [partitionTransformName('months')]: transform('months', 1),
  [partitionTransformName('days')]: transform('days', 1),
  [partitionTransformName('hours')]: transform('hours', 1),
  [partitionTransformName('bucket')]: transform('bucket', 2),
}
