// show()'s arguments as PySpark's _show_string checks them and Scala's showString reads them: the row count (an int,
// a negative one shows none), the truncation width (true = 20, false = 0, or an int) and the vertical switch.
import { argumentError, pyTypeName } from './py-type-name.js'

/** Options of `show()` by name. */
export interface ShowArguments {
  readonly n?: number
  readonly truncate?: boolean | number
  readonly vertical?: boolean
}

/** What show() prints: `n` rows (≥ 0), cells cut to `width` characters (0: not cut), one block per row if vertical. */
export interface ShowLayout {
  readonly n: number
  readonly width: number
  readonly vertical: boolean
}

/** show(n, truncate, vertical), show(truncate) or show({ n, truncate, vertical }) as a checked layout. */
export function showLayout(first: unknown, second: unknown, third: unknown): ShowLayout {
  const {
    n = 20,
    truncate = true,
    vertical = false,
  } = typeof first === 'boolean'
    ? { truncate: first }
    : typeof first === 'object' && first !== null && !Array.isArray(first)
      ? (first as Record<string, unknown>)
      : { n: first, truncate: second, vertical: third }
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw argumentError('NOT_INT', `Argument \`n\` should be an int, got ${pyTypeName(n)}.`)
  }
  if (typeof vertical !== 'boolean') {
    throw argumentError('NOT_BOOL', `Argument \`vertical\` should be a bool, got ${pyTypeName(vertical)}.`)
  }
  // PySpark passes int(truncate) on, so 3.7 cuts at 3; a width of 0 or less does not cut (Scala's `truncate > 0`).
  if (typeof truncate !== 'boolean' && (typeof truncate !== 'number' || !Number.isFinite(truncate))) {
    throw argumentError('NOT_BOOL', `Argument \`truncate\` should be a bool, got ${pyTypeName(truncate)}.`)
  }
  const width = truncate === true ? 20 : truncate === false ? 0 : Math.max(0, Math.trunc(truncate))
  return { n: Math.max(0, n), width, vertical }
}
