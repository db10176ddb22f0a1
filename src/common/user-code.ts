// User code that plans refer to by id: a plan is data (it can be printed, compared and sent to a worker), so a
// stateful processor, a mapInArrow function or a foreach writer is registered here and a plan node names it.
// Entries live as long as the program, like MemoryStream buffers.
import { IllegalStateException } from './errors.js'

const registered = new Map<string, unknown>()
let next = 0

/** Registers `code` and returns the id a plan names it by (`<kind>-<n>`). */
export function registerUserCode(kind: string, code: unknown): string {
  const id = `${kind}-${next++}`
  registered.set(id, code)
  return id
}

/** The code a plan names. */
export function userCode<T>(id: string): T {
  if (!registered.has(id)) throw new IllegalStateException(`User code ${id} is not registered in this program`)
  return registered.get(id) as T
}
