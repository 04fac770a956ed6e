// Preact has no `defaultValue` for <select> (it becomes an ignored attribute, so the first option shows and is
// saved). `ref={selectDefault(value)}` picks the initial option once, as soon as it exists, and then leaves the
// select uncontrolled so re-renders never undo the user's choice.
const initialised = new WeakSet<HTMLSelectElement>();

export function selectDefault(value: string) {
  return (select: HTMLSelectElement | null): void => {
    if (!select || initialised.has(select)) return;
    if (![...select.options].some((option) => option.value === value)) return;
    select.value = value;
    initialised.add(select);
  };
}
