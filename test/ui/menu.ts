import { KEYS, type renderInk } from '../helpers/ink.js';

/** Moves the checklist menu's cursor down to the item, then picks it (every step has its "Run" item). */
export async function choose(ui: ReturnType<typeof renderInk>, label: RegExp, then?: RegExp): Promise<void> {
  await ui.waitFor(label);
  const selected = new RegExp(`❯ ${label.source}`);
  for (let i = 0; i < 16 && !selected.test(ui.frame()); i += 1) await ui.press(KEYS.down);
  await ui.waitFor(selected);
  if (then) await ui.pressUntil(KEYS.enter, then);
  else await ui.press(KEYS.enter);
}
