// Runs steps in order, synchronously until one returns a promise, then chaining the rest on it: operators that call
// user code stay synchronous (no promise allocated) unless the user code is async.

export type Step = void | Promise<void>

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

/** Calls step(0) .. step(count - 1) in order. */
export function forEach(count: number, step: (i: number) => Step, from = 0): Step {
  for (let i = from; i < count; i++) {
    const pending = step(i)
    if (isThenable(pending)) return pending.then(() => forEach(count, step, i + 1))
  }
}

/** Runs the steps in order. */
export function inSequence(steps: readonly (() => Step)[]): Step {
  return forEach(steps.length, (i) => steps[i]!())
}

/** Then `next`, after `step` (awaited only if it returned a promise). */
export function andThen<T>(step: unknown, next: () => T): T | Promise<T> {
  return isThenable(step) ? Promise.resolve(step).then(next) : next()
}

/**
 * Appends what a handler returned — nothing, an iterable, an async iterable, or a promise of an iterable — to `out`.
 * Returns a promise only when the output had to be awaited.
 */
export function collectOutput(result: unknown, out: unknown[]): Step {
  if (result === undefined || result === null) return
  if (isThenable(result)) return Promise.resolve(result).then((resolved) => collectOutput(resolved, out))
  if (typeof result === 'object' && Symbol.asyncIterator in result) {
    return (async () => {
      for await (const row of result as AsyncIterable<unknown>) out.push(row)
    })()
  }
  if (typeof result === 'object' && Symbol.iterator in result) {
    for (const row of result as Iterable<unknown>) out.push(row)
    return
  }
  throw new TypeError(`a handler must return an iterable of rows (or nothing), not ${typeof result}`)
}
