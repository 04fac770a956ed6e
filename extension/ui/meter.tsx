// A labelled progress bar: the visual and the accessible value agree.
export function Meter({
  ratio,
  label,
  tone = 'ok',
}: {
  ratio: number | null;
  label: string;
  tone?: 'ok' | 'warn' | 'bad';
}) {
  const percent = ratio === null ? 0 : Math.round(ratio * 100);
  return (
    <div class="meter">
      <div
        class={`progress ${tone}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={ratio === null ? undefined : percent}
        aria-valuetext={label}
        aria-label={label}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <span class="muted small">{label}</span>
    </div>
  );
}
