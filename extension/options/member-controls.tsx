// Member lifecycle in the options page: per member, the role picker, Remove and Make owner (shown only to those
// allowed by shared/schemas/account.ts); per team, Leave; and the account's devices with Sign out for each.
// Destructive actions ask once more in place; errors are said in plain words with the server's code under Details.
import { canChangeRole, canRemoveMember } from '@@/shared/schemas/account';
import type { Role } from '@@/shared/schemas/team';
import { useState } from 'preact/hooks';
import type { MemberRow } from '../db/database';
import { type MessageKey, t, uiLocale } from '../i18n';
import { send } from '../messaging/client';
import { ConfirmButton, ErrorLine, explain, type Failure, useServerRead } from './server-controls';

const ROLE_LABELS: Record<Role, MessageKey> = {
  owner: 'members_roleOwner',
  admin: 'members_roleAdmin',
  member: 'members_roleMember',
  guest: 'members_roleGuest',
};
const ROLE_WORDS: Record<Role, MessageKey> = {
  owner: 'members_roleWordOwner',
  admin: 'members_roleWordAdmin',
  member: 'members_roleWordMember',
  guest: 'members_roleWordGuest',
};

/** A role as a picker shows it: "Member". */
export const roleLabel = (role: Role) => t(ROLE_LABELS[role]);
/** A role inside a line: "member" (an unknown role from a newer server shows as it is). */
export const roleWord = (role: Role) => (ROLE_WORDS[role] ? t(ROLE_WORDS[role]) : role);

export function MemberItem({
  teamId,
  teamName,
  member,
  myRole,
  myId,
}: {
  teamId: string;
  teamName: string;
  member: MemberRow;
  myRole: Role;
  myId: string;
}) {
  const [failure, setFailure] = useState<Failure>(null);
  const act = async (work: Promise<unknown>) => {
    setFailure(null);
    try {
      await work;
    } catch (error) {
      setFailure(explain(error));
    }
  };
  const self = member.id === myId;
  const roles = (['admin', 'member', 'guest'] as const).filter(
    (r) => r === member.role || canChangeRole(myRole, member.role, r),
  );
  const mayChange = !self && roles.length > 1 && member.role !== 'owner';
  return (
    <li>
      <span class="row" style={{ gap: 8, flexWrap: 'wrap' }}>
        <span>
          {member.name}
          {self && <span class="muted"> {t('members_you')}</span>}
        </span>
        {mayChange ? (
          <select
            class="input small"
            aria-label={t('members_roleOf', member.name, teamName)}
            value={member.role}
            onChange={(e) =>
              void act(
                send('team.setRole', {
                  teamId,
                  userId: member.id,
                  role: (e.target as HTMLSelectElement).value as 'admin' | 'member' | 'guest',
                }),
              )
            }
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        ) : (
          <span class="muted">{roleWord(member.role)}</span>
        )}
        {!self && canRemoveMember(myRole, member.role) && (
          <ConfirmButton
            label={t('members_remove')}
            danger
            confirm={t('members_removeConfirm', member.name, teamName)}
            onConfirm={() => act(send('team.removeMember', { teamId, userId: member.id }))}
          />
        )}
        {!self && myRole === 'owner' && (
          <ConfirmButton
            label={t('members_makeOwner')}
            confirm={t('members_transferConfirm', teamName, member.name)}
            onConfirm={() => act(send('team.transfer', { teamId, userId: member.id }))}
          />
        )}
      </span>
      <ErrorLine failure={failure} />
    </li>
  );
}

export function LeaveTeam({ teamId, teamName, myRole }: { teamId: string; teamName: string; myRole: Role }) {
  const [failure, setFailure] = useState<Failure>(null);
  if (myRole === 'owner') {
    return <p class="muted small">{t('members_leaveFirst', teamName)}</p>;
  }
  return (
    <div>
      <ConfirmButton
        label={t('members_leaveTeam')}
        danger
        confirm={t('members_leaveConfirm', teamName)}
        onConfirm={async () => {
          setFailure(null);
          try {
            await send('team.leave', { teamId });
          } catch (error) {
            setFailure(explain(error));
          }
        }}
      />
      <ErrorLine failure={failure} />
    </div>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(uiLocale()) : t('members_notYet'));

export function DevicesSection() {
  const { value: devices, failure, setFailure, load } = useServerRead(() => send('account.devices', {}));
  return (
    <section aria-labelledby="devices-title" style={{ marginTop: 12 }}>
      <h3 id="devices-title">{t('members_devicesTitle')}</h3>
      <p class="muted small">{t('members_devicesIntro')}</p>
      <ErrorLine failure={failure} />
      {devices === null && !failure && <div class="skeleton" />}
      {devices && (
        <ul aria-label={t('members_devices')}>
          {devices.map((d) => (
            <li key={d.id}>
              <span class="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                <strong>{d.name}</strong>
                {d.current && <span class="muted">{t('members_thisBrowser')}</span>}
                <span class="muted small">
                  {t('members_deviceUsage', when(d.createdAt), when(d.lastUsedAt))}
                  {d.expiresAt ? t('members_deviceExpires', when(d.expiresAt)) : ''}
                </span>
                {!d.current && (
                  <ConfirmButton
                    label={t('members_signOut')}
                    danger
                    confirm={t('members_signOutConfirm', d.name)}
                    onConfirm={async () => {
                      try {
                        await send('account.revokeDevice', { id: d.id });
                        await load();
                      } catch (error) {
                        setFailure(explain(error));
                      }
                    }}
                  />
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
