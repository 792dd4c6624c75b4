/**
 * A cron schedule as cron(8) on Debian reads it: five fields (minute hour day-of-month month
 * day-of-week) or one of the @-names. Returns why it is wrong, or undefined when it is right.
 */

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

// @reboot is left out on purpose: a backup at each boot is not a schedule.
const NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

export function cronScheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text.startsWith('@')) return NICKNAMES.includes(text) ? undefined : `${text} is not one of ${NICKNAMES.join(', ')}`;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}; a schedule has 5: minute hour day-of-month month day-of-week`;
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[index]!, field);
    if (problem) return `${field.name} "${parts[index]}": ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: (typeof FIELDS)[number]): string | undefined {
  for (const item of text.split(',')) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) return `"${item}" is not a value, range or step`;
    const [, range, step] = match;
    if (step !== undefined && (Number(step) < 1 || Number(step) > field.max)) return `step ${step} is out of range`;
    if (range === '*') continue;
    const bounds = range!.split('-');
    // Debian's cron refuses "1/5" ("step specified without range"); a range backwards matches nothing.
    if (step !== undefined && bounds.length === 1) return `a step needs * or a range before it, like */${step} or ${range}-${field.max}/${step}`;
    const numbers: number[] = [];
    for (const value of bounds) {
      const number = valueOf(value, field);
      if (number === undefined) return `"${value}" is not a ${field.name}`;
      if (number < field.min || number > field.max) return `${value} is outside ${field.min}-${field.max}`;
      numbers.push(number);
    }
    if (numbers.length === 2 && numbers[0]! > numbers[1]!) return `the range ${range} runs backwards`;
  }
  return undefined;
}

function valueOf(value: string, field: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const names: readonly string[] | undefined = 'names' in field ? field.names : undefined;
  const index = names?.indexOf(value.toLowerCase()) ?? -1;
  if (index < 0) return undefined;
  return field.name === 'month' ? index + 1 : index;
}
