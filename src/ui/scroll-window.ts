/** Where a list of `total` rows shown `height` at a time starts so that `cursor` is in view, near the middle. */
export function windowStart(cursor: number, total: number, height: number): number {
  const last = Math.max(0, total - height);
  return Math.min(last, Math.max(0, cursor - Math.floor(height / 2)));
}

/** `text` cut to `width` characters, with … when cut. */
export function fitWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}
