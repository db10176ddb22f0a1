// Table-valued functions in FROM: Flink-style TUMBLE/HOP windows (on the same window assignment as `window()`), range.
import type * as ast from '../../grammar/index.js'
import { buildProject } from '../analyzer/plan-builder.js'
import { makeBatch, numericColumn } from '../arrow/index.js'
import { AnalysisException } from '../common/errors.js'
import { type Attribute, alias, call, columnRef, type Expr, literal } from '../expr/expression.js'
import { attributesFor, type LogicalPlan, localRelation } from '../logical/plan.js'
import { LONG, STRING } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import type { BindContext } from './bind-context.js'
import { constantValue } from './constants.js'
import { attributeName, bindExpr } from './expressions.js'
import { bindQuery } from './queries.js'
import { tableRelation } from './relations.js'
import { atLoc, resolveAt } from './source-locations.js'
import { buildWindowAssign } from './stateful-builders.js'

type Arg = ast.TableFunctionArg
type Value = ast.Expr | ast.TableArgument | ast.DescriptorArgument

/** Parameter names in positional order (Flink's: the slide comes before the size in HOP). */
const windowParameters = {
  tumble: ['data', 'timecol', 'size', 'offset'],
  hop: ['data', 'timecol', 'slide', 'size', 'offset'],
} as const

function unresolvable(name: string): AnalysisException {
  return new AnalysisException(
    `Could not resolve \`${name}\` to a table-valued function. Please make sure that \`${name}\` is defined as a table-valued function and that all required parameters are provided correctly.`,
    { errorClass: 'UNRESOLVABLE_TABLE_VALUED_FUNCTION' },
  )
}

/** Arguments by parameter name, positional ones first, then `name => value`. */
function argumentsByName(node: ast.TableFunction, parameters: readonly string[]): Map<string, Value> {
  const byName = new Map<string, Value>()
  const fnName = node.name.join('.')
  node.args.forEach((arg: Arg, index) => {
    const [name, value] =
      arg.kind === 'NamedTableArgument' || arg.kind === 'NamedArgument'
        ? [arg.name.toLowerCase(), arg.value]
        : [parameters[index], arg]
    if (name === undefined || !parameters.includes(name) || byName.has(name)) {
      throw new AnalysisException(
        name === undefined
          ? `The \`${fnName}\` requires at most ${parameters.length} parameters but the actual number is ${node.args.length}.`
          : byName.has(name)
            ? `The \`${fnName}\` parameter \`${name}\` is given twice.`
            : `The \`${fnName}\` has no parameter \`${name}\`; its parameters are ${parameters.map((p) => `\`${p}\``).join(', ')}.`,
        { errorClass: name === undefined ? 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' : 'UNRECOGNIZED_PARAMETER_NAME' },
      ).at(arg.loc)
    }
    byName.set(name, value)
  })
  return byName
}

function required<K extends Value['kind']>(
  args: Map<string, Value>,
  name: string,
  kinds: readonly K[] | 'expression',
  node: ast.TableFunction,
): Extract<Value, { kind: K }> {
  const value = args.get(name)
  const what =
    kinds === 'expression' ? 'an expression' : kinds.includes('TableArgument' as K) ? 'TABLE t' : 'DESCRIPTOR(column)'
  if (value === undefined) {
    throw new AnalysisException(`The \`${node.name.join('.')}\` requires the parameter \`${name}\` (${what}).`, {
      errorClass: 'REQUIRED_PARAMETER_NOT_FOUND',
    }).at(node.loc)
  }
  const isExpression = value.kind !== 'TableArgument' && value.kind !== 'DescriptorArgument'
  if (kinds === 'expression' ? !isExpression : !kinds.includes(value.kind as K)) {
    throw new AnalysisException(`The parameter \`${name}\` of \`${node.name.join('.')}\` must be ${what}.`).at(
      value.loc,
    )
  }
  return value as Extract<Value, { kind: K }>
}

function tableArgument(arg: ast.TableArgument, ctx: BindContext): LogicalPlan {
  return atLoc(arg.loc, () => (arg.query ? bindQuery(arg.query, ctx) : tableRelation(arg.name ?? [], ctx)))
}

/** A duration argument (an interval literal or an interval string), resolved as a constant. */
function durationArgument(arg: ast.Expr, ctx: BindContext): Expr {
  return resolveAt(bindExpr(arg, ctx), [], ctx.locs)
}

/**
 * `TUMBLE(TABLE t, DESCRIPTOR(ts), size)` and `HOP(TABLE t, DESCRIPTOR(ts), slide, size)`: t's columns followed by
 * `window_start` and `window_end`, one row per window a row falls in (several for HOP), as `window(ts, size, slide)`.
 */
function windowFunction(kind: 'tumble' | 'hop', node: ast.TableFunction, ctx: BindContext): LogicalPlan {
  const args = argumentsByName(node, windowParameters[kind])
  const child = tableArgument(required(args, 'data', ['TableArgument'], node), ctx)
  const descriptor = required(args, 'timecol', ['DescriptorArgument'], node)
  if (descriptor.columns.length !== 1) {
    throw new AnalysisException('DESCRIPTOR of a window function must name exactly one time column.').at(descriptor.loc)
  }
  const time = resolveAt(columnRef(attributeName(descriptor.columns[0]!)), child.output, ctx.locs, descriptor.loc)
  const size = durationArgument(required(args, 'size', 'expression', node), ctx)
  const slide = kind === 'hop' ? durationArgument(required(args, 'slide', 'expression', node), ctx) : undefined
  const offset = args.get('offset')
  if (offset)
    throw new AnalysisException('The `offset` parameter of window functions is not supported yet.').at(offset.loc)
  const assigned = buildWindowAssign(child, time, size, slide)
  const window = assigned.output.find((a) => !child.output.some((c) => c.id === a.id) && a.name === 'window')
  if (!window) throw new Error('window assignment produced no window column')
  const field = (w: Attribute, name: string) => call('get_field', [w, literal(name, STRING)])
  return buildProject(assigned, [
    ...child.output,
    alias(field(window, 'start'), 'window_start'),
    alias(field(window, 'end'), 'window_end'),
  ])
}

const MAX_RANGE_ROWS = 10_000_000

/** `range(end)`, `range(start, end[, step])`: a bigint column `id`. */
function rangeFunction(node: ast.TableFunction, ctx: BindContext): LogicalPlan {
  const values = node.args.map((arg) => {
    if (arg.kind === 'TableArgument' || arg.kind === 'DescriptorArgument' || arg.kind === 'NamedTableArgument') {
      throw unresolvable(node.name.join('.')).at(arg.loc)
    }
    const value = atLoc(arg.loc, () => constantValue(resolveAt(bindExpr(arg, ctx), [], ctx.locs), ctx))
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new AnalysisException(`The arguments of \`range\` must be integer constants.`).at(arg.loc)
    }
    return value
  })
  if (values.length < 1 || values.length > 4) throw unresolvable(node.name.join('.'))
  const [start, end, step = 1] = values.length === 1 ? [0, values[0]!] : values
  if (step === 0) throw new AnalysisException('The step of `range` must not be 0.').at(node.loc)
  const count = Math.max(0, Math.ceil((end! - start!) / step))
  if (count > MAX_RANGE_ROWS) {
    throw new AnalysisException(`\`range\` is limited to ${MAX_RANGE_ROWS} rows here.`).at(node.loc)
  }
  const ids = new Float64Array(count)
  for (let i = 0; i < count; i++) ids[i] = start! + i * step
  const schema = StructType([StructField('id', LONG, false)])
  return localRelation(attributesFor(schema), [makeBatch(schema, [numericColumn(LONG, ids, null)], count)])
}

/** A table-valued function in FROM. */
export function bindTableFunction(node: ast.TableFunction, ctx: BindContext): LogicalPlan {
  const name = node.name.length === 1 ? node.name[0]!.toLowerCase() : ''
  if (name === 'tumble' || name === 'hop') return windowFunction(name, node, ctx)
  if (name === 'range') return rangeFunction(node, ctx)
  throw unresolvable(node.name.join('.'))
}
