// A PySpark-style batch report: fill missing values, rename columns, derive revenue with a plain DataFrame
// function (no UDF), rank products per region with a window function, subtotal with rollup, total by day over
// spark.range, then write the ranked rows as Parquet partitioned by region and read them back.
// Run `npx tsx examples/sales_report.ts [outputDir]` (default: a directory under the system temp dir).
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { col, type DataFrame, desc, rank, round, SparkSession, sum, Window } from '../src/index.js'

const out = process.argv[2] ?? join(tmpdir(), 'rivulet-sales-report')
const spark = SparkSession.builder.appName('SalesReport').getOrCreate()

const raw = spark.createDataFrame(
  [
    ['north', 'apple', 10, 1.5, 1],
    ['north', 'pear', null, 2.0, 1],
    ['north', 'plum', 4, 3.0, 3],
    ['south', 'apple', 5, 1.5, 1],
    ['south', 'pear', 8, 2.0, 3],
    [null, 'apple', 2, 1.5, 3],
  ],
  'region STRING, product STRING, units INT, price DOUBLE, day INT',
)

// Unknown regions and missing unit counts, then PySpark-style names.
const sales = raw.na.fill({ region: 'unknown', units: 0 }).withColumnsRenamed({ units: 'qty', price: 'unit_price' })

// A UDF-free transform: any function from DataFrame to DataFrame, with extra arguments.
const withRevenue = (df: DataFrame, taxRate: number) =>
  df.withColumn(
    'revenue',
    round(
      col('qty')
        .multiply(col('unit_price'))
        .multiply(1 + taxRate),
      2,
    ),
  )
const revenue = sales.transform(withRevenue, 0.2)

// A window function: products ranked by revenue within their region.
const byRegion = Window.partitionBy('region').orderBy(desc('revenue'))
const ranked = revenue.withColumn('rank', rank().over(byRegion))
ranked.select('region', 'product', 'qty', 'revenue', 'rank').orderBy('region', 'rank').show()

// Subtotals with rollup: per (region, product), per region (product NULL) and a grand total (both NULL).
const totals = revenue
  .rollup('region', 'product')
  .agg(round(sum('revenue'), 2).alias('total'))
  .orderBy('region', 'product')
totals.show()

// spark.range as a calendar: every day of the report, days without sales filled with 0.
const daily = revenue.groupBy('day').agg(round(sum('revenue'), 2).alias('total'))
spark.range(1, 5).toDF('day').join(daily, 'day', 'left').na.fill(0).orderBy('day').show()

// Hive-style partitioned Parquet, read back with region recovered from the directory names.
await ranked.write.partitionBy('region').mode('overwrite').parquet(out)
console.log(readdirSync(out).sort().join(' '))
spark.read.parquet(out).groupBy('region').count().orderBy('region').show()
