// A backtracking matcher over the bytes of ASCII rows for a plain subset of Java regexes (literals, classes, '.',
// groups with alternation, '^', greedy quantifiers on one character), where Java's and JS's matches agree byte for byte.
// It finds what Matcher.find() finds, with its groups, without a JS string per row.
import { Buffer } from 'node:buffer'

/** A compiled pattern: `find` searches bytes[start, end) (all ASCII) and fills `groups` on success. */
export interface ByteRegex {
  /** Capture groups, group 0 being the whole match. */
  readonly groupCount: number
  /** Whether the pattern matches somewhere in bytes[start, end); then groups[2g], groups[2g + 1] bound group g (-1 unset). */
  find(bytes: Uint8Array, start: number, end: number, groups: Int32Array): boolean
}

type Node =
  | { readonly kind: 'set'; readonly set: Uint8Array; readonly min: number; readonly max: number }
  | { readonly kind: 'start' }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly branches: readonly Node[] }
  | { readonly kind: 'group'; readonly index: number; readonly inner: Node }

/** A pattern outside the subset: the caller uses the general regex path. */
class Unsupported extends Error {}

const charSet = (test: (c: number) => boolean): Uint8Array => {
  const set = new Uint8Array(128)
  for (let c = 0; c < 128; c++) set[c] = test(c) ? 1 : 0
  return set
}
const isDigit = (c: number) => c >= 48 && c <= 57
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
// Java's \s: [ \t\n\x0B\f\r], the same ASCII characters as JS's.
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13)
const CLASS_ESCAPES: Record<string, (c: number) => boolean> = {
  d: isDigit,
  D: (c) => !isDigit(c),
  w: isWord,
  W: (c) => !isWord(c),
  s: isSpace,
  S: (c) => !isSpace(c),
}
const CHAR_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12 }

/** Parses the subset; throws Unsupported for anything else (including everything non-ASCII). */
class Parser {
  private at = 0
  groups = 0

  constructor(private readonly p: string) {}

  parse(): Node {
    const node = this.alternation()
    if (this.at !== this.p.length) throw new Unsupported()
    return node
  }

  private alternation(): Node {
    const branches = [this.sequence()]
    while (this.p[this.at] === '|') {
      this.at++
      branches.push(this.sequence())
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches }
  }

  private sequence(): Node {
    const items: Node[] = []
    while (this.at < this.p.length && this.p[this.at] !== '|' && this.p[this.at] !== ')') items.push(this.quantified())
    return items.length === 1 ? items[0]! : { kind: 'seq', items }
  }

  private quantified(): Node {
    const c = this.p[this.at]!
    if (c === '(') {
      this.at++
      let index = -1
      if (this.p.startsWith('?:', this.at)) this.at += 2
      else if (this.p[this.at] === '?') throw new Unsupported()
      else index = ++this.groups
      const inner = this.alternation()
      if (this.p[this.at++] !== ')') throw new Unsupported()
      // A quantified group repeats captures, where Java and JS differ: not in the subset.
      if (this.quantifierFollows()) throw new Unsupported()
      return { kind: 'group', index, inner }
    }
    if (c === '^') {
      this.at++
      if (this.quantifierFollows()) throw new Unsupported()
      return { kind: 'start' }
    }
    const set = this.atom()
    const [min, max] = this.quantifier()
    return { kind: 'set', set, min, max }
  }

  private quantifierFollows(): boolean {
    const c = this.p[this.at]
    return c === '*' || c === '+' || c === '?' || c === '{'
  }

  /** A greedy quantifier's bounds ([1, 1] when there is none); lazy and possessive ones are not in the subset. */
  private quantifier(): [number, number] {
    const c = this.p[this.at]
    let bounds: [number, number]
    if (c === '*') bounds = [0, Number.POSITIVE_INFINITY]
    else if (c === '+') bounds = [1, Number.POSITIVE_INFINITY]
    else if (c === '?') bounds = [0, 1]
    else if (c === '{') {
      const m = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(this.p.slice(this.at))
      if (!m) throw new Unsupported()
      const min = Number(m[1])
      const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3])
      if (max < min) throw new Unsupported()
      this.at += m[0].length - 1
      bounds = [min, max]
    } else return [1, 1]
    this.at++
    const next = this.p[this.at]
    if (next === '?' || next === '+') throw new Unsupported()
    return bounds
  }

  /** One character's set: a literal, '.', an escape or a bracketed class. */
  private atom(): Uint8Array {
    const c = this.p[this.at++]!
    if (c === '.') return charSet((x) => x !== 10 && x !== 13)
    if (c === '[') return this.bracket()
    if (c === '\\') return this.escape()
    if ('$*+?{}])'.includes(c) || c.charCodeAt(0) >= 0x80) throw new Unsupported()
    const code = c.charCodeAt(0)
    return charSet((x) => x === code)
  }

  private escape(): Uint8Array {
    const e = this.p[this.at++]
    if (e === undefined) throw new Unsupported()
    const test = CLASS_ESCAPES[e]
    if (test) return charSet(test)
    const code = CHAR_ESCAPES[e] ?? (/[^a-zA-Z0-9]/.test(e) && e.charCodeAt(0) < 0x80 ? e.charCodeAt(0) : -1)
    if (code < 0) throw new Unsupported()
    return charSet((x) => x === code)
  }

  /** `[...]` or `[^...]` of literals, ranges and \d-style escapes; nested classes and `&&` are Java-only. */
  private bracket(): Uint8Array {
    const set = new Uint8Array(128)
    const negated = this.p[this.at] === '^'
    if (negated) this.at++
    if (this.p[this.at] === ']') throw new Unsupported()
    for (;;) {
      const c = this.p[this.at++]
      if (c === undefined || c === '[' || c.charCodeAt(0) >= 0x80) throw new Unsupported()
      if (c === ']') break
      if (c === '&' && this.p[this.at] === '&') throw new Unsupported()
      let low: number
      if (c === '\\') {
        const escaped = this.escape()
        if (escaped.reduce((a, b) => a + b, 0) !== 1) {
          for (let x = 0; x < 128; x++) set[x]! |= escaped[x]!
          continue
        }
        low = escaped.indexOf(1)
      } else low = c.charCodeAt(0)
      if (this.p[this.at] === '-' && this.p[this.at + 1] !== ']' && this.p[this.at + 1] !== undefined) {
        this.at++
        const h = this.p[this.at++]!
        if (h === '\\' || h === '[' || h.charCodeAt(0) >= 0x80) throw new Unsupported()
        const high = h.charCodeAt(0)
        if (high < low) throw new Unsupported()
        for (let x = low; x <= high; x++) set[x] = 1
      } else set[low] = 1
    }
    if (negated) for (let x = 0; x < 128; x++) set[x] = set[x] ? 0 : 1
    return set
  }
}

/** Fewest and most bytes a node matches. */
function widths(node: Node): [number, number] {
  switch (node.kind) {
    case 'set':
      return [node.min, node.max]
    case 'start':
      return [0, 0]
    case 'group':
      return widths(node.inner)
    case 'seq':
      return node.items.map(widths).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0])
    case 'alt': {
      const all = node.branches.map(widths)
      return [Math.min(...all.map((w) => w[0])), Math.max(...all.map((w) => w[1]))]
    }
  }
}

/** Whether a node matches exactly one given byte. */
const isSingle = (n: Node): boolean =>
  n.kind === 'set' && n.min === 1 && n.max === 1 && n.set.reduce((a, b) => a + b, 0) === 1

/** The bytes of a run of isSingle nodes. */
const literalOf = (nodes: readonly Node[]): Uint8Array =>
  Uint8Array.from(nodes, (n) => (n as { set: Uint8Array }).set.indexOf(1))

/**
 * The longest run of single literal bytes among the top-level items, which every match contains, and the bounds of
 * how far after the match's start it begins; null when there is none.
 */
function requiredLiteral(node: Node): { literal: Uint8Array; before: [number, number] } | null {
  const items = node.kind === 'seq' ? node.items : [node]
  let best: { from: number; to: number } | null = null
  for (let i = 0; i < items.length; ) {
    if (!isSingle(items[i]!)) {
      i++
      continue
    }
    let j = i
    while (j < items.length && isSingle(items[j]!)) j++
    if (best === null || j - i > best.to - best.from) best = { from: i, to: j }
    i = j
  }
  if (best === null) return null
  const literal = literalOf(items.slice(best.from, best.to))
  const before = items.slice(0, best.from).reduce<[number, number]>(
    ([a, b], n) => {
      const [c, d] = widths(n)
      return [a + c, b + d]
    },
    [0, 0],
  )
  return { literal, before }
}

type Matcher = (pos: number) => boolean

/** The pattern as a ByteRegex, or null when it is outside the subset (the caller keeps the general path). */
export function compileByteRegex(pattern: string): ByteRegex | null {
  let tree: Node
  const parser = new Parser(pattern)
  try {
    tree = parser.parse()
  } catch (error) {
    if (error instanceof Unsupported) return null
    throw error
  }
  // The row being matched, read by the matchers compiled below.
  let bytes: Uint8Array = new Uint8Array(0)
  let rowStart = 0
  let rowEnd = 0
  let groups: Int32Array = new Int32Array(0)
  let matchEnd = -1

  const compile = (node: Node, next: Matcher): Matcher => {
    switch (node.kind) {
      case 'start':
        return (pos) => pos === rowStart && next(pos)
      case 'set': {
        const { set, min, max } = node
        if (min === 1 && max === 1) return (pos) => pos < rowEnd && set[bytes[pos]!] === 1 && next(pos + 1)
        return (pos) => {
          let count = 0
          while (count < max && pos + count < rowEnd && set[bytes[pos + count]!] === 1) count++
          for (; count >= min; count--) if (next(pos + count)) return true
          return false
        }
      }
      case 'seq': {
        // Runs of single literal bytes are compared in one loop rather than one matcher per byte.
        let matcher = next
        for (let j = node.items.length; j > 0; ) {
          let i = j
          while (i > 0 && isSingle(node.items[i - 1]!)) i--
          if (j - i >= 2) {
            matcher = literalMatcher(literalOf(node.items.slice(i, j)), matcher)
            j = i
          } else matcher = compile(node.items[--j]!, matcher)
        }
        return matcher
      }
      case 'alt': {
        const branches = node.branches.map((b) => compile(b, next))
        return (pos) => {
          for (const branch of branches) if (branch(pos)) return true
          return false
        }
      }
      case 'group': {
        if (node.index < 0) return compile(node.inner, next)
        const open = 2 * node.index
        const close = open + 1
        const inner = compile(node.inner, (pos) => {
          const before = groups[close]!
          groups[close] = pos
          if (next(pos)) return true
          groups[close] = before
          return false
        })
        return (pos) => {
          const [start, end] = [groups[open]!, groups[close]!]
          groups[open] = pos
          if (inner(pos)) return true
          groups[open] = start
          groups[close] = end
          return false
        }
      }
    }
  }
  const literalMatcher = (literal: Uint8Array, next: Matcher): Matcher => {
    const length = literal.length
    return (pos) => {
      if (pos + length > rowEnd) return false
      for (let k = 0; k < length; k++) if (bytes[pos + k] !== literal[k]) return false
      return next(pos + length)
    }
  }
  const whole = compile(tree, (pos) => {
    matchEnd = pos
    return true
  })
  const required = requiredLiteral(tree)
  const groupCount = parser.groups
  const needle = required === null ? null : Buffer.from(required.literal)
  // The buffer searched for the required literal, the end of the last row searched, and the first occurrence not yet
  // examined (-1: none, -2: unknown), which holds for rows starting at or after scanEnd.
  let scanned: Uint8Array | null = null
  let haystack: Buffer = Buffer.alloc(0)
  let scanEnd = 0
  let occurrence = -2

  const tryAt = (start: number): boolean => {
    groups.fill(-1)
    if (!whole(start)) return false
    groups[0] = start
    groups[1] = matchEnd
    return true
  }

  return {
    groupCount,
    find(source, start, end, out) {
      bytes = source
      rowStart = start
      rowEnd = end
      groups = out
      if (required === null) {
        for (let s = start; s <= end; s++) if (tryAt(s)) return true
        return false
      }
      // Every match holds the literal, `before` bytes after its start: only starts that bound an occurrence are tried.
      // Occurrences are found by a native search over the whole buffer, carried from row to row while each row starts
      // at or after the end of the one before (a column's rows in order); any other row searches afresh.
      const { literal, before } = required
      if (source !== scanned || start < scanEnd) {
        scanned = source
        haystack = Buffer.from(source.buffer, source.byteOffset, source.byteLength)
        occurrence = -2
      }
      scanEnd = end
      let p = occurrence
      if (p === -2 || (p >= 0 && p < start)) p = haystack.indexOf(needle!, start)
      let nextStart = start
      for (; p >= 0 && p + literal.length <= end; p = haystack.indexOf(needle!, p + 1)) {
        if (before[1] === Number.POSITIVE_INFINITY) {
          occurrence = p
          for (let s = start; s <= end; s++) if (tryAt(s)) return true
          return false
        }
        const last = p - before[0]
        for (let s = Math.max(nextStart, p - before[1]); s <= last; s++) {
          if (tryAt(s)) {
            occurrence = p
            return true
          }
        }
        nextStart = Math.max(nextStart, last + 1)
      }
      occurrence = p
      return false
    },
  }
}
