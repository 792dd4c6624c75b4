import { Text } from 'ink';
import { useEffect, useState } from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Spinner() {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 80);
    return () => clearInterval(timer);
  }, []);
  return <Text>{FRAMES[frame]}</Text>;
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
