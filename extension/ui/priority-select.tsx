// The labelled priority picker used wherever a task is edited or captured.
import { selectDefault } from './select-default';

export function PrioritySelect({ value, grow = false }: { value: number; grow?: boolean }) {
  return (
    <label class={`field${grow ? ' grow' : ''}`}>
      <span>Priority</span>
      <select class="input" name="priority" ref={selectDefault(String(value))}>
        <option value="1">P1 — urgent</option>
        <option value="2">P2 — high</option>
        <option value="3">P3 — medium</option>
        <option value="4">P4 — none</option>
      </select>
    </label>
  );
}
