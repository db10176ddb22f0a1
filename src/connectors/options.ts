// Case-insensitive string options (as DataStreamReader/Writer collect them), read once into typed values.
import { AnalysisException, IllegalArgumentException } from '../common/errors.js'

/** Option keys compare case-insensitively; values are strings, as in Spark. */
export class Options {
  private readonly values: ReadonlyMap<string, string>

  constructor(entries: Iterable<readonly [string, string]> = []) {
    const map = new Map<string, string>()
    for (const [key, value] of entries) map.set(key.toLowerCase(), value)
    this.values = map
  }

  /** A copy with one more option (later values win). */
  with(key: string, value: string): Options {
    return new Options([...this.values, [key.toLowerCase(), value]])
  }

  has(key: string): boolean {
    return this.values.has(key.toLowerCase())
  }

  get(key: string): string | undefined {
    return this.values.get(key.toLowerCase())
  }

  /** The value or the default. */
  getOr(key: string, fallback: string): string {
    return this.get(key) ?? fallback
  }

  /** An integer option; `describe` builds the error for a malformed value. */
  getInt(
    key: string,
    fallback: number,
    describe = (v: string) => `Invalid value '${v}' for option '${key}', must be an integer`,
  ): number {
    const raw = this.get(key)
    if (raw === undefined) return fallback
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw new IllegalArgumentException(describe(raw))
    return Number(raw)
  }

  /** A boolean option ("true"/"false", case-insensitive). */
  getBoolean(
    key: string,
    fallback: boolean,
    describe = (v: string) => `${key} must be set to either "true" or "false", got '${v}'`,
  ): boolean {
    const raw = this.get(key)
    if (raw === undefined) return fallback
    const lower = raw.trim().toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    throw new AnalysisException(describe(raw))
  }

  entries(): [string, string][] {
    return [...this.values]
  }
}
