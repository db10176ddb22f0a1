// Spark's UnsupportedOperationChecker rules for joins in a streaming query, with its messages: which join types a
// stream may take on which side, Append mode for stream-stream joins, and the watermark a stream-stream outer or
// semi join needs to ever emit its unmatched rows and drop its state.
import { AnalysisException } from '../common/errors.js'
import type { OutputMode } from '../connectors/sink.js'
import type { Expr } from '../expr/expression.js'
import { extractEquiJoinKeys } from '../logical/join-conditions.js'
import { stateValueBounds } from '../logical/join-state-watermark.js'
import { type Join, watermarkDelayOf } from '../logical/plan.js'

const fail = (message: string) => new AnalysisException(message, { errorClass: '_LEGACY_ERROR_TEMP_3102' })

const modeName = (mode: OutputMode) => mode[0]!.toUpperCase() + mode.slice(1)

/** Spark's StreamingJoinHelper.isWatermarkInJoinKeys: an equi-join key is a watermarked column. */
export function isWatermarkInJoinKeys(join: Join): boolean {
  const { leftKeys, rightKeys } = extractEquiJoinKeys(join.condition, join.left.output, join.right.output)
  return [...leftKeys, ...rightKeys].some((k: Expr) => k.kind === 'Attribute' && watermarkDelayOf(k) !== undefined)
}

/** Whether the condition bounds the state of the side with columns `of` from the other side's watermark. */
const boundsState = (join: Join, of: 'left' | 'right') =>
  of === 'left'
    ? stateValueBounds(join.left.output, join.right.output, join.condition).length > 0
    : stateValueBounds(join.right.output, join.left.output, join.condition).length > 0

function checkStreamStreamWatermark(join: Join): void {
  const { joinType } = join
  const hasValidWatermarkRange =
    joinType === 'LeftOuter' || joinType === 'LeftSemi'
      ? boundsState(join, 'left')
      : joinType === 'RightOuter'
        ? boundsState(join, 'right')
        : boundsState(join, 'left') || boundsState(join, 'right')
  if (!isWatermarkInJoinKeys(join) && !hasValidWatermarkRange) {
    throw fail(
      `Stream-stream ${joinType} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`,
    )
  }
}

/** Throws Spark's AnalysisException when a join cannot run in a streaming query in `mode`. */
export function checkStreamingJoin(join: Join, mode: OutputMode): void {
  const { left, right, joinType } = join
  const streamStream = left.isStreaming && right.isStreaming
  if (streamStream && mode !== 'append') {
    throw fail(
      `Join between two streaming DataFrames/Datasets is not supported in ${modeName(mode)} output mode, only in Append output mode`,
    )
  }
  switch (joinType) {
    case 'Inner':
    case 'Cross':
      break
    case 'FullOuter':
      if (left.isStreaming && !right.isStreaming) {
        throw fail(
          'FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported',
        )
      }
      if (!left.isStreaming && right.isStreaming) {
        throw fail(
          'FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported',
        )
      }
      if (streamStream) checkStreamStreamWatermark(join)
      break
    case 'LeftAnti':
      if (right.isStreaming)
        throw fail('LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported')
      break
    case 'LeftOuter':
    case 'LeftSemi':
      if (!left.isStreaming && right.isStreaming) {
        throw fail(
          `${joinType} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported`,
        )
      }
      if (streamStream) checkStreamStreamWatermark(join)
      break
    case 'RightOuter':
      if (left.isStreaming && !right.isStreaming) {
        throw fail(
          'RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported',
        )
      }
      if (streamStream) checkStreamStreamWatermark(join)
      break
  }
  if (streamStream && extractEquiJoinKeys(join.condition, left.output, right.output).leftKeys.length === 0) {
    throw new AnalysisException('Stream-stream join without equality predicate is not supported')
  }
}
