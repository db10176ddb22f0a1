// The aggregate function registry (count, sum, avg, ...): looked up by Spark's names, case-insensitively.

import { own } from '../../common/own.js'
import { bitmapAggregates } from './bitmap-aggregates.js'
import { histogramNumeric } from './histogram-numeric.js'
import { approxCountDistinct } from './hyperloglog.js'
import { listAgg } from './list-agg.js'
import { logicalAggregates } from './logical.js'
import { mode } from './mode.js'
import { numericAggregateAliases, numericAggregates } from './numeric.js'
import { percentileAggregates } from './percentiles.js'
import type { AggregateFunction } from './spec.js'
import { momentAggregates, statisticalAggregates } from './statistics.js'
import { valueAggregateAliases, valueAggregates } from './values.js'

const aggregates: Readonly<Record<string, AggregateFunction>> = {
  ...numericAggregates,
  ...valueAggregates,
  ...statisticalAggregates,
  ...momentAggregates,
  ...logicalAggregates,
  ...percentileAggregates,
  approx_count_distinct: approxCountDistinct,
  ...bitmapAggregates,
  mode,
  // string_agg is ListAgg registered under its own name, which Spark keeps in the column name.
  listagg: listAgg,
  string_agg: listAgg,
  histogram_numeric: histogramNumeric,
}

const aliases: Readonly<Record<string, string>> = {
  ...numericAggregateAliases,
  ...valueAggregateAliases,
  approx_distinct: 'approx_count_distinct',
}

export function lookupAggregate(name: string): { name: string; spec: AggregateFunction } | undefined {
  const lower = name.toLowerCase()
  const canonical = own(aliases, lower) ?? lower
  const spec = own(aggregates, canonical)
  return spec ? { name: canonical, spec } : undefined
}

export function aggregateNames(): string[] {
  return [...Object.keys(aggregates), ...Object.keys(aliases)].sort()
}
