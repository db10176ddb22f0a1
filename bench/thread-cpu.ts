// CPU time per thread of this process (Linux /proc/self/task/<tid>/stat), so a benchmark can show where a parallel
// run spent its CPU — on the driver thread or on the workers — whatever else loads the machine.
import { readdirSync, readFileSync } from 'node:fs'

/** CPU ms (user + system) per thread id. */
export type ThreadCpu = ReadonlyMap<number, number>

/** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every mainstream kernel). */
const TICK_MS = 10

export function threadCpu(): ThreadCpu {
  const cpu = new Map<number, number>()
  let tids: string[] = []
  try {
    tids = readdirSync('/proc/self/task')
  } catch {
    return cpu
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces) start after the last ')'; utime, stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      cpu.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS)
    } catch {}
  }
  return cpu
}

/** Where the CPU went between two snapshots: the main thread, the busiest other threads (workers), the rest. */
export function cpuSplit(
  before: ThreadCpu,
  after: ThreadCpu,
  top: number,
): { main: number; busiest: number[]; rest: number } {
  const main = process.pid
  const others: number[] = []
  let mainMs = 0
  for (const [tid, ms] of after) {
    const spent = ms - (before.get(tid) ?? 0)
    if (tid === main) mainMs = spent
    else others.push(spent)
  }
  others.sort((a, b) => b - a)
  const busiest = others.slice(0, top)
  return { main: mainMs, busiest, rest: others.slice(top).reduce((s, v) => s + v, 0) }
}
