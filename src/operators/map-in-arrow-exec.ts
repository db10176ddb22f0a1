// MapInArrowExec: `df.mapInArrow(fn, schema)` — the user function gets an iterator over the epoch's input record
// batches (apache-arrow RecordBatches) and yields record batches of the declared schema (an iterable, or an async
// iterable the operator awaits). Columns are matched to the schema by name, as PySpark does.
import { columnsOf, fromArrowType, makeBatch, type RecordBatch } from '../arrow/index.js'
import { SparkException, throwableText } from '../common/errors.js'
import { userCode } from '../common/user-code.js'
import { sameType, simpleString } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

/** What mapInArrow runs: the epoch's batches in, batches of the output schema out. */
export type MapInArrowFunction = (
  batches: IterableIterator<RecordBatch>,
) => Iterable<RecordBatch> | AsyncIterable<RecordBatch>

export interface MapInArrowSpec {
  readonly functionId: string
  readonly functionName: string
  readonly input: StructType
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<RecordBatch> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value

export class MapInArrowExec implements Operator {
  private readonly fn: MapInArrowFunction
  private pending: RecordBatch[] = []

  constructor(
    private readonly spec: MapInArrowSpec,
    readonly schema: StructType,
  ) {
    this.fn = userCode<MapInArrowFunction>(spec.functionId)
  }

  process(batch: RecordBatch): void {
    this.pending.push(batch)
  }

  onWatermark(_ctx: OperatorContext, out: Collector): void | Promise<void> {
    const batches = this.pending
    this.pending = []
    if (batches.length === 0) return
    let result: Iterable<RecordBatch> | AsyncIterable<RecordBatch>
    try {
      result = this.fn(batches[Symbol.iterator]())
      if (isAsyncIterable(result)) return this.drainAsync(result, out)
      for (const batch of result) out.emit(this.conform(batch))
    } catch (error) {
      throw this.failure(error)
    }
  }

  private async drainAsync(result: AsyncIterable<RecordBatch>, out: Collector): Promise<void> {
    try {
      for await (const batch of result) out.emit(this.conform(batch))
    } catch (error) {
      throw this.failure(error)
    }
  }

  /** A yielded batch as a batch of the output schema: columns by name, each of the declared type. */
  private conform(batch: RecordBatch): RecordBatch {
    const names = batch.schema.fields.map((f) => f.name)
    const expected = this.schema.fields.map((f) => f.name)
    const missing = expected.filter((n) => !names.includes(n)).sort()
    const extra = names.filter((n) => !expected.includes(n)).sort()
    if (missing.length > 0 || extra.length > 0) {
      throw new SparkException(
        `Column names of the returned RecordBatch do not match specified schema.${missing.length > 0 ? ` Missing: ${missing.join(', ')}.` : ''}${extra.length > 0 ? ` Unexpected: ${extra.join(', ')}.` : ''}`,
        { errorClass: 'RESULT_COLUMNS_MISMATCH_FOR_ARROW_UDF' },
      )
    }
    const columns = columnsOf(batch)
    const picked = this.schema.fields.map((field) => {
      const index = names.indexOf(field.name)
      const actual = fromArrowType(batch.schema.fields[index]!.type)
      if (!sameType(actual, field.dataType, true)) {
        throw new SparkException(
          `Columns do not match in their data type: column '${field.name}' (expected ${simpleString(field.dataType)}, actual ${simpleString(actual)}).`,
          { errorClass: 'RESULT_TYPE_MISMATCH_FOR_ARROW_UDF' },
        )
      }
      return columns[index]!
    })
    return makeBatch(this.schema, picked, batch.numRows)
  }

  private failure(error: unknown): unknown {
    if (error instanceof SparkException) return error
    return new SparkException(
      `User defined function (\`${this.spec.functionName}\`: (${simpleString(this.spec.input)}) => ${simpleString(this.schema)}) failed due to: ${throwableText(error)}.`,
      { errorClass: 'FAILED_EXECUTE_UDF', cause: error },
    )
  }
}
