// The end of every form: what went wrong (if anything), then Cancel and the submit button.
import { t } from '../i18n';
export interface FormFooterProps {
  error: string | null;
  onCancel: () => void;
  submitLabel: string;
  busy?: boolean;
  small?: boolean;
}

export function FormFooter({ error, onCancel, submitLabel, busy = false, small = false }: FormFooterProps) {
  const size = small ? ' small' : '';
  return (
    <>
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      <div class="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" class={`btn${size}`} onClick={onCancel}>
          {t('common_cancel')}
        </button>
        <button type="submit" class={`btn primary${size}`} disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
