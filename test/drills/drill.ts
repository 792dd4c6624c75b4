/**
 * One row of the drills' table: cases tried, cases recovered, anything lost. A case is recovered
 * when it ends as it must (the server back as it was, a clean refusal); it is lost when something
 * cannot be had back (a file not as it was, a secret where it must not be).
 */

export interface DrillRow {
  readonly drill: string;
  readonly cases: number;
  readonly recovered: number;
  /** What was lost, one line per case that lost something. */
  readonly lost: readonly string[];
  /** Cases not recovered (or not tried), and why. */
  readonly failures: readonly string[];
  readonly seconds: number;
}

/** Thrown by a case that lost something for good. */
export class Lost extends Error {
  override readonly name = 'Lost';
}

export class Drill {
  private tried = 0;
  private recovered = 0;
  private readonly lost: string[] = [];
  private readonly failures: string[] = [];
  private readonly started = Date.now();

  constructor(readonly name: string) {}

  /** Runs one case, bounded by `timeoutMs`; resolves with whether it was recovered. */
  async case(label: string, timeoutMs: number, run: () => Promise<void>): Promise<boolean> {
    this.tried += 1;
    try {
      await withTimeout(run(), timeoutMs, label);
      this.recovered += 1;
      progress(`ok    ${this.name}: ${label}`);
      return true;
    } catch (error) {
      const text = `${label}: ${error instanceof Error ? error.message : String(error)}`;
      if (error instanceof Lost) this.lost.push(text);
      else this.failures.push(text);
      progress(`${error instanceof Lost ? 'LOST' : 'FAIL'}  ${this.name}: ${text}`);
      return false;
    }
  }

  /** Cases that could not be tried (an earlier case left the server in a state they cannot start from). */
  notTried(count: number, why: string): void {
    if (count <= 0) return;
    this.tried += count;
    this.failures.push(`${count} case(s) not tried: ${why}`);
  }

  row(): DrillRow {
    return { drill: this.name, cases: this.tried, recovered: this.recovered, lost: this.lost, failures: this.failures, seconds: Math.round((Date.now() - this.started) / 1000) };
  }
}

/** One line per case as it ends, on stderr, so a long run shows where it is. */
function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Throws (not lost: not recovered) with `message` unless `ok`. */
export function expect(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The table, as `npm run drills` prints it, and the details of every case not recovered or lost. */
export function renderTable(rows: readonly DrillRow[], seconds: number): string {
  const header = ['drill', 'cases', 'recovered', 'lost', 'time'];
  const body = rows.map((r) => [r.drill, String(r.cases), String(r.recovered), String(r.lost.length), `${r.seconds} s`]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const details = rows.flatMap((r) => [...r.lost.map((l) => `LOST  ${r.drill}: ${l}`), ...r.failures.map((f) => `FAIL  ${r.drill}: ${f}`)]);
  const total = rows.reduce((sum, r) => ({ cases: sum.cases + r.cases, recovered: sum.recovered + r.recovered, lost: sum.lost + r.lost.length }), { cases: 0, recovered: 0, lost: 0 });
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(['all', String(total.cases), String(total.recovered), String(total.lost), `${seconds} s`]),
    ...(details.length > 0 ? ['', ...details] : []),
  ].join('\n');
}

export function allRecovered(rows: readonly DrillRow[]): boolean {
  return rows.every((r) => r.recovered === r.cases && r.lost.length === 0 && r.cases > 0);
}
