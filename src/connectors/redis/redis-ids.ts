// Redis stream entry ids (`<ms>-<seq>`, two unsigned 64-bit numbers): parsing, order, and the id just before another,
// compared as decimal text so that ids past 2^53 stay exact.
import { IllegalArgumentException } from '../../common/errors.js'

const ID = /^(\d{1,20})(?:-(\d{1,20}))?$/

/** A complete id (`ms-seq`; `ms` alone means `ms-0`), or undefined when the text is not one. */
export function parseEntryId(text: string): string | undefined {
  const match = ID.exec(text.trim())
  if (!match) return undefined
  const ms = BigInt(match[1]!)
  const seq = BigInt(match[2] ?? '0')
  if (ms >= 1n << 64n || seq >= 1n << 64n) return undefined
  return `${ms}-${seq}`
}

/** The same, or an IllegalArgumentException naming where the id came from. */
export function entryId(text: string, where: string): string {
  const id = parseEntryId(text)
  if (id === undefined) {
    throw new IllegalArgumentException(`Invalid Redis stream entry id '${text}' in ${where}: expected <ms>-<seq>`)
  }
  return id
}

const compareDecimal = (a: string, b: string) =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0

/** Negative, zero or positive as id `a` is before, equal to or after id `b` (both complete ids). */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-') as [string, string]
  const [bMs, bSeq] = b.split('-') as [string, string]
  return compareDecimal(aMs, bMs) || compareDecimal(aSeq, bSeq)
}

/** The milliseconds part of an id (entries added with `*` carry their server time). */
export const idMillis = (id: string): number => Number(id.slice(0, id.indexOf('-')))

/** The largest id before `id` (`0-0` has none: it is returned as is). */
export function previousId(id: string): string {
  const [ms, seq] = id.split('-').map(BigInt) as [bigint, bigint]
  if (seq > 0n) return `${ms}-${seq - 1n}`
  if (ms > 0n) return `${ms - 1n}-${(1n << 64n) - 1n}`
  return id
}
