// The aggregate function registry (count, sum, avg, ...): looked up by Spark's names, case-insensitively.
import type { AggregateFunction } from './spec.js'

const aggregates: Readonly<Record<string, AggregateFunction>> = {}

const aliases: Readonly<Record<string, string>> = {}

export function lookupAggregate(name: string): { name: string; spec: AggregateFunction } | undefined {
  const lower = name.toLowerCase()
  const canonical = aliases[lower] ?? lower
  const spec = aggregates[canonical]
  return spec ? { name: canonical, spec } : undefined
}

export function aggregateNames(): string[] {
  return [...Object.keys(aggregates), ...Object.keys(aliases)].sort()
}
