import type { Question } from '../engine/types.js';
import { asWholeNumber } from './validators.js';

/** How common kinds of answers show in a wizard text field, and come back from it. */
type TextForm = Pick<Question, 'toText' | 'fromText'>;

/** Text whose empty field means "not answered": the step's default applies. */
export const optionalText: TextForm = {
  toText: (value) => (value === undefined || value === null ? '' : String(value)),
  fromText: (text) => text.trim() || undefined,
};

/** A true/false answer as a yes/no choice; `unset` is what it shows before it is answered, listed first. */
export const yesNoChoice = (unset: boolean): Pick<Question, 'choices' | 'toText' | 'fromText'> => ({
  choices: unset ? ['yes', 'no'] : ['no', 'yes'],
  toText: (value) => ((typeof value === 'boolean' ? value : unset) ? 'yes' : 'no'),
  fromText: (text) => text === 'yes',
});

/** A whole number; anything else is passed on as typed, for the step's validation to name. */
export const numberText: TextForm = {
  toText: (value) => String(value ?? ''),
  fromText: (text) => asWholeNumber(text),
};

/** A list of words, separated by spaces or commas. */
export const wordsText = (format: (item: unknown) => string = String): TextForm => ({
  toText: (value) => (Array.isArray(value) ? value.map(format).join(' ') : String(value ?? '')),
  fromText: (text) => text.split(/[\s,]+/).filter(Boolean),
});
