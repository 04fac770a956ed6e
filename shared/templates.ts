// Project templates: a charter (objective, scope, constraints), measurable objectives, phases, milestones and
// typical risks for common kinds of project, and `instantiateTemplate` to turn one into synced rows.
//
// Offsets are calendar days from the project's start; a phase's offset is the day it ends. The project's due
// date is the latest offset of any phase or milestone.
import { addDays } from './dates';
import type { Milestone, Objective, Risk } from './schemas/planning';
import type { Project } from './schemas/project';

export interface ProjectTemplate {
  id: string;
  name: string;
  description: string;
  /** The project's objective statement. */
  objective: string;
  scopeIn: string;
  scopeOut: string;
  constraints: string;
  /** `target: null` is a yes/no objective, measured by the tasks that serve it. */
  objectives: { title: string; unit: string; target: number | null }[];
  phases: { title: string; offsetDays: number }[];
  milestones: { title: string; kind: 'milestone' | 'deliverable'; offsetDays: number }[];
  risks: { title: string; probability: number; impact: number; mitigation: string }[];
}

export const PROJECT_TEMPLATES: ProjectTemplate[] = [
  {
    id: 'product-launch',
    name: 'Product launch',
    description: 'Position, announce and sell a new product or major feature, with sales and support ready.',
    objective:
      'Bring the new product to market on the launch date with a clear message, a sales and support team ' +
      'ready to answer, and measurable early adoption.',
    scopeIn:
      'Positioning and messaging; pricing and packaging; launch web page and assets; press and analyst ' +
      'outreach; sales enablement and support readiness; launch event or webinar; post-launch measurement.',
    scopeOut:
      'Building product features; a brand redesign; localisation beyond the launch markets; long-term ' +
      'marketing after the first quarter.',
    constraints:
      'The launch date is announced and fixed; the marketing budget agreed at kickoff; every public claim ' +
      'reviewed by legal before publication.',
    objectives: [
      { title: 'Sign-ups in the first 30 days', unit: 'sign-ups', target: 1000 },
      { title: 'Qualified sales opportunities', unit: 'opportunities', target: 50 },
      { title: 'Press and analyst mentions', unit: 'mentions', target: 10 },
      { title: 'Support questions answered within 24 hours', unit: '%', target: 95 },
    ],
    phases: [
      { title: 'Discovery and positioning', offsetDays: 14 },
      { title: 'Launch preparation', offsetDays: 42 },
      { title: 'Launch', offsetDays: 56 },
      { title: 'Post-launch review', offsetDays: 84 },
    ],
    milestones: [
      { title: 'Positioning and pricing approved', kind: 'milestone', offsetDays: 14 },
      { title: 'Launch assets ready', kind: 'deliverable', offsetDays: 42 },
      { title: 'Sales and support trained', kind: 'milestone', offsetDays: 49 },
      { title: 'Launch day', kind: 'milestone', offsetDays: 56 },
      { title: 'Post-launch report', kind: 'deliverable', offsetDays: 84 },
    ],
    risks: [
      {
        title: 'The product is not ready on the launch date',
        probability: 3,
        impact: 5,
        mitigation:
          'Freeze the launch scope four weeks ahead; hold a go/no-go review with engineering one week before.',
      },
      {
        title: 'The message does not resonate with the target audience',
        probability: 3,
        impact: 4,
        mitigation: 'Test the positioning with five to ten customers before producing the assets.',
      },
      {
        title: 'A competitor announces first',
        probability: 2,
        impact: 3,
        mitigation: 'Prepare a comparison sheet in advance; keep the announcement movable by a few days.',
      },
      {
        title: 'The website cannot cope with launch traffic',
        probability: 2,
        impact: 4,
        mitigation: 'Load-test the sign-up flow; keep a static fallback page ready.',
      },
      {
        title: 'Sales and support cannot answer customer questions',
        probability: 3,
        impact: 3,
        mitigation: 'Train both teams a week before launch with an FAQ, a demo script and an escalation path.',
      },
    ],
  },
  {
    id: 'software-development',
    name: 'Software development',
    description: 'Specify, build, test and release software in iterations, from requirements to production.',
    objective:
      'Deliver a tested, maintainable release that solves the agreed user problem, in production on the ' +
      'planned date.',
    scopeIn:
      'Requirements and user stories; design and architecture; implementation; automated tests; code review; ' +
      'deployment to production; user and operations documentation.',
    scopeOut:
      'Features outside the agreed backlog; migrating legacy data beyond the agreed set; round-the-clock ' +
      'support after the release.',
    constraints:
      'Team capacity is fixed for the project; releases go through the existing CI/CD pipeline; a security ' +
      'and privacy review is required before production.',
    objectives: [
      { title: 'User stories delivered', unit: 'stories', target: 30 },
      { title: 'Automated test coverage', unit: '%', target: 80 },
      { title: 'Acceptance tests passing', unit: '%', target: 100 },
      { title: 'Weekly active users one month after release', unit: 'users', target: 200 },
    ],
    phases: [
      { title: 'Discovery and requirements', offsetDays: 14 },
      { title: 'Design', offsetDays: 28 },
      { title: 'Build', offsetDays: 70 },
      { title: 'Test and stabilise', offsetDays: 84 },
      { title: 'Release', offsetDays: 91 },
    ],
    milestones: [
      { title: 'Requirements signed off', kind: 'milestone', offsetDays: 14 },
      { title: 'Architecture and design reviewed', kind: 'deliverable', offsetDays: 28 },
      { title: 'Feature complete', kind: 'milestone', offsetDays: 70 },
      { title: 'Release candidate', kind: 'deliverable', offsetDays: 84 },
      { title: 'Production release', kind: 'milestone', offsetDays: 91 },
    ],
    risks: [
      {
        title: 'Scope creep: new requests keep entering the release',
        probability: 4,
        impact: 4,
        mitigation: 'Agree a change process; every addition replaces something of the same size or waits.',
      },
      {
        title: 'The work is more complex than estimated',
        probability: 3,
        impact: 4,
        mitigation: 'Spike the riskiest parts first; re-estimate after each iteration and adjust the scope early.',
      },
      {
        title: 'A key developer becomes unavailable',
        probability: 2,
        impact: 4,
        mitigation: 'Pair on critical parts, review all code, and keep the design documented.',
      },
      {
        title: 'A third-party API changes or is unreliable',
        probability: 2,
        impact: 3,
        mitigation: 'Wrap it behind an adapter with contract tests; plan timeouts, retries and a fallback.',
      },
      {
        title: 'A security vulnerability is found late',
        probability: 2,
        impact: 5,
        mitigation: 'Run dependency and static analysis in CI; book the security review before feature complete.',
      },
      {
        title: 'The test environment does not match production',
        probability: 3,
        impact: 3,
        mitigation: 'Provision environments from the same scripts; test with realistic data volumes.',
      },
    ],
  },
  {
    id: 'event',
    name: 'Event',
    description: 'Organise a conference, workshop or meetup: venue, agenda, speakers, registration and follow-up.',
    objective: 'Run a well-attended, smoothly organised event that meets the audience’s expectations, within budget.',
    scopeIn:
      'Venue and catering; agenda and speakers; registration and ticketing; promotion; on-site logistics, ' +
      'signage and audio-visual; attendee communication; post-event survey and follow-up.',
    scopeOut:
      'Travel and accommodation for attendees; professional video editing beyond the main sessions; ' +
      'sponsorship sales.',
    constraints:
      'Fixed date and venue capacity; budget agreed with the sponsor; the venue’s accessibility and safety ' + 'rules.',
    objectives: [
      { title: 'Registered attendees', unit: 'attendees', target: 200 },
      { title: 'Registered attendees who show up', unit: '%', target: 75 },
      { title: 'Average satisfaction in the survey', unit: '/ 5', target: 4.5 },
      { title: 'Speakers confirmed', unit: 'speakers', target: 8 },
    ],
    phases: [
      { title: 'Planning', offsetDays: 21 },
      { title: 'Promotion and registration', offsetDays: 56 },
      { title: 'Final preparation', offsetDays: 69 },
      { title: 'Event', offsetDays: 70 },
      { title: 'Follow-up', offsetDays: 84 },
    ],
    milestones: [
      { title: 'Venue booked', kind: 'milestone', offsetDays: 14 },
      { title: 'Registration open', kind: 'milestone', offsetDays: 28 },
      { title: 'Agenda and speakers published', kind: 'deliverable', offsetDays: 35 },
      { title: 'Event day', kind: 'milestone', offsetDays: 70 },
      { title: 'Survey results and thank-you mail', kind: 'deliverable', offsetDays: 84 },
    ],
    risks: [
      {
        title: 'Too few registrations',
        probability: 3,
        impact: 4,
        mitigation: 'Set weekly registration targets; plan extra promotion through partners if behind by week 4.',
      },
      {
        title: 'A speaker cancels at short notice',
        probability: 3,
        impact: 3,
        mitigation: 'Keep a reserve speaker or panel ready; collect slides a week before.',
      },
      {
        title: 'The venue or a supplier fails',
        probability: 2,
        impact: 5,
        mitigation: 'Check contracts for cancellation terms; keep a backup venue and caterer on a shortlist.',
      },
      {
        title: 'The budget is overrun',
        probability: 3,
        impact: 3,
        mitigation: 'Track commitments against budget weekly; keep a 10% contingency.',
      },
      {
        title: 'Audio-visual or streaming fails on the day',
        probability: 2,
        impact: 4,
        mitigation: 'Run a technical rehearsal the day before; have a technician and spare equipment on site.',
      },
      {
        title: 'Travel disruption or bad weather keeps people away',
        probability: 2,
        impact: 3,
        mitigation: 'Offer a remote option; communicate early about access and alternatives.',
      },
    ],
  },
  {
    id: 'tool-deployment',
    name: 'Tool deployment',
    description: 'Roll out a new tool to the organisation: configure, migrate, pilot, train, and retire the old one.',
    objective:
      'Roll out the new tool to the target teams so that they use it in their daily work, with their data ' +
      'migrated and the old tool retired.',
    scopeIn:
      'Configuration to our processes; integrations with existing systems; data migration; a pilot with one ' +
      'team; training and documentation; rollout to the target teams; decommissioning the old tool.',
    scopeOut:
      'Changing the underlying business processes; custom development inside the tool beyond configuration; ' +
      'teams outside the agreed rollout.',
    constraints:
      'Licence budget and number of seats; IT security and data protection approval before any real data is ' +
      'loaded; the old tool’s contract ends on a fixed date.',
    objectives: [
      { title: 'Target users active every week', unit: '%', target: 80 },
      { title: 'Users trained', unit: 'users', target: 150 },
      { title: 'Records migrated', unit: '%', target: 100 },
      { title: 'Old tool retired', unit: '', target: null },
    ],
    phases: [
      { title: 'Preparation and configuration', offsetDays: 21 },
      { title: 'Pilot', offsetDays: 42 },
      { title: 'Rollout', offsetDays: 70 },
      { title: 'Adoption and hand-over', offsetDays: 90 },
    ],
    milestones: [
      { title: 'Security and data protection approval', kind: 'milestone', offsetDays: 14 },
      { title: 'Pilot team live', kind: 'milestone', offsetDays: 28 },
      { title: 'Training material published', kind: 'deliverable', offsetDays: 35 },
      { title: 'All target teams live', kind: 'milestone', offsetDays: 70 },
      { title: 'Old tool decommissioned', kind: 'milestone', offsetDays: 90 },
    ],
    risks: [
      {
        title: 'People keep using the old tool',
        probability: 4,
        impact: 4,
        mitigation: 'Name a champion per team; set a read-only date for the old tool; track weekly active users.',
      },
      {
        title: 'Data is lost or corrupted during migration',
        probability: 3,
        impact: 4,
        mitigation: 'Rehearse the migration on a copy; reconcile record counts; keep the old data read-only.',
      },
      {
        title: 'An integration with an existing system does not work',
        probability: 3,
        impact: 3,
        mitigation: 'Test every integration during the pilot; agree a manual workaround in advance.',
      },
      {
        title: 'Security or data protection approval is delayed',
        probability: 2,
        impact: 4,
        mitigation: 'Send the vendor’s documentation to IT security at kickoff; book the review early.',
      },
      {
        title: 'Licence costs exceed the budget',
        probability: 2,
        impact: 2,
        mitigation: 'Count the seats actually needed after the pilot; negotiate tiered pricing.',
      },
      {
        title: 'Vendor support is slow to answer',
        probability: 2,
        impact: 3,
        mitigation: 'Agree response times in the contract; build internal expertise during the pilot.',
      },
    ],
  },
  {
    id: 'communication-campaign',
    name: 'Communication campaign',
    description: 'Plan, produce and run a campaign across channels, then measure what it achieved.',
    objective:
      'Make the target audience aware of the message and lead them to the desired action during the ' +
      'campaign period.',
    scopeIn:
      'Audience and key message; creative concept; content for the chosen channels (e-mail, social media, ' +
      'web, press); media plan and publishing calendar; measurement and final report.',
    scopeOut:
      'Changes to the product or service itself; paid media beyond the agreed budget; channels outside the ' +
      'media plan.',
    constraints:
      'Fixed campaign window; media budget; brand guidelines and sign-off by the communications lead; ' +
      'e-mail only to contacts who consented.',
    objectives: [
      { title: 'People reached', unit: 'people', target: 50_000 },
      { title: 'Click-through rate', unit: '%', target: 2 },
      { title: 'Conversions (the desired action)', unit: 'conversions', target: 500 },
      { title: 'New newsletter subscribers', unit: 'subscribers', target: 1000 },
    ],
    phases: [
      { title: 'Strategy', offsetDays: 10 },
      { title: 'Content creation', offsetDays: 28 },
      { title: 'Campaign live', offsetDays: 56 },
      { title: 'Evaluation', offsetDays: 70 },
    ],
    milestones: [
      { title: 'Audience and message approved', kind: 'milestone', offsetDays: 10 },
      { title: 'Creative concept approved', kind: 'deliverable', offsetDays: 21 },
      { title: 'Campaign launch', kind: 'milestone', offsetDays: 28 },
      { title: 'Mid-campaign review', kind: 'milestone', offsetDays: 42 },
      { title: 'Results report', kind: 'deliverable', offsetDays: 70 },
    ],
    risks: [
      {
        title: 'The message is misunderstood or causes a backlash',
        probability: 2,
        impact: 5,
        mitigation: 'Test the message with a small audience sample; prepare answers to likely criticism.',
      },
      {
        title: 'Content approvals take longer than planned',
        probability: 4,
        impact: 3,
        mitigation: 'Agree approvers and turnaround times up front; batch content for review.',
      },
      {
        title: 'Engagement is lower than expected',
        probability: 3,
        impact: 3,
        mitigation: 'Review the figures weekly; shift budget to the channels and creatives that perform.',
      },
      {
        title: 'The media budget is spent too early',
        probability: 2,
        impact: 3,
        mitigation: 'Set daily spending caps; pace the budget over the whole campaign window.',
      },
      {
        title: 'A platform rejects the ads or content',
        probability: 2,
        impact: 3,
        mitigation: 'Check each platform’s ad policies while creating; submit ads for review days early.',
      },
    ],
  },
];

export const PROJECT_TEMPLATE_IDS = [
  'product-launch',
  'software-development',
  'event',
  'tool-deployment',
  'communication-campaign',
] as const;
export type ProjectTemplateId = (typeof PROJECT_TEMPLATE_IDS)[number];

/** Every text of a template, in the shape of the template (as many objectives, phases, milestones, risks). */
export interface TemplateText {
  name: string;
  description: string;
  objective: string;
  scopeIn: string;
  scopeOut: string;
  constraints: string;
  objectives: { title: string; unit: string }[];
  phases: string[];
  milestones: string[];
  risks: { title: string; mitigation: string }[];
}

/**
 * The texts of a template in another language, by template id (the extension passes them from its UI
 * language); undefined, or a text missing from the answer, keeps the English.
 */
export type TemplateWords = (id: string) => TemplateText | undefined;

/** `template` with its texts from `words`; the template itself without words. */
export function localizeTemplate(template: ProjectTemplate, words?: TemplateWords): ProjectTemplate {
  const text = words?.(template.id);
  if (!text) return template;
  return {
    ...template,
    name: text.name,
    description: text.description,
    objective: text.objective,
    scopeIn: text.scopeIn,
    scopeOut: text.scopeOut,
    constraints: text.constraints,
    objectives: template.objectives.map((objective, i) => ({
      ...objective,
      title: text.objectives[i]?.title ?? objective.title,
      unit: text.objectives[i]?.unit ?? objective.unit,
    })),
    phases: template.phases.map((phase, i) => ({ ...phase, title: text.phases[i] ?? phase.title })),
    milestones: template.milestones.map((milestone, i) => ({
      ...milestone,
      title: text.milestones[i] ?? milestone.title,
    })),
    risks: template.risks.map((risk, i) => ({
      ...risk,
      title: text.risks[i]?.title ?? risk.title,
      mitigation: text.risks[i]?.mitigation ?? risk.mitigation,
    })),
  };
}

/** The templates, with their texts from `words` when given. */
export function projectTemplates(words?: TemplateWords): ProjectTemplate[] {
  return PROJECT_TEMPLATES.map((template) => localizeTemplate(template, words));
}

export function findTemplate(id: string | null | undefined, words?: TemplateWords): ProjectTemplate | undefined {
  const template = PROJECT_TEMPLATES.find((candidate) => candidate.id === id);
  return template && localizeTemplate(template, words);
}

export interface InstantiateOptions {
  projectId: string;
  teamId: string | null;
  /** The project's start, `YYYY-MM-DD`. */
  start: string;
  createdBy: string | null;
  now: Date;
  newId: () => string;
}

export interface InstantiatedTemplate {
  objectives: Objective[];
  /** Phases first (order 0…), then milestones and deliverables, orders increasing. */
  milestones: Milestone[];
  risks: Risk[];
  project: Pick<Project, 'objective' | 'scopeIn' | 'scopeOut' | 'constraints' | 'template' | 'dueAt' | 'startAt'>;
}

/**
 * The rows of a new project created from `template`: due dates are `start + offsetDays`, the project is due
 * on the latest of them, objectives are due with the project. Measured objectives start at `current: 0`;
 * yes/no objectives (no target) at null. Risks start open, without an owner.
 */
export function instantiateTemplate(template: ProjectTemplate, options: InstantiateOptions): InstantiatedTemplate {
  const { projectId, teamId, start, createdBy, now, newId } = options;
  const createdAt = now.toISOString();
  const base = () => ({ id: newId(), teamId, projectId, createdBy, createdAt });
  const lastOffset = Math.max(
    0,
    ...template.phases.map((phase) => phase.offsetDays),
    ...template.milestones.map((milestone) => milestone.offsetDays),
  );
  const dueAt = addDays(start, lastOffset);

  const objectives: Objective[] = template.objectives.map((objective, index) => ({
    ...base(),
    title: objective.title,
    unit: objective.unit,
    target: objective.target,
    current: objective.target === null ? null : 0,
    dueAt,
    order: index,
  }));
  const milestones: Milestone[] = [
    ...template.phases.map((phase) => ({ title: phase.title, kind: 'phase' as const, offsetDays: phase.offsetDays })),
    ...template.milestones,
  ].map((item, index) => ({
    ...base(),
    kind: item.kind,
    title: item.title,
    dueAt: addDays(start, item.offsetDays),
    done: false,
    order: index,
  }));
  const risks: Risk[] = template.risks.map((risk) => ({
    ...base(),
    title: risk.title,
    probability: risk.probability,
    impact: risk.impact,
    mitigation: risk.mitigation,
    ownerId: null,
    status: 'open',
  }));
  return {
    objectives,
    milestones,
    risks,
    project: {
      objective: template.objective,
      scopeIn: template.scopeIn,
      scopeOut: template.scopeOut,
      constraints: template.constraints,
      template: template.id,
      startAt: start,
      dueAt,
    },
  };
}
