// Risks: the 5×5 probability × impact matrix of open risks, and the register with what each risk lacks.

import { type RiskProblem, riskProblems, riskScore } from '@@/shared/project-signals';
import { RISK_STATUSES } from '@@/shared/schemas/planning';
import type { MemberRow } from '../../db/database';
import type { RiskRow } from '../../db/rows';
import { EditableSection } from '../../ui/editable-section';
import { Icon } from '../../ui/icons';

const PROBLEM_TEXT: Record<RiskProblem, string> = { 'no-mitigation': 'no mitigation', 'no-owner': 'no owner' };
const scale = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

function tone(score: number): string {
  return score >= 15 ? 'bad' : score >= 8 ? 'warn' : 'ok';
}

export function RiskMatrix({ matrix }: { matrix: number[][] }) {
  // Rows from probability 5 down to 1, columns impact 1 to 5, like the usual risk chart.
  return (
    <table class="risk-matrix" aria-label="Open risks by probability and impact">
      <caption class="sr-only">Rows: probability 5 to 1. Columns: impact 1 to 5. Cells: number of open risks.</caption>
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
                  title={`Probability ${p}, impact ${i}: ${count} open`}
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
      title="Risks"
      noun="risk"
      table="risks"
      projectId={projectId}
      rows={risks}
      defaults={{ probability: 3, impact: 3, mitigation: '', ownerId: null, status: 'open' }}
      header={
        <div class="row" style={{ alignItems: 'flex-start' }}>
          <RiskMatrix matrix={matrix} />
          <p class="muted small grow">Probability ↑ × impact →. Red cells score 15 or more.</p>
        </div>
      }
      fields={[
        { name: 'title', label: 'Risk', type: 'text', required: true, maxLength: 300 },
        { name: 'probability', label: 'Probability (1–5)', type: 'select', options: scale, numeric: true },
        { name: 'impact', label: 'Impact (1–5)', type: 'select', options: scale, numeric: true },
        { name: 'mitigation', label: 'Mitigation', type: 'textarea', maxLength: 5000 },
        {
          name: 'ownerId',
          label: 'Owner',
          type: 'select',
          nullable: true,
          options: members.map((m) => ({ value: m.id, label: m.name })),
        },
        {
          name: 'status',
          label: 'Status',
          type: 'select',
          options: RISK_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })),
        },
      ]}
      empty="No risks recorded. What could stop the project? Write it down with a mitigation and an owner."
      renderRow={(risk) => {
        const problems = risk.status === 'open' ? riskProblems(risk) : [];
        return (
          <>
            <div class="row">
              <span class={`badge ${tone(riskScore(risk))}`} title="Probability × impact">
                {riskScore(risk)}
              </span>
              <span class="grow">{risk.title}</span>
              <span class="muted small">{risk.status}</span>
            </div>
            <div class="muted small">
              P{risk.probability} × I{risk.impact}
              {risk.ownerId && ` · owner ${names.get(risk.ownerId) ?? 'former member'}`}
              {problems.length > 0 && (
                <span class="late">
                  {' '}
                  · <Icon name="alert" size={12} /> {problems.map((p) => PROBLEM_TEXT[p]).join(', ')}
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
