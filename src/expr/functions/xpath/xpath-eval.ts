// XPath 1.0 over xml-dom trees: location paths on the child, descendant, parent, ancestor, sibling, self and
// attribute axes with predicates, unions, filter expressions, arithmetic, comparisons (existential over node-sets)
// and the core function library. compileXPath parses once; evaluate runs against a document.
import { stringValue, type XmlNode } from './xml-dom.js'

export type XValue = number | string | boolean | XmlNode[]

type Test = { type: 'name'; name: string } | { type: 'any' } | { type: 'text' } | { type: 'node' } | { type: 'comment' }
interface Step {
  readonly axis: string
  readonly test: Test
  readonly predicates: Ast[]
}
type Ast =
  | { k: 'number'; value: number }
  | { k: 'string'; value: string }
  | { k: 'call'; name: string; args: Ast[] }
  | { k: 'binary'; op: string; left: Ast; right: Ast }
  | { k: 'negate'; operand: Ast }
  | { k: 'path'; absolute: boolean; start: Ast | null; steps: Step[] }
  | { k: 'filter'; base: Ast; predicates: Ast[] }

export class XPathSyntaxError extends Error {}

const TOKEN =
  /\s*(?:(\.\.|::|\/\/|!=|<=|>=|[()[\].@,/|+\-=<>*$])|("[^"]*"|'[^']*')|(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][-\w.]*(?::[A-Za-z_*][-\w.]*)?))/y

function tokenize(text: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  let at = 0
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break
    TOKEN.lastIndex = at
    const m = TOKEN.exec(text)
    if (!m) throw new XPathSyntaxError(`Unexpected character at position ${at}`)
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!)
    at = TOKEN.lastIndex
  }
  return tokens
}

const AXES = new Set([
  'child',
  'descendant',
  'descendant-or-self',
  'self',
  'parent',
  'ancestor',
  'ancestor-or-self',
  'attribute',
  'following-sibling',
  'preceding-sibling',
])
const OPERATOR_BEFORE = new Set([
  '@',
  '::',
  '(',
  '[',
  ',',
  '/',
  '//',
  '|',
  '+',
  '-',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'and',
  'or',
  'mod',
  'div',
  '*',
])

/** Parses an XPath expression. */
export function compileXPath(text: string): Ast {
  const tokens = tokenize(text)
  let i = 0
  const peek = () => tokens[i]
  const next = () => tokens[i++]
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new XPathSyntaxError(`Expected '${t}' but found '${tokens[i] ?? 'end'}'`)
    i++
  }
  // An operator name (and, or, div, mod, *) only where an operator can stand: after an operand.
  const isOperator = (t: string | undefined) => i > 0 && !OPERATOR_BEFORE.has(tokens[i - 1]!) && t !== undefined
  const binary = (ops: string[], sub: () => Ast) => (): Ast => {
    let left = sub()
    while (ops.includes(peek() ?? '') && isOperator(peek())) {
      const op = next()!
      left = { k: 'binary', op, left, right: sub() }
    }
    return left
  }
  const unary = (): Ast => {
    if (peek() === '-') {
      next()
      return { k: 'negate', operand: unary() }
    }
    return union()
  }
  const union = (): Ast => {
    let left = pathExpr()
    while (peek() === '|') {
      next()
      left = { k: 'binary', op: '|', left, right: pathExpr() }
    }
    return left
  }
  const predicates = (): Ast[] => {
    const out: Ast[] = []
    while (peek() === '[') {
      next()
      out.push(or())
      expect(']')
    }
    return out
  }
  const step = (): Step => {
    const t = peek()
    if (t === '.') {
      next()
      return { axis: 'self', test: { type: 'node' }, predicates: [] }
    }
    if (t === '..') {
      next()
      return { axis: 'parent', test: { type: 'node' }, predicates: [] }
    }
    let axis = 'child'
    if (t === '@') {
      next()
      axis = 'attribute'
    } else if (tokens[i + 1] === '::' && t !== undefined && AXES.has(t)) {
      axis = t
      i += 2
    }
    const name = next()
    let test: Test
    if (name === '*') test = { type: 'any' }
    else if (
      name !== undefined &&
      /^[A-Za-z_]/.test(name) &&
      peek() === '(' &&
      ['text', 'node', 'comment'].includes(name)
    ) {
      next()
      expect(')')
      test = { type: name as 'text' | 'node' | 'comment' }
    } else if (name !== undefined && /^[A-Za-z_]/.test(name)) test = { type: 'name', name }
    else throw new XPathSyntaxError(`Expected a node test but found '${name ?? 'end'}'`)
    return { axis, test, predicates: predicates() }
  }
  const descendantStep: Step = { axis: 'descendant-or-self', test: { type: 'node' }, predicates: [] }
  const relativeSteps = (steps: Step[]) => {
    steps.push(step())
    while (peek() === '/' || peek() === '//') {
      if (next() === '//') steps.push(descendantStep)
      steps.push(step())
    }
    return steps
  }
  const startsStep = (t: string | undefined) =>
    t !== undefined && (t === '.' || t === '..' || t === '@' || t === '*' || /^[A-Za-z_]/.test(t))
  const primary = (): Ast | null => {
    const t = peek()
    if (t === undefined) return null
    if (t === '(') {
      next()
      const e = or()
      expect(')')
      return e
    }
    if (t.startsWith('"') || t.startsWith("'")) {
      next()
      return { k: 'string', value: t.slice(1, -1) }
    }
    if (/^[\d.]/.test(t) && t !== '.' && t !== '..') {
      next()
      return { k: 'number', value: Number(t) }
    }
    if (/^[A-Za-z_]/.test(t) && tokens[i + 1] === '(' && !['text', 'node', 'comment'].includes(t)) {
      next()
      next()
      const args: Ast[] = []
      while (peek() !== ')') {
        args.push(or())
        if (peek() === ',') next()
        else break
      }
      expect(')')
      return { k: 'call', name: t, args }
    }
    return null
  }
  const pathExpr = (): Ast => {
    const t = peek()
    if (t === '/' || t === '//') {
      next()
      const steps: Step[] = t === '//' ? [descendantStep] : []
      if (t === '/' && !startsStep(peek())) return { k: 'path', absolute: true, start: null, steps }
      return { k: 'path', absolute: true, start: null, steps: relativeSteps(steps) }
    }
    const base = primary()
    if (base !== null) {
      const preds = predicates()
      const filtered: Ast = preds.length > 0 ? { k: 'filter', base, predicates: preds } : base
      if (peek() !== '/' && peek() !== '//') return filtered
      const steps: Step[] = next() === '//' ? [descendantStep] : []
      return { k: 'path', absolute: false, start: filtered, steps: relativeSteps(steps) }
    }
    if (!startsStep(t)) throw new XPathSyntaxError(`Unexpected '${t ?? 'end of expression'}'`)
    return { k: 'path', absolute: false, start: null, steps: relativeSteps([]) }
  }
  const multiplicative = binary(['*', 'div', 'mod'], unary)
  const additive = binary(['+', '-'], multiplicative)
  const relational = binary(['<', '<=', '>', '>='], additive)
  const equality = binary(['=', '!='], relational)
  const and = binary(['and'], equality)
  const or = binary(['or'], and)
  const ast = or()
  if (i < tokens.length) throw new XPathSyntaxError(`Unexpected '${tokens[i]}'`)
  return ast
}

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
