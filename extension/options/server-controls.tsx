// The pieces the options page's server sections share: what went wrong (the server's words, its code under
// Details), a read from the server with its failure and a reload, and a button that asks before it acts.
import { useEffect, useState } from 'preact/hooks';
import { t, uiLocale } from '../i18n';
import { RequestError } from '../messaging/client';

export type Failure = { text: string; code?: string } | null;

export function explain(error: unknown): Failure {
  if (error instanceof RequestError) return { text: error.message, code: error.code };
  return { text: error instanceof Error ? error.message : String(error) };
}

export function ErrorLine({ failure }: { failure: Failure }) {
  if (!failure) return null;
  return (
    <div role="alert" class="alert">
      {failure.text}
      {failure.code && (
        <details>
          <summary>{t('common_details')}</summary>
          <code>{failure.code}</code>
        </details>
      )}
    </div>
  );
}

/** Read something from the server for a section: null while loading, the failure to show, and a reload. */
export function useServerRead<T>(read: () => Promise<T>, deps: readonly unknown[] = []) {
  const [value, setValue] = useState<T | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const load = async () => {
    try {
      setValue(await read());
      setFailure(null);
    } catch (error) {
      setFailure(explain(error));
    }
  };
  useEffect(() => {
    void load();
  }, deps);
  return { value, failure, setFailure, load };
}

/** A button that asks "Sure?" in place before it acts; `yes` names the action ("Yes, revoke"). */
export function ConfirmButton(props: {
  label: string;
  confirm: string;
  onConfirm: () => Promise<void>;
  yes?: string;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="btn small" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span class="row" style={{ gap: 4 }}>
      <span>{props.confirm}</span>
      <button
        type="button"
        class={`btn small${props.danger ? ' danger' : ' primary'}`}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {props.yes ?? t('members_yes', props.label.toLocaleLowerCase(uiLocale()))}
      </button>
      <button type="button" class="btn small" onClick={() => setAsking(false)}>
        {t('common_cancel')}
      </button>
    </span>
  );
}
