// Compares two results as multisets of rows: each row is fingerprinted over its exact columns (sorted, then
// merged), and float columns are matched with a relative tolerance beside equal fingerprints. On a mismatch it
// names the first differing rows of each side, decoded, so a failure can be read without a debugger.
import { type Cell, type CellChunk, cellAt, type ResultSet, rowCount } from './cells.js'
import { fingerprint, floatCell } from './fingerprint.js'

export interface CompareOptions {
  /** Columns compared within `relativeTolerance` instead of exactly. */
  readonly floatColumns?: readonly string[]
  readonly relativeTolerance?: number
  /** Differing rows shown per side. */
  readonly shown?: number
}

export interface Comparison {
  readonly equal: boolean
  readonly rows: readonly [number, number]
  /** Empty when equal; otherwise what differs, with the first differing rows. */
  readonly detail: string
}

interface Canonical {
  readonly fps: Float64Array
  readonly floats: readonly Float64Array[]
  readonly chunkOf: Int32Array
  readonly rowOf: Int32Array
}

function canonical(result: ResultSet, include: readonly boolean[], floatIndexes: readonly number[]): Canonical {
  const n = rowCount(result)
  const fps = new Float64Array(n)
  const floats = floatIndexes.map(() => new Float64Array(n))
  const chunkOf = new Int32Array(n)
  const rowOf = new Int32Array(n)
  let k = 0
  result.chunks.forEach((chunk, c) => {
    const rows = chunk.rows
    const count = rows ? rows.length : chunk.numRows
    const columns = chunk.columns
    for (let j = 0; j < count; j++, k++) {
      const row = rows ? rows[j]! : j
      fps[k] = fingerprint(columns, row, include)
      floatIndexes.forEach((col, f) => {
        floats[f]![k] = floatCell(columns[col]!, row)
      })
      chunkOf[k] = c
      rowOf[k] = row
    }
  })
  return { fps, floats, chunkOf, rowOf }
}

function sameFloat(a: number, b: number, tolerance: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b)
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))
}

/** Fast path without floats: the sorted fingerprints are equal (native numeric sort, no comparator). */
function sameSorted(x: Float64Array, y: Float64Array): boolean {
  if (x.length !== y.length) return false
  const sx = x.slice().sort()
  const sy = y.slice().sort()
  for (let i = 0; i < sx.length; i++) if (sx[i] !== sy[i]) return false
  return true
}

/** Positions of `c`'s rows sorted by fingerprint, then by float values. */
function order(c: Canonical): Int32Array {
  const index = new Int32Array(c.fps.length)
  for (let i = 0; i < index.length; i++) index[i] = i
  return index.sort((x, y) => {
    const d = c.fps[x]! - c.fps[y]!
    if (d !== 0) return d
    for (const f of c.floats) if (f[x] !== f[y]) return f[x]! - f[y]!
    return 0
  })
}

function rowText(result: ResultSet, chunk: CellChunk, row: number): string {
  const columns = chunk.columns
  const cells = columns.map((column, i) => `${result.names[i]}: ${show(cellAt(column, row))}`)
  return `{ ${cells.join(', ')} }`
}

function show(cell: Cell): string {
  return typeof cell === 'string' ? `'${cell.length > 60 ? `${cell.slice(0, 57)}...` : cell}'` : String(cell)
}

/** Compares `a` (labelled `labelA`) with `b`; rows in any order. */
export function compareResults(
  labelA: string,
  a: ResultSet,
  labelB: string,
  b: ResultSet,
  options: CompareOptions = {},
): Comparison {
  const rows: [number, number] = [rowCount(a), rowCount(b)]
  if (a.names.join('\u0000').toLowerCase() !== b.names.join('\u0000').toLowerCase()) {
    return { equal: false, rows, detail: `columns differ: ${labelA} [${a.names}] vs ${labelB} [${b.names}]` }
  }
  const floatIndexes = (options.floatColumns ?? []).map((name) => a.names.indexOf(name)).filter((i) => i >= 0)
  const include = a.names.map((_, i) => !floatIndexes.includes(i))
  const tolerance = options.relativeTolerance ?? 1e-9
  const ca = canonical(a, include, floatIndexes)
  const cb = canonical(b, include, floatIndexes)
  if (floatIndexes.length === 0 && sameSorted(ca.fps, cb.fps)) return { equal: true, rows, detail: '' }
  const oa = order(ca)
  const ob = order(cb)
  const onlyA: number[] = []
  const onlyB: number[] = []
  let i = 0
  let j = 0
  while (i < oa.length || j < ob.length) {
    const x = oa[i]
    const y = ob[j]
    if (y === undefined || (x !== undefined && ca.fps[x]! < cb.fps[y]!)) {
      onlyA.push(x!)
      i++
    } else if (x === undefined || cb.fps[y]! < ca.fps[x]!) {
      onlyB.push(y)
      j++
    } else {
      if (!ca.floats.every((f, k) => sameFloat(f[x]!, cb.floats[k]![y]!, tolerance))) {
        onlyA.push(x)
        onlyB.push(y)
      }
      i++
      j++
    }
  }
  if (onlyA.length === 0 && onlyB.length === 0) return { equal: true, rows, detail: '' }
  const shown = options.shown ?? 5
  // Differing rows in text order (up to 10,000 per side are ordered), so rows of the same key line up.
  const describe = (label: string, result: ResultSet, c: Canonical, positions: number[]) =>
    positions
      .slice(0, 10_000)
      .map((p) => rowText(result, result.chunks[c.chunkOf[p]!]!, c.rowOf[p]!))
      .sort()
      .slice(0, shown)
      .map((text) => `    only in ${label}: ${text}`)
  const lines = [
    `${labelA} has ${rows[0].toLocaleString('en-US')} rows, ${labelB} ${rows[1].toLocaleString('en-US')}; ` +
      `${onlyA.length.toLocaleString('en-US')} rows only in ${labelA}, ${onlyB.length.toLocaleString('en-US')} only in ${labelB}. First differing rows:`,
    ...describe(labelA, a, ca, onlyA),
    ...describe(labelB, b, cb, onlyB),
  ]
  return { equal: false, rows, detail: lines.join('\n') }
}
