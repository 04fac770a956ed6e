// The keyboard help that screen readers announce on a focused task (referenced by aria-describedby).
export function KeysHint() {
  return (
    <p id="keys-hint" class="sr-only">
      Enter or e to edit, x or Space to complete, o to open the source, Delete to delete, arrow keys to move.
    </p>
  );
}
