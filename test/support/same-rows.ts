// Compares an expected answer with the rows a query produced, as multisets or in order, and renders a mismatch the
// way Spark's QueryTest does: both answers side by side, sorted alike, differing lines marked with `!`.
import type { Row } from '../../src/index.js'
import { rowKey, rowText } from './row-text.js'

interface Keyed {
  readonly key: string
  readonly text: string
}

const byKey = (a: Keyed, b: Keyed) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

function prepare(rows: readonly Row[], ordered: boolean): Keyed[] {
  const keyed = rows.map((row) => ({ key: rowKey(row), text: rowText(row) }))
  return ordered ? keyed : keyed.sort(byKey)
}

/** Two columns of lines, a `!` before each line whose two sides differ. */
function sideBySide(left: readonly Keyed[], right: readonly Keyed[]): string[] {
  const width = Math.max(...left.map((l) => l.text.length))
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
    const l = left[i]
    const r = right[i]
    const mark = l?.key === r?.key ? ' ' : '!'
    return `${mark}${(l?.text ?? '').padEnd(width + 3)}${r?.text ?? ''}`.trimEnd()
  })
}

/**
 * Undefined when `actual` holds exactly the `expected` rows (in the same order when `ordered`, otherwise as a
 * multiset); else the two answers side by side.
 */
export function sameRows(expected: readonly Row[], actual: readonly Row[], ordered: boolean): string | undefined {
  const want = prepare(expected, ordered)
  const got = prepare(actual, ordered)
  if (want.length === got.length && want.every((row, i) => row.key === got[i]!.key)) return undefined
  // The headers differ (and are marked) exactly when the counts do.
  const lines = sideBySide(
    [{ key: String(want.length), text: `== Correct Answer - ${want.length} ==` }, ...want],
    [{ key: String(got.length), text: `== Rivulet Answer - ${got.length} ==` }, ...got],
  )
  return `== Results ==\n${ordered ? 'Compared in order.\n' : ''}${lines.join('\n')}`
}
