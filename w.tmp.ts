import { newSession } from './test/support/session.js'
const spark = newSession({ 'spark.sql.session.timeZone': 'America/Los_Angeles' })
spark.sql(`CREATE OR REPLACE TEMPORARY VIEW testData AS SELECT * FROM VALUES (null, 1L, 1.0D, date("2017-08-01"), timestamp_seconds(1501545600), "a"), (1, 1L, 1.0D, date("2017-08-01"), timestamp_seconds(1501545600), "a"), (1, 2L, 2.5D, date("2017-08-02"), timestamp_seconds(1502000000), "a"), (2, 2147483650L, 100.001D, date("2020-12-31"), timestamp_seconds(1609372800), "a"), (1, null, 1.0D, date("2017-08-01"), timestamp_seconds(1501545600), "b"), (2, 3L, 3.3D, date("2017-08-03"), timestamp_seconds(1503000000), "b"), (3, 2147483650L, 100.001D, date("2020-12-31"), timestamp_seconds(1609372800), "b"), (null, null, null, null, null, null), (3, 1L, 1.0D, date("2017-08-01"), timestamp_seconds(1501545600), null) AS testData(val, val_long, val_double, val_date, val_timestamp, cate)`).toArrow()
for (const q of process.argv.slice(2)) {
  try { const df = spark.sql(q); console.log(df.schema.simpleString?.() ?? ''); df.show(30, false) } catch (e) { console.log('ERR', (e as Error).name, (e as any).errorClass, (e as Error).message) }
}
