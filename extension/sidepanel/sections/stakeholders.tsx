// Stakeholders: who has a say in the project, inside and outside the team, with interest and influence.
import { contactHref } from '@@/shared/safe-url';
import type { MemberRow } from '../../db/database';
import type { StakeholderRow } from '../../db/rows';
import { EditableSection } from '../../ui/editable-section';

const scale = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

/** Where to spend attention, from the classic interest/influence grid. */
function engagement(s: StakeholderRow): string {
  if (s.influence >= 4 && s.interest >= 4) return 'manage closely';
  if (s.influence >= 4) return 'keep satisfied';
  if (s.interest >= 4) return 'keep informed';
  return 'monitor';
}

export function StakeholdersSection({
  projectId,
  stakeholders,
  members,
}: {
  projectId: string;
  stakeholders: StakeholderRow[];
  members: MemberRow[];
}) {
  return (
    <EditableSection
      id="stakeholders"
      title="Stakeholders"
      noun="stakeholder"
      table="stakeholders"
      projectId={projectId}
      rows={stakeholders}
      defaults={{ organisation: '', role: '', internal: true, interest: 3, influence: 3, contact: '', memberId: null }}
      fields={[
        { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
        { name: 'organisation', label: 'Organisation', type: 'text', maxLength: 200 },
        { name: 'role', label: 'Role', type: 'text', maxLength: 200, placeholder: 'Sponsor, customer, approver…' },
        { name: 'internal', label: 'Internal (in our organisation)', type: 'checkbox' },
        { name: 'interest', label: 'Interest (1–5)', type: 'select', options: scale, numeric: true },
        { name: 'influence', label: 'Influence (1–5)', type: 'select', options: scale, numeric: true },
        { name: 'contact', label: 'Contact', type: 'text', maxLength: 500, placeholder: 'e-mail or phone' },
        {
          name: 'memberId',
          label: 'Team member',
          type: 'select',
          nullable: true,
          options: members.map((m) => ({ value: m.id, label: m.name })),
        },
      ]}
      empty="No stakeholders yet. Who sponsors, approves or is affected by this project?"
      renderRow={(s) => (
        <>
          <div>
            {s.name}
            {s.role && <span class="muted"> · {s.role}</span>}
            {s.organisation && <span class="muted"> · {s.organisation}</span>}
          </div>
          <div class="muted small">
            {s.internal ? 'Internal' : 'External'} · interest {s.interest} · influence {s.influence} · {engagement(s)}
            {s.contact && ' · '}
            {s.contact &&
              (contactHref(s.contact) ? (
                <a href={contactHref(s.contact) ?? undefined} target="_blank" rel="noopener noreferrer">
                  {s.contact}
                </a>
              ) : (
                s.contact
              ))}
          </div>
        </>
      )}
    />
  );
}
