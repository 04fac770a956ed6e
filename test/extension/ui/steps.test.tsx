// @vitest-environment happy-dom
// The checklist editor over the real background handlers and a test database: Enter adds a step (and is kept
// from submitting the editor's form), and a refused change is explained inside the editor, not in the toast behind it.
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StepsEditor } from '@/ui/steps';
import { createTestHandlers } from '../helpers';

const bridge = vi.hoisted(() => ({
  send: (_message: unknown): Promise<unknown> => Promise.reject(new Error('unset')),
}));
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: (message: unknown) => bridge.send(message) } },
}));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function until<T>(
  read: () => T | null | undefined | false | Promise<T | undefined | false>,
  what: string,
): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function setup() {
  const t = createTestHandlers();
  bridge.send = (message) => {
    const { type, payload } = message as { type: string; payload: unknown };
    return t.send(type, payload);
  };
  const task = await t.store.createTask({ title: 'Ship' });
  const form = document.createElement('form');
  document.body.append(form);
  render(<StepsEditor db={t.db} task={task} />, form);
  cleanups.push(async () => {
    render(null, form);
    form.remove();
    await t.db.delete();
  });
  return { ...t, task, form };
}

/** Type into a field and let Preact re-render with the new value. */
async function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the steps editor', () => {
  it('adds a step with Enter without submitting the form, and ticks it', async () => {
    const { form, db, task } = await setup();
    const field = await until(() => form.querySelector<HTMLInputElement>('input[name=new-step]'), 'the field');
    await type(field, 'Write notes');
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    field.dispatchEvent(enter);
    // Cancelled: in a browser, Enter in a field of the editor's form would otherwise submit (save) the editor.
    expect(enter.defaultPrevented).toBe(true);
    const box = await until(() => form.querySelector<HTMLInputElement>('li.step input[type=checkbox]'), 'the step');
    expect(form.querySelector('li.step')?.textContent).toContain('Write notes');
    await until(() => field.value === '', 'the emptied field');
    box.click();
    await until(async () => (await db.steps.where('taskId').equals(task.id).first())?.done, 'the tick');
    await until(() => form.querySelector('li.step.done'), 'the ticked row');
  });

  it('says in the editor why a change was refused', async () => {
    const { form, store, task } = await setup();
    const field = await until(() => form.querySelector<HTMLInputElement>('input[name=new-step]'), 'the field');
    await store.deleteTask(task.id);
    await type(field, 'Too late');
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    const alert = await until(() => form.querySelector('[role=alert]'), 'the alert');
    expect(alert.textContent).toMatch(/Task .* does not exist/);
    // What was typed is kept, to try again.
    expect(field.value).toBe('Too late');
  });
});
