import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { Question } from '../../engine/types.js';
import { TextField } from '../components/TextField.js';
import { Tint } from '../theme.js';

interface AnswersScreenProps {
  readonly title: string;
  readonly questions: readonly Question[];
  /** The answers as they stand: golive.yml, last answers, or the server's defaults. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Why the answers cannot be used as they are: invalid, or the plan was refused. */
  readonly error?: string;
  readonly isActive: boolean;
  /** Checks one answer; the reason it is wrong, or undefined. */
  readonly check: (key: string, value: unknown) => string | undefined;
  readonly onAnswer: (key: string, value: unknown) => void;
  readonly onDone: () => void;
  readonly onBack: () => void;
}

/** One screen per step: text fields checked as you type, choices with ←/→. */
export function AnswersScreen({ title, questions, values, error, isActive, check, onAnswer, onDone, onBack }: AnswersScreenProps) {
  const [focus, setFocus] = useState(0);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(questions.map((q) => [q.key, q.toText(values[q.key])])));
  const problems = Object.fromEntries(questions.map((q) => [q.key, check(q.key, q.fromText(texts[q.key] ?? ''))]));
  const last = questions.length;
  const submit = () => {
    if (questions.some((q) => problems[q.key])) return;
    onDone();
  };
  const setText = (question: Question, text: string) => {
    setTexts((t) => ({ ...t, [question.key]: text }));
    onAnswer(question.key, question.fromText(text));
  };

  useInput(
    (input, key) => {
      if (key.escape) return onBack();
      if (key.downArrow || key.tab) return setFocus((f) => Math.min(last, f + 1));
      if (key.upArrow) return setFocus((f) => Math.max(0, f - 1));
      const question = questions[focus];
      if (question?.choices && (key.leftArrow || key.rightArrow || input === ' ')) {
        const choices = question.choices;
        const at = choices.indexOf(texts[question.key] ?? '');
        const next = choices[(at + (key.leftArrow ? choices.length - 1 : 1)) % choices.length]!;
        setText(question, next);
      }
      if (key.return && (focus === last || question?.choices)) return focus === last ? submit() : setFocus(focus + 1);
    },
    { isActive },
  );

  return (
    <Box flexDirection="column">
      <Tint bold>{title}</Tint>
      {questions.map((question, index) => (
        <Box key={question.key} flexDirection="column">
          <Box>
            <Text>{focus === index ? '› ' : '  '}{question.label}: </Text>
            {question.choices ? (
              <Text>
                {question.choices.map((choice) => (texts[question.key] === choice ? `(•) ${choice}  ` : `( ) ${choice}  `)).join('')}
              </Text>
            ) : (
              <TextField
                value={texts[question.key] ?? ''}
                onChange={(text) => setText(question, text)}
                onSubmit={() => setFocus(index + 1)}
                isActive={isActive && focus === index}
              />
            )}
          </Box>
          {problems[question.key] ? <Tint color="red">    {problems[question.key]}</Tint> : focus === index ? <Text dimColor>    {question.help}</Text> : null}
        </Box>
      ))}
      <Text>{focus === last ? '› ' : '  '}[ Continue to the preview ]</Text>
      {error ? <Tint color="red">{error}</Tint> : null}
      <Text dimColor>↑↓ move · ←→ choose · Enter next · Esc back</Text>
    </Box>
  );
}
