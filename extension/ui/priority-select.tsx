// The labelled priority picker used wherever a task is edited or captured.

import { t } from '../i18n';
import { selectDefault } from './select-default';

export function PrioritySelect({ value, grow = false }: { value: number; grow?: boolean }) {
  return (
    <label class={`field${grow ? ' grow' : ''}`}>
      <span>{t('priority_label')}</span>
      <select class="input" name="priority" ref={selectDefault(String(value))}>
        <option value="1">{t('priority_1')}</option>
        <option value="2">{t('priority_2')}</option>
        <option value="3">{t('priority_3')}</option>
        <option value="4">{t('priority_4')}</option>
      </select>
    </label>
  );
}
