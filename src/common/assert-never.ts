// Exhaustiveness check for discriminated unions: a missing case fails to compile.

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}
