// The physical plan as data: stateful operators numbered as Spark numbers them (from the top of the plan down) and
// unmoved by unrelated projections, exchanges below keyed stateful operators, nodes that survive a JSON round trip.
import { describe, expect, it } from 'vitest'
import { col, count, lit, MemoryStream } from '../../src/index.js'
import { optimize } from '../../src/optimizer/optimize.js'
import { isStatefulNode, type PhysicalPlan } from '../../src/physical/physical-plan.js'
import { physicalTreeString, postOrder } from '../../src/physical/physical-specs.js'
import { planQuery } from '../../src/physical/planner.js'
import { newSession } from '../support/session.js'

const stateful = (root: PhysicalPlan) =>
  postOrder(root)
    .filter(isStatefulNode)
    .map((n) => ({ id: n.id, kind: n.kind, operatorId: n.operatorId }))

describe('physical planner', () => {
  const spark = newSession()
  const input = new MemoryStream(spark, 'word STRING, n INT')
  const plan = (df: ReturnType<MemoryStream['toDF']>) =>
    planQuery(optimize(df.plan), { outputMode: 'update', numPartitions: 4 }).root

  it('numbers stateful operators from the top of the plan, as Spark does', () => {
    const root = plan(input.toDF().dropDuplicates(['word', 'n']).groupBy('word').agg(count('*').alias('c')))
    expect(stateful(root)).toEqual([
      { id: 'StreamingDeduplicate-0', kind: 'StreamingDeduplicate', operatorId: 1 },
      { id: 'StateStoreSave-0', kind: 'StateStoreSave', operatorId: 0 },
    ])
  })

  it('keeps stateful ids when an unrelated projection is added', () => {
    const plain = plan(input.toDF().dropDuplicates(['word']).groupBy('word').agg(count('*').alias('c')))
    const projected = plan(
      input
        .toDF()
        .withColumn('extra', col('n').plus(lit(1)))
        .select('word', 'n', 'extra')
        .dropDuplicates(['word'])
        .withColumn('again', lit('x'))
        .groupBy('word')
        .agg(count('*').alias('c')),
    )
    expect(stateful(projected)).toEqual(stateful(plain))
  })

  it('puts a hash exchange on the grouping keys below a streaming aggregation', () => {
    const text = physicalTreeString(plan(input.toDF().groupBy('word').agg(count('*').alias('c'))))
    expect(text).toMatch(
      /StateStoreSave \[word#(\d+)\], \[count\(1\)\], state 0, numPartitions = 4\n\s+\+- Exchange hashpartitioning\(word#\1, 4\)\n/,
    )
  })

  it('is plain data: a JSON round trip gives the same plan', () => {
    const root = plan(input.toDF().groupBy('word').agg(count('*').alias('c')))
    expect(JSON.parse(JSON.stringify(root))).toEqual(root)
  })
})
