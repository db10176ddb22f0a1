// The single-writer lock of a checkpoint: numbered generations of lock files under `.locks/`, taken over race-free.
//
//   .locks/<g>   the newest generation is the lock: {"runId","pid","host","bootId","pidNamespace","startTicks"}, or
//                {"released":true} once its run stopped
//
// Protocol. A starter lists the generations and judges the newest one, g: a live holder refuses the start (Spark's
// "already active" error); a released or dead one lets the starter create g+1 — exclusively (a hard link), so of
// two starters that both judged g free exactly one gets g+1, and the other, judging again, finds a live holder. The
// newest generation is never deleted (the holder deletes older ones), so a starter with an old view that creates an
// old, deleted name finds a newer generation when it lists again after creating, and backs off.
//
// Liveness. On the holder's own machine, boot and pid namespace, its process must exist with the recorded start
// time: a pid reused after a crash or a reboot is not mistaken for the holder. A holder elsewhere (another container
// or host sharing the directory) is judged by its heartbeat — the file's mtime, touched every HEARTBEAT_MS — and is
// dead when the heartbeat is older than STALE_AFTER_MS.
import { readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalStateException } from '../../common/errors.js'
import { newUuid } from '../../common/ids.js'

const HEARTBEAT_MS = 10_000
const STALE_AFTER_MS = 60_000
const ATTEMPTS = 32

interface Holder {
  readonly runId?: string
  readonly pid?: number
  readonly host?: string
  readonly bootId?: string
  readonly pidNamespace?: string
  readonly startTicks?: string
  readonly released?: boolean
}

/** Where this process runs, as recorded in the lock it holds. */
interface Identity {
  readonly host: string
  readonly bootId: string | undefined
  readonly pidNamespace: string | undefined
}

function readOptional(read: () => string): string | undefined {
  try {
    return read().trim()
  } catch {
    return undefined
  }
}

let identity: Identity | undefined
function localIdentity(): Identity {
  identity ??= {
    host: hostname(),
    bootId: readOptional(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
    // `pid:[4026531836]`: processes in different namespaces (containers) may have the same pid.
    pidNamespace: readOptional(() => readlinkSync('/proc/self/ns/pid')),
  }
  return identity
}

/** The start time of a process in clock ticks since boot (`/proc/<pid>/stat` field 22), where the system has it. */
function processStartTicks(pid: number): string | undefined {
  const stat = readOptional(() => readFileSync(`/proc/${pid}/stat`, 'utf8'))
  if (stat === undefined) return undefined
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether the recorded holder may still be running (see Liveness at the top of this file). */
function isLive(holder: Holder | undefined, heartbeatMs: number, now: number): boolean {
  if (holder?.released) return false
  const self = localIdentity()
  const local =
    holder !== undefined &&
    holder.host === self.host &&
    holder.bootId === self.bootId &&
    holder.pidNamespace === self.pidNamespace &&
    typeof holder.pid === 'number'
  if (!local) return now - heartbeatMs < STALE_AFTER_MS
  const pid = holder.pid!
  if (!processExists(pid)) return false
  return holder.startTicks === undefined || processStartTicks(pid) === holder.startTicks
}

/** Spark's error for a second run of a query whose id is already running. */
export const alreadyActive = (id: string) =>
  new IllegalStateException(
    `Cannot start query with id ${id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active.`,
  )

export class CheckpointLock {
  private readonly dir: string
  private held: number | undefined
  private heartbeat: NodeJS.Timeout | undefined

  /** @param checkpointDir the checkpoint; `queryId` names the query in the error a refused start gets */
  constructor(
    private readonly checkpointDir: string,
    private readonly queryId: string,
  ) {
    this.dir = join(checkpointDir, '.locks')
  }

  /** Takes the lock for run `runId`, or throws Spark's "already active" error while another live run holds it. */
  acquire(runId: string): void {
    if (this.held !== undefined) return
    this.retireLegacyLock()
    const self = localIdentity()
    const content = JSON.stringify({
      runId,
      pid: process.pid,
      host: self.host,
      bootId: self.bootId,
      pidNamespace: self.pidNamespace,
      startTicks: processStartTicks(process.pid),
    } satisfies Holder)
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const top = this.generations().at(-1)
      if (top !== undefined) {
        const judged = this.read(top)
        if (judged === 'vanished') continue
        if (isLive(judged.holder, judged.heartbeatMs, Date.now())) throw alreadyActive(this.queryId)
      }
      const mine = (top ?? -1) + 1
      if (!writeFileAtomic(this.pathOf(mine), content, true)) continue
      if (this.generations().at(-1) !== mine) {
        // A starter with an old view re-created a deleted generation: a newer one exists, judge it instead.
        writeFileAtomic(this.pathOf(mine), JSON.stringify({ released: true }))
        continue
      }
      for (const old of this.generations()) if (old < mine) rmSync(this.pathOf(old), { force: true })
      this.held = mine
      this.heartbeat = setInterval(() => this.touch(), HEARTBEAT_MS)
      this.heartbeat.unref()
      return
    }
    throw new IllegalStateException(
      `Could not lock the checkpoint ${this.checkpointDir}: other runs keep taking it over. Make sure only one streaming query runs on a checkpoint location at a time.`,
    )
  }

  /** Marks the held generation released (a later start takes the next one). */
  release(): void {
    if (this.held === undefined) return
    clearInterval(this.heartbeat)
    writeFileAtomic(this.pathOf(this.held), JSON.stringify({ released: true } satisfies Holder))
    this.held = undefined
  }

  get isHeld(): boolean {
    return this.held !== undefined
  }

  private pathOf(generation: number): string {
    return join(this.dir, String(generation))
  }

  private generations(): number[] {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return []
    }
    const out: number[] = []
    for (const name of names) if (/^\d+$/.test(name)) out.push(Number(name))
    return out.sort((a, b) => a - b)
  }

  /** A generation's holder (undefined when unreadable) and heartbeat, or 'vanished' when a newer holder deleted it. */
  private read(generation: number): { holder: Holder | undefined; heartbeatMs: number } | 'vanished' {
    const path = this.pathOf(generation)
    let text: string
    let heartbeatMs: number
    try {
      heartbeatMs = statSync(path).mtimeMs
      text = readFileSync(path, 'utf8')
    } catch {
      return 'vanished'
    }
    try {
      return { holder: JSON.parse(text) as Holder, heartbeatMs }
    } catch {
      // Damaged from outside (writes are atomic): judged by its age alone.
      return { holder: undefined, heartbeatMs }
    }
  }

  private touch(): void {
    if (this.held === undefined) return
    const now = new Date()
    try {
      utimesSync(this.pathOf(this.held), now, now)
    } catch {
      // The checkpoint went away; the query notices when it writes next.
    }
  }

  /**
   * Rivulet 0.1 locked with one `.lock` file holding the pid: a live holder refuses the start; a dead one's file is
   * moved aside (one mover wins the rename; the others find it gone) before the generations decide.
   */
  private retireLegacyLock(): void {
    const legacy = join(this.checkpointDir, '.lock')
    let holder: Holder
    try {
      holder = JSON.parse(readFileSync(legacy, 'utf8')) as Holder
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      holder = {}
    }
    if (typeof holder.pid === 'number' && processExists(holder.pid)) throw alreadyActive(this.queryId)
    const aside = `${legacy}.${newUuid()}.stale`
    try {
      renameSync(legacy, aside)
      rmSync(aside, { force: true })
    } catch {
      // Another starter moved it first.
    }
  }
}
