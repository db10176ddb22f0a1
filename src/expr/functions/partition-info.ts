// Task and input-file information: monotonically_increasing_id, spark_partition_id, input_file_name,
// input_file_block_start / _length, and version. Rivulet runs a query's rows in one partition (index 0), and each
// batch a kernel evaluates is a task, as each micro-batch is in Spark; rows do not carry the file they came from,
// so the input-file functions give what Spark gives outside a file scan ('' and -1).
import { numericColumn } from '../../arrow/index.js'
import { INTEGER, LONG, STRING } from '../../types/data-types.js'
import type { ScalarFunction } from './spec.js'
import { Scalar } from './vector.js'

/** The Spark release whose SQL Rivulet implements, and Rivulet's own revision (version()'s two fields). */
export const SPARK_VERSION = '4.0.0'
export const RIVULET_REVISION = 'rivulet-0.1.0'

/** A constant never folded at planning time (nondeterministic in Spark, so kept per batch). */
function perTask(value: Scalar): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [0, 0],
    resolve: (args) => ({ args, dataType: value.type, nullable: false }),
    perBatch: true,
    kernel: () => value,
  }
}

/**
 * monotonically_increasing_id(): the partition index in the upper 31 bits and the row's position in its task in
 * the lower 33 (Spark's MonotonicallyIncreasingID); with one partition, the row's position in the batch.
 */
const monotonicallyIncreasingId: ScalarFunction = {
  kind: 'scalar',
  arity: [0, 0],
  resolve: (args) => ({ args, dataType: LONG, nullable: false }),
  perBatch: true,
  kernel(_args, ctx) {
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = i
    return numericColumn(LONG, out, null, 0)
  },
}

/** version(): the implemented Spark release and a revision, separated by a space (as Spark's `4.0.0 <git hash>`). */
const version: ScalarFunction = {
  kind: 'scalar',
  arity: [0, 0],
  resolve: (args) => ({ args, dataType: STRING, nullable: false }),
  kernel: () => new Scalar(`${SPARK_VERSION} ${RIVULET_REVISION}`, STRING),
}

export const partitionInfoFunctions = {
  monotonically_increasing_id: monotonicallyIncreasingId,
  spark_partition_id: perTask(new Scalar(0, INTEGER)),
  input_file_name: perTask(new Scalar('', STRING)),
  input_file_block_start: perTask(new Scalar(-1, LONG)),
  input_file_block_length: perTask(new Scalar(-1, LONG)),
  version,
} satisfies Record<string, ScalarFunction>
