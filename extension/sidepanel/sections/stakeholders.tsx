// Stakeholders: who has a say in the project, inside and outside the team, with interest and influence.
import { contactHref } from '@@/shared/safe-url';
import type { MemberRow } from '../../db/database';
import type { StakeholderRow } from '../../db/rows';
import { t } from '../../i18n';
import { EditableSection } from '../../ui/editable-section';

const scale = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

/** Where to spend attention, from the classic interest/influence grid. */
function engagement(s: StakeholderRow): string {
  if (s.influence >= 4 && s.interest >= 4) return t('stakeholders_manageClosely');
  if (s.influence >= 4) return t('stakeholders_keepSatisfied');
  if (s.interest >= 4) return t('stakeholders_keepInformed');
  return t('stakeholders_monitor');
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
      title={t('stakeholders_title')}
      noun="stakeholder"
      table="stakeholders"
      projectId={projectId}
      rows={stakeholders}
      defaults={{ organisation: '', role: '', internal: true, interest: 3, influence: 3, contact: '', memberId: null }}
      fields={[
        { name: 'name', label: t('form_name'), type: 'text', required: true, maxLength: 200 },
        { name: 'organisation', label: t('stakeholders_organisation'), type: 'text', maxLength: 200 },
        {
          name: 'role',
          label: t('stakeholders_role'),
          type: 'text',
          maxLength: 200,
          placeholder: t('stakeholders_rolePlaceholder'),
        },
        { name: 'internal', label: t('stakeholders_internalLabel'), type: 'checkbox' },
        { name: 'interest', label: t('stakeholders_interestLabel'), type: 'select', options: scale, numeric: true },
        { name: 'influence', label: t('stakeholders_influenceLabel'), type: 'select', options: scale, numeric: true },
        {
          name: 'contact',
          label: t('stakeholders_contact'),
          type: 'text',
          maxLength: 500,
          placeholder: t('stakeholders_contactPlaceholder'),
        },
        {
          name: 'memberId',
          label: t('field_memberLabel'),
          type: 'select',
          nullable: true,
          options: members.map((m) => ({ value: m.id, label: m.name })),
        },
      ]}
      empty={t('stakeholders_empty')}
      renderRow={(s) => (
        <>
          <div>
            {s.name}
            {s.role && <span class="muted"> · {s.role}</span>}
            {s.organisation && <span class="muted"> · {s.organisation}</span>}
          </div>
          <div class="muted small">
            {t(
              'stakeholders_line',
              t(s.internal ? 'stakeholders_internal' : 'stakeholders_external'),
              s.interest,
              s.influence,
              engagement(s),
            )}
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
