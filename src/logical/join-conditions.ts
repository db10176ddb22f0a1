// Reading a join condition: its conjuncts, which side each reads, and the equi-join keys in it (Spark's
// ExtractEquiJoinKeys): `l = r` and `l <=> r` with each operand reading one side only become key pairs, the rest
// stays a condition evaluated on candidate pairs.
import { isDeterministic } from '../expr/canonical.js'
import { type Attribute, collect, type Expr, fn, nullableOf } from '../expr/expression.js'
import { BOOLEAN } from '../types/data-types.js'

/** The conjuncts of `a AND b AND …` (none for no condition). */
export function splitConjuncts(e: Expr | undefined): Expr[] {
  if (e === undefined) return []
  if (e.kind === 'Fn' && e.name === 'and') return e.args.flatMap(splitConjuncts)
  return [e]
}

/** The conjunction of expressions, left-deep as Spark's `reduceLeft(And)`; undefined for none. */
export function conjunction(exprs: readonly Expr[]): Expr | undefined {
  if (exprs.length === 0) return undefined
  return exprs.reduce((acc, e) => fn('and', [acc, e], BOOLEAN, nullableOf(acc) || nullableOf(e)))
}

/** Ids of the attributes an expression reads. */
export function attributeIds(e: Expr): Set<number> {
  return new Set(collect(e, (n): n is Attribute => n.kind === 'Attribute').map((a) => a.id))
}

/** Whether every attribute `e` reads is among `output` (an expression reading nothing qualifies). */
export function readsOnly(e: Expr, output: readonly Attribute[]): boolean {
  const ids = new Set(output.map((a) => a.id))
  for (const id of attributeIds(e)) if (!ids.has(id)) return false
  return true
}

/** A condition's conjuncts by what they read: the left side only, the right side only, or both (or neither fits). */
export interface SplitCondition {
  readonly left: Expr[]
  readonly right: Expr[]
  readonly both: Expr[]
}

/**
 * Spark's PredicateHelper.split (deterministic conjuncts only move): a conjunct reading only the left side goes
 * left (one reading no column at all, too), else one reading only the right side goes right; the others stay.
 */
export function splitBySide(
  conjuncts: readonly Expr[],
  left: readonly Attribute[],
  right: readonly Attribute[],
): SplitCondition {
  const split: SplitCondition = { left: [], right: [], both: [] }
  for (const c of conjuncts) {
    if (!isDeterministic(c)) split.both.push(c)
    else if (readsOnly(c, left)) split.left.push(c)
    else if (readsOnly(c, right)) split.right.push(c)
    else split.both.push(c)
  }
  return split
}

/** The equi-join keys of a condition, pairwise, and what remains of it. */
export interface EquiJoinKeys {
  readonly leftKeys: readonly Expr[]
  readonly rightKeys: readonly Expr[]
  /** Per key pair: compared with `<=>` (nulls match nulls) rather than `=`. */
  readonly nullSafe: readonly boolean[]
  /** The conjuncts that are not key pairs, ANDed. */
  readonly residual: Expr | undefined
}

/** Key pairs `l = r` / `l <=> r` of the condition, each operand reading one side (in either order). */
export function extractEquiJoinKeys(
  condition: Expr | undefined,
  left: readonly Attribute[],
  right: readonly Attribute[],
): EquiJoinKeys {
  const leftKeys: Expr[] = []
  const rightKeys: Expr[] = []
  const nullSafe: boolean[] = []
  const rest: Expr[] = []
  const readsSide = (e: Expr, side: readonly Attribute[]) => attributeIds(e).size > 0 && readsOnly(e, side)
  for (const c of splitConjuncts(condition)) {
    if (c.kind === 'Fn' && (c.name === 'equal_to' || c.name === 'eq_null_safe') && isDeterministic(c)) {
      const [a, b] = c.args as [Expr, Expr]
      const pair =
        readsSide(a, left) && readsSide(b, right)
          ? [a, b]
          : readsSide(b, left) && readsSide(a, right)
            ? [b, a]
            : undefined
      if (pair) {
        leftKeys.push(pair[0]!)
        rightKeys.push(pair[1]!)
        nullSafe.push(c.name === 'eq_null_safe')
        continue
      }
    }
    rest.push(c)
  }
  return { leftKeys, rightKeys, nullSafe, residual: conjunction(rest) }
}
