// The keyboard help that screen readers announce on a focused task (referenced by aria-describedby).
import { t } from '../i18n';
export function KeysHint() {
  return (
    <p id="keys-hint" class="sr-only">
      {t('keys_hint')}
    </p>
  );
}
