// XPath 1.0 over xml-dom trees: the tree compileXPath (xpath-parse.ts) builds, run against a document — axes,
// predicates, comparisons (existential over node-sets) and the core function library.

import { stringValue, type XmlNode } from './xml-dom.js'
import { type Ast, compileXPath, type Test, XPathSyntaxError } from './xpath-parse.js'

export type XValue = number | string | boolean | XmlNode[]

interface Context {
  readonly node: XmlNode
  readonly position: number
  readonly size: number
}

const byOrder = (a: XmlNode, b: XmlNode) => a.order - b.order

function axisNodes(n: XmlNode, axis: string): XmlNode[] {
  switch (axis) {
    case 'child':
      return n.children
    case 'attribute':
      return n.attributes
    case 'self':
      return [n]
    case 'parent':
      return n.parent ? [n.parent] : []
    case 'descendant':
    case 'descendant-or-self': {
      const out: XmlNode[] = axis === 'descendant-or-self' ? [n] : []
      const walk = (m: XmlNode) => {
        for (const c of m.children) {
          out.push(c)
          walk(c)
        }
      }
      walk(n)
      return out
    }
    case 'ancestor':
    case 'ancestor-or-self': {
      const out: XmlNode[] = axis === 'ancestor-or-self' ? [n] : []
      for (let p = n.parent; p; p = p.parent) out.push(p)
      return out
    }
    case 'following-sibling':
    case 'preceding-sibling': {
      if (!n.parent || n.kind === 'attribute') return []
      const siblings = n.parent.children
      const at = siblings.indexOf(n)
      return axis === 'following-sibling' ? siblings.slice(at + 1) : siblings.slice(0, at).reverse()
    }
    default:
      return []
  }
}

function matches(n: XmlNode, test: Test, axis: string): boolean {
  switch (test.type) {
    case 'node':
      return true
    case 'text':
      return n.kind === 'text'
    case 'comment':
      return false
    case 'any':
      return axis === 'attribute' ? n.kind === 'attribute' : n.kind === 'element'
    case 'name':
      return (axis === 'attribute' ? n.kind === 'attribute' : n.kind === 'element') && n.name === test.name
  }
}

const toNumber = (v: XValue): number =>
  typeof v === 'number'
    ? v
    : typeof v === 'boolean'
      ? Number(v)
      : typeof v === 'string'
        ? v.trim() === ''
          ? Number.NaN
          : Number(v.trim())
        : toNumber(toText(v))
export const toText = (v: XValue): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'boolean'
      ? String(v)
      : typeof v === 'number'
        ? numberText(v)
        : v.length === 0
          ? ''
          : stringValue(v[0]!)
export const toBoolean = (v: XValue): boolean =>
  typeof v === 'boolean'
    ? v
    : typeof v === 'number'
      ? v !== 0 && !Number.isNaN(v)
      : typeof v === 'string'
        ? v !== ''
        : v.length > 0
export const asNumber = toNumber

function numberText(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity'
  if (Number.isInteger(x)) return String(x)
  return String(x)
}

function compare(op: string, a: XValue, b: XValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    // Existential: some pair of values compares true.
    const left = Array.isArray(a) ? a.map(stringValue) : [a]
    const right = Array.isArray(b) ? b.map(stringValue) : [b]
    return left.some((x) => right.some((y) => compare(op, coerceAtom(x, b), coerceAtom(y, a))))
  }
  if (op === '=' || op === '!=') {
    const equal =
      typeof a === 'boolean' || typeof b === 'boolean'
        ? toBoolean(a) === toBoolean(b)
        : typeof a === 'number' || typeof b === 'number'
          ? toNumber(a) === toNumber(b)
          : toText(a) === toText(b)
    return op === '=' ? equal : !equal
  }
  const [x, y] = [toNumber(a), toNumber(b)]
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y
}

/** A node's string compared with a number or boolean is read as that type. */
const coerceAtom = (value: XValue, other: XValue): XValue =>
  typeof value === 'string' && typeof other === 'number'
    ? toNumber(value)
    : typeof value === 'string' && typeof other === 'boolean'
      ? toBoolean(value)
      : value

function filterNodes(nodes: XmlNode[], predicates: readonly Ast[]): XmlNode[] {
  let current = nodes
  for (const p of predicates) {
    const size = current.length
    current = current.filter((node, k) => {
      const v = evaluate(p, { node, position: k + 1, size })
      return typeof v === 'number' ? v === k + 1 : toBoolean(v)
    })
  }
  return current
}

function call(name: string, args: readonly Ast[], ctx: Context): XValue {
  const arg = (k: number) => evaluate(args[k]!, ctx)
  const text = (k: number) => (args.length > k ? toText(arg(k)) : stringValue(ctx.node))
  switch (name) {
    case 'count':
      return (arg(0) as XmlNode[]).length
    case 'sum':
      return (arg(0) as XmlNode[]).reduce((s, n) => s + toNumber(stringValue(n)), 0)
    case 'last':
      return ctx.size
    case 'position':
      return ctx.position
    case 'string':
      return text(0)
    case 'number':
      return args.length > 0 ? toNumber(arg(0)) : toNumber(stringValue(ctx.node))
    case 'boolean':
      return toBoolean(arg(0))
    case 'not':
      return !toBoolean(arg(0))
    case 'true':
      return true
    case 'false':
      return false
    case 'concat':
      return args.map((_, k) => toText(arg(k))).join('')
    case 'contains':
      return text(0).includes(text(1))
    case 'starts-with':
      return text(0).startsWith(text(1))
    case 'string-length':
      return [...text(0)].length
    case 'normalize-space':
      return text(0).trim().replace(/\s+/g, ' ')
    case 'substring-before': {
      const s = text(0)
      const at = s.indexOf(text(1))
      return at < 0 ? '' : s.slice(0, at)
    }
    case 'substring-after': {
      const s = text(0)
      const t = text(1)
      const at = s.indexOf(t)
      return at < 0 ? '' : s.slice(at + t.length)
    }
    case 'substring': {
      const chars = [...text(0)]
      const start = Math.round(toNumber(arg(1)))
      const end = args.length > 2 ? start + Math.round(toNumber(arg(2))) : Number.POSITIVE_INFINITY
      return chars.filter((_, k) => k + 1 >= start && k + 1 < end).join('')
    }
    case 'translate': {
      const [from, to] = [[...text(1)], [...text(2)]]
      return [...text(0)]
        .map((ch) => {
          const at = from.indexOf(ch)
          return at < 0 ? ch : (to[at] ?? '')
        })
        .join('')
    }
    case 'name':
    case 'local-name': {
      const nodes = args.length > 0 ? (arg(0) as XmlNode[]) : [ctx.node]
      const n = nodes[0]
      if (!n || (n.kind !== 'element' && n.kind !== 'attribute')) return ''
      return name === 'local-name' ? n.name.slice(n.name.indexOf(':') + 1) : n.name
    }
    case 'floor':
      return Math.floor(toNumber(arg(0)))
    case 'ceiling':
      return Math.ceil(toNumber(arg(0)))
    case 'round':
      return Math.floor(toNumber(arg(0)) + 0.5)
    default:
      throw new XPathSyntaxError(`Could not find function: ${name}`)
  }
}

function evaluate(ast: Ast, ctx: Context): XValue {
  switch (ast.k) {
    case 'number':
    case 'string':
      return ast.value
    case 'negate':
      return -toNumber(evaluate(ast.operand, ctx))
    case 'call':
      return call(ast.name, ast.args, ctx)
    case 'filter': {
      const base = evaluate(ast.base, ctx)
      if (!Array.isArray(base)) throw new XPathSyntaxError('A predicate can only filter a node-set')
      return filterNodes(base, ast.predicates)
    }
    case 'binary': {
      const { op } = ast
      if (op === 'or') return toBoolean(evaluate(ast.left, ctx)) || toBoolean(evaluate(ast.right, ctx))
      if (op === 'and') return toBoolean(evaluate(ast.left, ctx)) && toBoolean(evaluate(ast.right, ctx))
      const [a, b] = [evaluate(ast.left, ctx), evaluate(ast.right, ctx)]
      if (op === '|') return [...new Set([...(a as XmlNode[]), ...(b as XmlNode[])])].sort(byOrder)
      if (['=', '!=', '<', '<=', '>', '>='].includes(op)) return compare(op, a, b)
      const [x, y] = [toNumber(a), toNumber(b)]
      return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === 'div' ? x / y : x % y
    }
    case 'path': {
      let nodes: XmlNode[]
      if (ast.start) {
        const start = evaluate(ast.start, ctx)
        if (!Array.isArray(start)) throw new XPathSyntaxError('A path can only start from a node-set')
        nodes = start
      } else if (ast.absolute) {
        let root = ctx.node
        while (root.parent) root = root.parent
        nodes = [root]
      } else nodes = [ctx.node]
      for (const step of ast.steps) {
        const out = new Set<XmlNode>()
        for (const n of nodes) {
          const selected = axisNodes(n, step.axis).filter((m) => matches(m, step.test, step.axis))
          for (const m of filterNodes(selected, step.predicates)) out.add(m)
        }
        nodes = [...out].sort(byOrder)
      }
      return nodes
    }
  }
}

/** Evaluates a compiled expression with the document as the context node. */
export function evaluateXPath(ast: Ast, document: XmlNode): XValue {
  return evaluate(ast, { node: document, position: 1, size: 1 })
}

export type { Ast as XPathExpr }
export { compileXPath, XPathSyntaxError }
