import { Text } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One clock for every spinner on screen: ten rows "reading the server…" tick together, one render
 * a tick, instead of ten timers each asking for a render of their own (CPU the server, on a small
 * machine, needs more while golive waits for it).
 */
const ticks = new Set<() => void>();
let tick = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  ticks.add(listener);
  timer ??= setInterval(() => {
    tick += 1;
    for (const onTick of ticks) onTick();
  }, 100);
  return () => {
    ticks.delete(listener);
    if (ticks.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function Spinner() {
  const frame = useSyncExternalStore(subscribe, () => tick);
  return <Text>{FRAMES[frame % FRAMES.length]}</Text>;
}

/** Seconds since `since`, ticking while it runs; fixed once `until` is known. */
export function Elapsed({ since, until }: { readonly since: number; readonly until?: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (until !== undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [until]);
  return <Text dimColor>{(((until ?? now) - since) / 1000).toFixed(1)}s</Text>;
}
