// "2/5" on a task row: how many of the task's steps are ticked. Kept apart from the checklist editor (steps.tsx)
// so the popup's first paint, which renders task rows before the database loads, does not pull it in.
import { t, tn } from '../i18n';
import { Icon } from './icons';

export function StepProgress({ done, total }: { done: number; total: number }) {
  return (
    <span class={`step-progress${done === total ? ' complete' : ''}`} title={tn('steps_done', done, total)}>
      <Icon name="check" size={12} />
      <span aria-hidden="true">{t('steps_progress', done, total)}</span>
      <span class="sr-only">{tn('steps_done', done, total)}</span>
    </span>
  );
}
