/**
 * Runs `work` for every item, at most `parallel` at once, results in the items' order. With
 * `canary`, the first item runs alone first; when it fails, the others do not run (`skipped`).
 */
export async function runPool<Item, Result>(
  items: readonly Item[],
  options: { readonly parallel: number; readonly canary: boolean },
  work: (item: Item) => Promise<Result>,
  failed: (result: Result) => boolean,
  skipped: (item: Item) => Result,
): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let start = 0;
  if (options.canary && items.length > 0) {
    results[0] = await work(items[0]!);
    start = 1;
    if (failed(results[0])) return items.map((item, index) => (index === 0 ? results[0]! : skipped(item)));
  }
  let next = start;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, items.length - start) }, lane));
  return results;
}
