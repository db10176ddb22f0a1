// Long IN lists of plain literals parse flat into one array of values (Spark's InSet), not a node per value.
import { describe, expect, it } from 'vitest'
import { parseExpression } from '../../grammar/index.js'

const listOf = (count: number, item: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => item(i)).join(', ')

describe('IN lists of literals', () => {
  // The timeout only bounds a loaded machine.
  it('a list of 200,000 integers is one Float64Array, minus signs applied', { timeout: 60_000 }, () => {
    const tree = parseExpression(`a IN (${listOf(200_000, (i) => String(i % 2 === 0 ? i : -i))})`)
    expect(tree.kind).toBe('InLiterals')
    if (tree.kind !== 'InLiterals' || tree.list.kind !== 'integers') throw new Error('not an integer list')
    expect(tree.list.values).toBeInstanceOf(Float64Array)
    expect(tree.list.values.length).toBe(200_000)
    expect(Array.from(tree.list.values.subarray(0, 4))).toEqual([0, -1, 2, -3])
    expect(tree.list.values[199_999]).toBe(-199_999)
  })

  it('strings are unescaped, NULLs are kept as positions, NOT IN is negated', () => {
    const tree = parseExpression(`s NOT IN (NULL, ${listOf(10, (i) => `'k${i}'`)}, 'it\\'s', NULL, r'a\\b')`)
    if (tree.kind !== 'InLiterals' || tree.list.kind !== 'strings') throw new Error('not a string list')
    expect(tree.negated).toBe(true)
    expect(tree.list.values).toEqual([...Array.from({ length: 10 }, (_, i) => `k${i}`), "it's", 'a\\b'])
    expect(tree.list.nulls).toEqual([0, 12])
  })

  it('ten values or fewer, mixed kinds, suffixes, expressions and unsafe integers stay expression lists', () => {
    const kinds = (text: string) => parseExpression(text).kind
    expect(kinds(`a IN (${listOf(10, String)})`)).toBe('In')
    expect(kinds(`a IN (${listOf(11, String)})`)).toBe('InLiterals')
    expect(kinds(`a IN (${listOf(11, String)}, 'x')`)).toBe('In')
    expect(kinds(`a IN (${listOf(11, String)}, 1L)`)).toBe('In')
    expect(kinds(`a IN (${listOf(11, String)}, 1.5)`)).toBe('In')
    expect(kinds(`a IN (${listOf(11, String)}, 1 + 1)`)).toBe('In')
    expect(kinds(`a IN (${listOf(11, String)}, 9007199254740993)`)).toBe('In')
    expect(kinds(`a IN (${listOf(11, (i) => `'s${i}'`)}, 'adjacent' 'strings')`)).toBe('In')
    expect(kinds(`a IN (${listOf(11, () => 'NULL')})`)).toBe('In')
  })
})
