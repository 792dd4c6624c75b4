import { KEYS, type renderInk } from '../helpers/ink.js';

/**
 * Moves the checklist menu's cursor down to the item, then picks it (every step has its "Run" item).
 * The menu scrolls in 24 lines: an item below its window shows once the cursor comes near.
 */
export async function choose(ui: ReturnType<typeof renderInk>, label: RegExp, then?: RegExp): Promise<void> {
  await pointAt(ui, label);
  if (then) await ui.pressUntil(KEYS.enter, then);
  else await ui.press(KEYS.enter);
}

/** Moves the checklist menu's cursor down to the item, which then shows however far down the menu it is. */
export async function pointAt(ui: ReturnType<typeof renderInk>, label: RegExp): Promise<void> {
  await ui.waitFor(/❯ Run /);
  const selected = new RegExp(`❯ ${label.source}`);
  for (let i = 0; i < 20 && !selected.test(ui.frame()); i += 1) await ui.press(KEYS.down);
  await ui.waitFor(selected);
}

/** On a step's answers screen: down to "Continue to the preview", whatever the number of questions, and Enter. */
export async function continueToPreview(ui: ReturnType<typeof renderInk>): Promise<void> {
  await ui.waitFor(/Continue to the preview/);
  for (let i = 0; i < 20 && !/› \[ Continue to the preview \]/.test(ui.frame()); i += 1) await ui.press(KEYS.down);
  await ui.press(KEYS.enter);
}
