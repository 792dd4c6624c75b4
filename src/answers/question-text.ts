import type { Question } from '../engine/types.js';

/** How common kinds of answers show in a wizard text field, and come back from it. */
type TextForm = Pick<Question, 'toText' | 'fromText'>;

/** A whole number; anything else is passed on as typed, for the step's validation to name. */
export const numberText: TextForm = {
  toText: (value) => String(value ?? ''),
  fromText: (text) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text),
};

/** A list of words, separated by spaces or commas. */
export const wordsText = (format: (item: unknown) => string = String): TextForm => ({
  toText: (value) => (Array.isArray(value) ? value.map(format).join(' ') : String(value ?? '')),
  fromText: (text) => text.split(/[\s,]+/).filter(Boolean),
});
