// StreamStaticJoinExec: each batch of a stream joined with a static input, as Spark's stream-static joins (the
// static side read as it is at each batch). The static side is the build side and is hashed once, then kept for
// as long as what it reads has not changed; the streaming side probes it and, being the only side whose rows can
// go unmatched in the join types allowed here (inner; left outer, semi and anti with the stream on the left;
// right outer with the stream on the right), is settled batch by batch: the join keeps no state.
import type { RecordBatch } from '../arrow/index.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type BatchJoinSpec, buildRelation } from './batch-join-exec.js'
import type { HashedRelation, JoinKeys } from './hashed-relation.js'
import { JoinProbe, joinShape } from './join-kernel.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

/** The static side's rows as of now, and a version that changes whenever they may have. */
export interface StaticInput {
  read(ctx: OperatorContext): { readonly batch: RecordBatch; readonly version: string }
}

export class StreamStaticJoinExec implements Operator {
  readonly schema: StructType
  private readonly shape
  private built: { version: string; relation: HashedRelation; probeKeys: JoinKeys | undefined } | undefined
  /** The batch whose static rows were read (once per batch). */
  private readFor = -1
  /** How many times the static side was hashed (a test can see it being kept). */
  builds = 0

  constructor(
    private readonly spec: BatchJoinSpec,
    private readonly staticInput: StaticInput,
  ) {
    this.schema = schemaOf(spec.output)
    this.shape = joinShape(spec.joinType, spec.left, spec.right, spec.output, spec.condition)
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    const { relation, probeKeys } = this.relation(ctx)
    const probe = new JoinProbe(this.shape, relation, this.spec.buildSide === 'left', probeKeys)
    probe.probe(batch, evalContext(ctx, batch.numRows), out)
  }

  private relation(ctx: OperatorContext) {
    if (this.built && this.readFor === ctx.batchId) return this.built
    const { batch, version } = this.staticInput.read(ctx)
    this.readFor = ctx.batchId
    if (this.built?.version !== version) {
      this.built = { version, ...buildRelation(this.spec, batch, ctx) }
      this.builds++
    }
    return this.built
  }
}
