// The error class a call throws, for tests that pin Spark's error classes: 'no error' when it returns.
export function errorClassOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return (error as { errorClass?: string }).errorClass
  }
  return 'no error'
}
