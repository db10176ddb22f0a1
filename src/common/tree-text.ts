// Spark's tree rendering of a plan: one node per line, each child under `+- ` (the last) or `:- ` (the others),
// indented below its parent.

export function treeText<T>(root: T, children: (node: T) => readonly T[], describe: (node: T) => string): string {
  const lines: string[] = []
  const visit = (node: T, prefix: string, childPrefix: string) => {
    lines.push(prefix + describe(node))
    const kids = children(node)
    kids.forEach((child, i) => {
      const last = i === kids.length - 1
      visit(child, `${childPrefix}${last ? '+- ' : ':- '}`, `${childPrefix}${last ? '   ' : ':  '}`)
    })
  }
  visit(root, '', '')
  return lines.join('\n')
}
