import { Text } from 'ink';
import { createContext, type ReactNode, useContext } from 'react';

/** Colour is on only for a terminal whose user has not asked for NO_COLOR; components ask here. */
export const ColorContext = createContext(true);

type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'gray' | 'blue' | 'magenta';

export function Tint({ color, bold, children }: { readonly color?: Color; readonly bold?: boolean; readonly children: ReactNode }) {
  const enabled = useContext(ColorContext);
  return (
    <Text color={enabled ? color : undefined} bold={enabled ? bold : undefined}>
      {children}
    </Text>
  );
}
