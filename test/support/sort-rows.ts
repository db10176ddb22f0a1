// Rows in a canonical order, for comparing outputs whose order Spark leaves unspecified.
import type { Row } from '../../src/index.js'

/** Rows sorted by their JSON text. */
export function sortRows(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
}
