// Identifiers: query ids and run ids (UUIDs), and unique expression ids for attributes.
import { randomUUID } from 'node:crypto'

export function newUuid(): string {
  return randomUUID()
}

let nextExprId = 0

/** A process-wide unique id for a named expression, so aliases and self-joins stay unambiguous. */
export function newExprId(): number {
  return nextExprId++
}
