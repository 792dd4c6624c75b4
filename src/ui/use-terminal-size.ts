import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Rows and columns of the terminal, updated on resize; 80x24 when it cannot tell. */
export function useTerminalSize(): { rows: number; columns: number } {
  const { stdout } = useStdout();
  const read = () => ({ rows: stdout.rows || 24, columns: stdout.columns || 80 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // read() only closes over stdout.
  }, [stdout]);
  return size;
}
