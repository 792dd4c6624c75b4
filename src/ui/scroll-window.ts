/** Where a list of `total` rows shown `height` at a time starts so that `cursor` is in view, near the middle. */
export function windowStart(cursor: number, total: number, height: number): number {
  const last = Math.max(0, total - height);
  return Math.min(last, Math.max(0, cursor - Math.floor(height / 2)));
}

/** `text` cut to `width` characters, with … when cut. */
export function fitWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

/** How far a key moves a view `viewport` rows high: ↑↓ j/k one row, PgUp/PgDn and space a page less one; undefined for any other key. */
export function scrollBy(input: string, key: { readonly upArrow: boolean; readonly downArrow: boolean; readonly pageUp: boolean; readonly pageDown: boolean }, viewport: number): number | undefined {
  if (key.downArrow || input === 'j') return 1;
  if (key.upArrow || input === 'k') return -1;
  if (key.pageDown || input === ' ') return viewport - 1;
  if (key.pageUp) return -(viewport - 1);
  return undefined;
}
