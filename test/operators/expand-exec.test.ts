// The Expand kernel: every input row once per projection, the projections' rows one block after another, with
// literal nulls and grouping ids filled in per block.
import { describe, expect, it } from 'vitest'
import { batchFromRows, rowsOf } from '../../src/arrow/index.js'
import { compileExprs } from '../../src/expr/compile.js'
import { attribute, literal } from '../../src/expr/expression.js'
import { schemaOf } from '../../src/logical/plan.js'
import { expandBatch } from '../../src/operators/expand-exec.js'
import { INTEGER, LONG, STRING } from '../../src/types/data-types.js'

describe('expandBatch', () => {
  it('emits each row once per grouping set, the keys a set leaves out null and its id beside them', () => {
    const k = attribute('k', STRING, false)
    const v = attribute('v', INTEGER, true)
    const input = [k, v]
    const batch = batchFromRows(schemaOf(input), [
      ['a', 1],
      ['b', null],
    ])
    const output = [attribute('k', STRING, true), v, attribute('spark_grouping_id', LONG, false)]
    const projections = [
      [k, v, literal(0, LONG)],
      [literal(null, STRING), v, literal(1, LONG)],
    ]
    const schema = schemaOf(output)
    const expanded = expandBatch(
      batch,
      projections.map((p) => compileExprs(p, input)),
      schema,
      { length: 2, zone: 'UTC', batchTimestampMicros: 0 },
    )
    expect(rowsOf(expanded, schema)).toEqual([
      { k: 'a', v: 1, spark_grouping_id: 0 },
      { k: 'b', v: null, spark_grouping_id: 0 },
      { k: null, v: 1, spark_grouping_id: 1 },
      { k: null, v: null, spark_grouping_id: 1 },
    ])
  })
})
