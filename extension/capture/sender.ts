// The sender of a captured e-mail as a stakeholder of the project (kept apart from zod for the content script).

/** A stakeholder row for a sender: external, named, with the address as contact and the domain as organisation. */
export function senderStakeholder(projectId: string, sender: { name: string; address: string }) {
  const domain = sender.address.split('@')[1] ?? '';
  return {
    projectId,
    name: (sender.name || sender.address).slice(0, 200),
    organisation: domain.slice(0, 200),
    role: '',
    internal: false,
    interest: 3,
    influence: 3,
    contact: sender.address.slice(0, 500),
    memberId: null,
  };
}
