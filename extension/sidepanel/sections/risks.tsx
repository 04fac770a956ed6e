// Risks: the 5×5 probability × impact matrix of open risks, and the register with what each risk lacks.

import { type RiskProblem, riskProblems, riskScore } from '@@/shared/project-signals';
import { RISK_STATUSES } from '@@/shared/schemas/planning';
import type { MemberRow } from '../../db/database';
import type { RiskRow } from '../../db/rows';
import { type MessageKey, t } from '../../i18n';
import { EditableSection } from '../../ui/editable-section';
import { Icon } from '../../ui/icons';

const PROBLEM_TEXT: Record<RiskProblem, MessageKey> = {
  'no-mitigation': 'risks_noMitigation',
  'no-owner': 'risks_noOwner',
};
const RISK_STATUS_LABELS: Record<string, MessageKey> = {
  open: 'risks_statusOpen',
  mitigated: 'risks_statusMitigated',
  closed: 'risks_statusClosed',
  occurred: 'risks_statusOccurred',
};
const scale = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

function tone(score: number): string {
  return score >= 15 ? 'bad' : score >= 8 ? 'warn' : 'ok';
}

export function RiskMatrix({ matrix }: { matrix: number[][] }) {
  // Rows from probability 5 down to 1, columns impact 1 to 5, like the usual risk chart.
  return (
    <table class="risk-matrix" aria-label={t('risks_matrixLabel')}>
      <caption class="sr-only">{t('risks_matrixCaption')}</caption>
      <tbody>
        {[5, 4, 3, 2, 1].map((p) => (
          <tr key={p}>
            <th scope="row" class="muted small">
              {p}
            </th>
            {[1, 2, 3, 4, 5].map((i) => {
              const count = matrix[p - 1]?.[i - 1] ?? 0;
              return (
                <td
                  key={i}
                  class={`cell ${tone(p * i)}${count ? ' filled' : ''}`}
                  title={t('risks_cellTitle', p, i, count)}
                >
                  {count || ''}
                </td>
              );
            })}
          </tr>
        ))}
        <tr>
          <td />
          {[1, 2, 3, 4, 5].map((i) => (
            <th key={i} scope="col" class="muted small">
              {i}
            </th>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

export function RisksSection({
  projectId,
  risks,
  matrix,
  members,
}: {
  projectId: string;
  risks: RiskRow[];
  matrix: number[][];
  members: MemberRow[];
}) {
  const names = new Map(members.map((m) => [m.id, m.name]));
  return (
    <EditableSection
      id="risks"
      title={t('risks_title')}
      noun="risk"
      table="risks"
      projectId={projectId}
      rows={risks}
      defaults={{ probability: 3, impact: 3, mitigation: '', ownerId: null, status: 'open' }}
      header={
        <div class="row" style={{ alignItems: 'flex-start' }}>
          <RiskMatrix matrix={matrix} />
          <p class="muted small grow">{t('risks_matrixHint')}</p>
        </div>
      }
      fields={[
        { name: 'title', label: t('risks_risk'), type: 'text', required: true, maxLength: 300 },
        { name: 'probability', label: t('risks_probabilityLabel'), type: 'select', options: scale, numeric: true },
        { name: 'impact', label: t('risks_impactLabel'), type: 'select', options: scale, numeric: true },
        { name: 'mitigation', label: t('risks_mitigation'), type: 'textarea', maxLength: 5000 },
        {
          name: 'ownerId',
          label: t('risks_owner'),
          type: 'select',
          nullable: true,
          options: members.map((m) => ({ value: m.id, label: m.name })),
        },
        {
          name: 'status',
          label: t('form_status'),
          type: 'select',
          options: RISK_STATUSES.map((s) => ({ value: s, label: t(RISK_STATUS_LABELS[s] ?? 'risks_statusOpen') })),
        },
      ]}
      empty={t('risks_empty')}
      renderRow={(risk) => {
        const problems = risk.status === 'open' ? riskProblems(risk) : [];
        return (
          <>
            <div class="row">
              <span class={`badge ${tone(riskScore(risk))}`} title={t('risks_scoreTitle')}>
                {riskScore(risk)}
              </span>
              <span class="grow">{risk.title}</span>
              <span class="muted small">{t(RISK_STATUS_LABELS[risk.status] ?? 'risks_statusOpen')}</span>
            </div>
            <div class="muted small">
              P{risk.probability} × I{risk.impact}
              {risk.ownerId && ` · ${t('risks_ownerIs', names.get(risk.ownerId) ?? t('common_formerMember'))}`}
              {problems.length > 0 && (
                <span class="late">
                  {' '}
                  · <Icon name="alert" size={12} /> {problems.map((p) => t(PROBLEM_TEXT[p])).join(', ')}
                </span>
              )}
            </div>
            {risk.mitigation && <div class="small pre">{risk.mitigation}</div>}
          </>
        );
      }}
    />
  );
}
