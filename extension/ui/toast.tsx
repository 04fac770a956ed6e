// One toast at a time at the bottom of a page: "Completed — Undo". Undo runs the inverse action.
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';

export interface ToastState {
  message: string;
  undo?: () => Promise<unknown>;
  tone?: 'info' | 'error';
}

export const toast = signal<ToastState | null>(null);
let timer: ReturnType<typeof setTimeout> | undefined;

export function showToast(state: ToastState, ms = 6000): void {
  toast.value = state;
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (toast.value === state) toast.value = null;
  }, ms);
}

export function showError(error: unknown): void {
  showToast({ message: error instanceof Error ? error.message : String(error), tone: 'error' }, 10_000);
}

export function Toast() {
  const current = toast.value;
  useEffect(() => {
    if (!current?.undo) return;
    // Ctrl/Cmd+Z undoes the last action while its toast is shown.
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        void undo();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  if (!current) return null;
  async function undo() {
    toast.value = null;
    try {
      await current?.undo?.();
    } catch (error) {
      showError(error);
    }
  }
  return (
    <div class="toast" role={current.tone === 'error' ? 'alert' : 'status'}>
      <span class="grow">{current.message}</span>
      {current.undo && (
        <button type="button" class="btn small" onClick={undo}>
          {t('common_undo')}
        </button>
      )}
      <button type="button" class="icon-btn" aria-label={t('common_dismiss')} onClick={() => (toast.value = null)}>
        ×
      </button>
    </div>
  );
}
