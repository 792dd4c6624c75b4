/** Unified diff of two texts, the form `diff -u` prints, with three lines of context. */

type Edit = { readonly op: ' ' | '-' | '+'; readonly line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

/** Longest-common-subsequence edit script; config files are small, so O(n·m) is fine. */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      edits.push({ op: ' ', line: a[i]! });
      i += 1;
      j += 1;
    } else if (j < m && (i === n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      edits.push({ op: '+', line: b[j]! });
      j += 1;
    } else {
      edits.push({ op: '-', line: a[i]! });
      i += 1;
    }
  }
  return edits;
}

export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  const edits = editScript(splitLines(before), splitLines(after));
  if (edits.every((e) => e.op === ' ')) return '';
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let index = 0;
  while (index < edits.length) {
    while (index < edits.length && edits[index]!.op === ' ') index += 1;
    if (index >= edits.length) break;
    const start = Math.max(0, index - context);
    let end = index;
    // Extend the hunk while the next change is within 2×context unchanged lines.
    for (;;) {
      while (end < edits.length && edits[end]!.op !== ' ') end += 1;
      let gap = end;
      while (gap < edits.length && edits[gap]!.op === ' ') gap += 1;
      if (gap < edits.length && gap - end <= context * 2) end = gap;
      else break;
    }
    const stop = Math.min(edits.length, end + context);
    const hunk = edits.slice(start, stop);
    const oldStart = edits.slice(0, start).filter((e) => e.op !== '+').length;
    const newStart = edits.slice(0, start).filter((e) => e.op !== '-').length;
    const oldCount = hunk.filter((e) => e.op !== '+').length;
    const newCount = hunk.filter((e) => e.op !== '-').length;
    out.push(`@@ -${oldCount === 0 ? oldStart : oldStart + 1},${oldCount} +${newCount === 0 ? newStart : newStart + 1},${newCount} @@`);
    for (const edit of hunk) out.push(`${edit.op}${edit.line}`);
    index = stop;
  }
  return `${out.join('\n')}\n`;
}
