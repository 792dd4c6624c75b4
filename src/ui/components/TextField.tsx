import { Text, useInput } from 'ink';

interface TextFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onSubmit?: () => void;
  readonly isActive: boolean;
  /** Show one * per character: for passwords and passphrases. */
  readonly mask?: boolean;
  readonly placeholder?: string;
}

/** A one-line text field: type, Backspace, Enter to submit. The cursor stays at the end. */
export function TextField({ value, onChange, onSubmit, isActive, mask = false, placeholder = '' }: TextFieldProps) {
  useInput(
    (input, key) => {
      if (key.return) return onSubmit?.();
      if (key.backspace || key.delete) return onChange(value.slice(0, -1));
      if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return;
      // ? always opens the help, so it is never typed (no host, user, port or key path needs it).
      if (input) onChange(value + input.replace(/[\r\n?]/g, ''));
    },
    { isActive },
  );
  const shown = mask ? '*'.repeat(value.length) : value;
  return (
    <Text>
      {shown === '' && !isActive ? <Text dimColor>{placeholder}</Text> : shown}
      {isActive ? <Text inverse> </Text> : null}
    </Text>
  );
}
