// "2/5" on a task row: how many of the task's steps are ticked. Kept apart from the checklist editor (steps.tsx)
// so the popup's first paint, which renders task rows before the database loads, does not pull it in.
import { Icon } from './icons';

const text = {
  progress: (done: number, total: number) => `${done}/${total}`,
  label: (done: number, total: number) => `${done} of ${total} steps done`,
};

export function StepProgress({ done, total }: { done: number; total: number }) {
  return (
    <span class={`step-progress${done === total ? ' complete' : ''}`} title={text.label(done, total)}>
      <Icon name="check" size={12} />
      <span aria-hidden="true">{text.progress(done, total)}</span>
      <span class="sr-only">{text.label(done, total)}</span>
    </span>
  );
}
