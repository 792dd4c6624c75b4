import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PromptOverlay } from '../../src/ui/screens/Overlays.js';
import { initialState, type Prompt, reduce } from '../../src/ui/wizard-state.js';
import { KEYS, renderInk } from '../helpers/ink.js';

/** A Prompt is what golive's core asks through its Interaction; a step's Question is another thing. */
describe('prompts from golive’s core', () => {
  it('a secret prompt masks what is typed and hands it over on Enter', async () => {
    const answers: string[] = [];
    const ui = renderInk(<PromptOverlay prompt={{ kind: 'secret', text: '[sudo] password for ops:' }} onAnswer={(a) => answers.push(a)} />);
    await ui.waitFor(/\[sudo\] password for ops:/);
    for (const c of 'hunter2') await ui.press(c);
    assert.match(ui.frame(), /\*{7}/);
    assert.doesNotMatch(ui.frame(), /hunter2/);
    await ui.press(KEYS.enter);
    assert.deepEqual(answers, ['hunter2']);
    ui.unmount();
  });

  it('a confirm prompt takes y or n, nothing else', async () => {
    const answers: string[] = [];
    const ui = renderInk(<PromptOverlay prompt={{ kind: 'confirm', text: 'Trust it?' }} onAnswer={(a) => answers.push(a)} />);
    await ui.waitFor(/\(y\/n\)/);
    await ui.press('x');
    await ui.press('Y');
    assert.deepEqual(answers, ['y']);
    ui.unmount();
  });

  it('shows in the state while it waits, and is gone once answered', () => {
    const prompt: Prompt = { kind: 'confirm', text: 'Trust it?' };
    const asked = reduce(initialState([], {}), { type: 'prompt', prompt });
    assert.equal(asked.prompt, prompt);
    assert.equal(reduce(asked, { type: 'prompt', prompt: undefined }).prompt, undefined);
  });
});
