import { EventEmitter } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
// The scheduler React renders with (Ink's reconciler imports the same module): a key is handed on
// only once React has done the work the previous one queued.
import * as Scheduler from 'scheduler';
import { PASTE_START, splitKeys } from './key-tokens.js';

/** The part of a terminal's stdin that is read here: process.stdin, or a test's fake. */
export interface KeySource extends EventEmitter {
  readonly isTTY?: boolean;
  read(): string | Buffer | null;
  setRawMode?(enabled: boolean): unknown;
  setEncoding?(encoding: BufferEncoding): unknown;
  ref?(): unknown;
  unref?(): unknown;
}

export interface TokenizedStdinOptions {
  /** How long an unfinished escape sequence waits for its end before it counts as a lone Esc. */
  readonly escapeWaitMs?: number;
  /** How long an unclosed bracketed paste waits for its end marker before it is taken as it is. */
  readonly pasteWaitMs?: number;
  /** The terminal to ask for bracketed paste while raw mode is on (its output side). */
  readonly bracketedPasteTo?: { write(text: string): unknown };
}

/**
 * Stands between the terminal and Ink so that every key reaches useInput as its own event. Ink 6
 * emits the keys of one read all at once; a read holding several keys (a held arrow, a paste, tmux
 * send-keys, a slow SSH link) reaches the handlers before React re-renders them, so handlers that
 * close over state (TextField's value, SelectInput's index) see it stale and keys are lost.
 * Here each key is one 'readable' + read(), handed on when React is idle again (see scheduleDelivery).
 */
export function tokenizedStdin(source: KeySource, options: TokenizedStdinOptions = {}): NodeJS.ReadStream {
  // Ink is typed for a whole ReadStream but uses only what KeyByKeyStdin has (ink/build/components/App.js).
  return new KeyByKeyStdin(source, options) as unknown as NodeJS.ReadStream;
}

class KeyByKeyStdin extends EventEmitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly queue: string[] = [];
  private current: string | null = null;
  private rest = '';
  private restTimer: NodeJS.Timeout | undefined;
  private cancelDelivery: (() => void) | undefined;
  private pasteModeOn = false;

  constructor(
    private readonly source: KeySource,
    private readonly options: TokenizedStdinOptions,
  ) {
    super();
    // The source is read only while Ink listens, as Ink would read it directly.
    this.on('newListener', (event) => {
      if (event === 'readable' && this.listenerCount('readable') === 0) source.on('readable', this.pull);
    });
    this.on('removeListener', (event) => {
      if (event === 'readable' && this.listenerCount('readable') === 0) this.stopReading();
    });
  }

  get isTTY(): boolean {
    return this.source.isTTY === true;
  }

  setRawMode(enabled: boolean): this {
    this.source.setRawMode?.(enabled);
    this.setPasteMode(enabled);
    return this;
  }

  setEncoding(encoding: BufferEncoding): this {
    this.source.setEncoding?.(encoding);
    return this;
  }

  ref(): this {
    this.source.ref?.();
    return this;
  }

  unref(): this {
    this.source.unref?.();
    return this;
  }

  /** One key per 'readable', then null: Ink reads until null. */
  read(): string | null {
    const key = this.current;
    this.current = null;
    return key;
  }

  private readonly pull = () => {
    let chunk: string | Buffer | null;
    while ((chunk = this.source.read()) !== null) this.take(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  };

  private take(text: string) {
    clearTimeout(this.restTimer);
    const { keys, rest } = splitKeys(this.rest + text);
    this.rest = rest;
    this.enqueue(keys);
    if (rest === '') return;
    const waitMs = rest.startsWith(PASTE_START) ? (this.options.pasteWaitMs ?? 1000) : (this.options.escapeWaitMs ?? 50);
    this.restTimer = setTimeout(() => this.flushRest(), waitMs);
  }

  /** Nothing more came: a lone Esc was pressed, or a paste lost its end marker. */
  private flushRest() {
    const { keys } = splitKeys(this.rest, { final: true });
    this.rest = '';
    this.enqueue(keys);
  }

  private enqueue(keys: readonly string[]) {
    this.queue.push(...keys);
    this.scheduleDelivery();
  }

  /**
   * React renders an input's state change, then re-attaches the input handlers in effects, both as
   * scheduler tasks of normal priority; a task of low priority runs after them. Its setImmediate
   * then lets Ink flush a lone Esc (Ink waits one setImmediate for the rest of a sequence).
   */
  private scheduleDelivery() {
    if (this.cancelDelivery !== undefined || this.queue.length === 0) return;
    let immediate: NodeJS.Immediate | undefined;
    const task = Scheduler.unstable_scheduleCallback(Scheduler.unstable_LowPriority, () => {
      immediate = setImmediate(() => this.deliverNext());
    });
    this.cancelDelivery = () => {
      Scheduler.unstable_cancelCallback(task);
      clearImmediate(immediate);
    };
  }

  private deliverNext() {
    this.cancelDelivery = undefined;
    this.current = this.queue.shift() ?? null;
    this.emit('readable');
    this.current = null;
    this.scheduleDelivery();
  }

  private stopReading() {
    this.source.removeListener('readable', this.pull);
    clearTimeout(this.restTimer);
    this.cancelDelivery?.();
    this.cancelDelivery = undefined;
    this.queue.length = 0;
    this.rest = '';
  }

  private setPasteMode(enabled: boolean) {
    const terminal = this.options.bracketedPasteTo;
    if (!terminal || this.pasteModeOn === enabled) return;
    terminal.write(enabled ? '\u001b[?2004h' : '\u001b[?2004l');
    this.pasteModeOn = enabled;
  }
}
