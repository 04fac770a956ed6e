// Title cleaning, table-driven over titles as real sites write them: news, blogs, docs, shops, and the apps
// whose documents and issues get their own clean title.
import { captureTitle, cleanPageTitle, isGenericTitle, type PageFacts } from '@@/shared/page-title';
import { describe, expect, it } from 'vitest';

type Case = [url: string, title: string, expected: string, extra?: Partial<PageFacts>];

const NEWS: Case[] = [
  [
    'https://www.bbc.co.uk/news/world-us-canada-33646171',
    'Obama admits US gun laws are his biggest frustration - BBC News',
    'Obama admits US gun laws are his biggest frustration',
    { siteName: 'BBC News', ogTitle: 'Obama admits US gun laws are his biggest frustration' },
  ],
  [
    'https://www.bbc.com/news/articles/c0k8jd8p2x7o',
    'Storm Bert: Flood warnings across England and Wales - BBC News',
    'Storm Bert: Flood warnings across England and Wales',
  ],
  [
    'https://www.theguardian.com/environment/2024/nov/20/new-zealand-whale-strandings',
    'Scientists baffled by surge in New Zealand whale strandings | Eleanor Ainge Roy | Environment | The Guardian',
    'Scientists baffled by surge in New Zealand whale strandings',
    { siteName: 'the Guardian' },
  ],
  [
    'https://www.theguardian.com/world/2026/mar/02/eu-summit',
    'EU leaders agree on new defence fund | European Union | The Guardian',
    'EU leaders agree on new defence fund',
  ],
  [
    'https://www.nytimes.com/2026/01/12/technology/ai-chips.html',
    'The Race to Build Smaller AI Chips - The New York Times',
    'The Race to Build Smaller AI Chips',
    { siteName: 'The New York Times' },
  ],
  [
    'https://www.reuters.com/markets/europe/ecb-holds-rates-2026-04-17/',
    'ECB holds rates steady as inflation cools | Reuters',
    'ECB holds rates steady as inflation cools',
  ],
  [
    'https://www.washingtonpost.com/politics/2026/02/03/budget-deal/',
    'Congress reaches budget deal hours before shutdown deadline - The Washington Post',
    'Congress reaches budget deal hours before shutdown deadline',
    { siteName: 'Washington Post' },
  ],
  [
    'https://edition.cnn.com/2026/05/01/weather/heatwave-india/index.html',
    'Heatwave grips India as temperatures pass 47C | CNN',
    'Heatwave grips India as temperatures pass 47C',
  ],
  [
    'https://www.lemonde.fr/economie/article/2026/01/10/inflation.html',
    "L'inflation ralentit en zone euro en décembre",
    "L'inflation ralentit en zone euro en décembre",
    { siteName: 'Le Monde.fr' },
  ],
  [
    'https://www.spiegel.de/wirtschaft/bahn-streik-a-1234.html',
    'Bahn-Streik: GDL kündigt neuen Ausstand an - DER SPIEGEL',
    'Bahn-Streik: GDL kündigt neuen Ausstand an',
    { siteName: 'DER SPIEGEL' },
  ],
  [
    'https://www.aljazeera.com/news/2026/3/4/floods',
    'Floods displace thousands in southern Brazil | Climate Crisis News | Al Jazeera',
    'Floods displace thousands in southern Brazil',
    { siteName: 'Al Jazeera' },
  ],
  [
    'https://www.theverge.com/2026/2/1/apple-vision',
    'Apple’s next headset is lighter and cheaper - The Verge',
    'Apple’s next headset is lighter and cheaper',
  ],
  [
    'https://arstechnica.com/science/2026/01/jwst-finds/',
    'JWST finds water vapour around a rocky exoplanet - Ars Technica',
    'JWST finds water vapour around a rocky exoplanet',
  ],
  [
    'https://techcrunch.com/2026/04/02/startup-raises/',
    'Berlin startup raises $40M to automate invoices | TechCrunch',
    'Berlin startup raises $40M to automate invoices',
  ],
  [
    'https://www.ft.com/content/1a2b3c',
    'Chipmakers bet on Europe as subsidies flow',
    'Chipmakers bet on Europe as subsidies flow',
    { siteName: 'Financial Times' },
  ],
  [
    'https://apnews.com/article/election-results-123',
    'Election results: what we know so far | AP News',
    'Election results: what we know so far',
  ],
  [
    'https://www.economist.com/finance-and-economics/2026/02/01/rates',
    'Why central banks are in no hurry to cut',
    'Why central banks are in no hurry to cut',
    { siteName: 'The Economist' },
  ],
  [
    'https://www.wired.com/story/passkeys-explained/',
    'Passkeys Are Here. This Is How They Work | WIRED',
    'Passkeys Are Here. This Is How They Work',
  ],
  [
    'https://news.ycombinator.com/item?id=41234567',
    'Show HN: A local-first task manager | Hacker News',
    'Show HN: A local-first task manager',
    { applicationName: 'Hacker News' },
  ],
  [
    'https://www.npr.org/2026/01/05/1234/snow-storm',
    'A winter storm is moving east. Here is what to expect : NPR',
    'A winter storm is moving east. Here is what to expect',
  ],
];

const BLOGS_AND_DOCS: Case[] = [
  [
    'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/map',
    'Array.prototype.map() - JavaScript | MDN',
    'Array.prototype.map()',
    { h1: 'Array.prototype.map()', siteName: 'MDN Web Docs' },
  ],
  [
    'https://developer.mozilla.org/en-US/docs/Web/API/Fetch_API',
    'Fetch API - Web APIs | MDN',
    'Fetch API',
    { siteName: 'MDN Web Docs' },
  ],
  ['https://react.dev/reference/react/useEffect', 'useEffect – React', 'useEffect', { h1: 'useEffect' }],
  ['https://vitejs.dev/guide/', 'Getting Started | Vite', 'Getting Started'],
  [
    'https://docs.python.org/3/library/asyncio.html',
    'asyncio — Asynchronous I/O — Python 3.12.2 documentation',
    'asyncio — Asynchronous I/O',
    { h1: 'asyncio — Asynchronous I/O' },
  ],
  [
    'https://www.postgresql.org/docs/current/sql-createindex.html',
    'PostgreSQL: Documentation: 17: CREATE INDEX',
    'CREATE INDEX',
    { h1: 'CREATE INDEX' },
  ],
  [
    'https://stackoverflow.com/questions/11227809/why-is-processing-a-sorted-array-faster',
    'java - Why is processing a sorted array faster than processing an unsorted array? - Stack Overflow',
    'Why is processing a sorted array faster than processing an unsorted array?',
    { h1: 'Why is processing a sorted array faster than processing an unsorted array?' },
  ],
  ['https://en.wikipedia.org/wiki/Critical_path_method', 'Critical path method - Wikipedia', 'Critical path method'],
  ['https://de.wikipedia.org/wiki/Netzplantechnik', 'Netzplantechnik – Wikipedia', 'Netzplantechnik'],
  [
    'https://martinfowler.com/articles/microservices.html',
    'Microservices',
    'Microservices',
    { siteName: 'martinfowler.com' },
  ],
  [
    'https://overreacted.io/a-complete-guide-to-useeffect/',
    'A Complete Guide to useEffect — overreacted',
    'A Complete Guide to useEffect',
  ],
  [
    'https://medium.com/@ana/how-we-cut-our-build-time-in-half-3f2a1b',
    'How we cut our build time in half | by Ana Ortiz | Medium',
    'How we cut our build time in half',
    { siteName: 'Medium' },
  ],
  [
    'https://dev.to/sam/10-tips-for-writing-clean-typescript-4kd2',
    '10 tips for writing clean TypeScript - DEV Community',
    '10 tips for writing clean TypeScript',
    { siteName: 'DEV Community' },
  ],
  [
    'https://blog.cloudflare.com/post-quantum-tls/',
    'Post-quantum TLS is now the default',
    'Post-quantum TLS is now the default',
    { siteName: 'The Cloudflare Blog' },
  ],
  [
    'https://github.blog/2026-01-10-copilot-workspace/',
    'Copilot Workspace is generally available - The GitHub Blog',
    'Copilot Workspace is generally available',
    { siteName: 'The GitHub Blog' },
  ],
  [
    'https://ana.substack.com/p/notes-on-planning',
    'Notes on planning - by Ana Ortiz - Slow Work',
    'Notes on planning',
    { siteName: 'Slow Work', ogTitle: 'Notes on planning' },
  ],
  [
    'https://www.smashingmagazine.com/2026/01/css-container-queries/',
    'A Practical Guide To CSS Container Queries — Smashing Magazine',
    'A Practical Guide To CSS Container Queries',
  ],
  [
    'https://css-tricks.com/snippets/css/a-guide-to-flexbox/',
    'A Complete Guide to Flexbox | CSS-Tricks',
    'A Complete Guide to Flexbox',
  ],
  ['https://kubernetes.io/docs/concepts/workloads/pods/', 'Pods | Kubernetes', 'Pods'],
  ['https://docs.docker.com/compose/', 'Docker Compose | Docker Docs', 'Docker Compose'],
  [
    'https://learn.microsoft.com/en-us/azure/storage/blobs/storage-blobs-introduction',
    'Introduction to Blob (object) Storage - Azure Storage | Microsoft Learn',
    'Introduction to Blob (object) Storage',
    { h1: 'Introduction to Azure Blob Storage', siteName: 'Microsoft Learn' },
  ],
  [
    'https://nodejs.org/api/fs.html',
    'File system | Node.js v20.20.0 Documentation',
    'File system',
    { h1: 'File system' },
  ],
  [
    'https://www.typescriptlang.org/docs/handbook/2/generics.html',
    'TypeScript: Documentation - Generics',
    'Generics',
    { h1: 'Generics' },
  ],
  ['https://tailwindcss.com/docs/flex', 'flex - Flexbox & Grid - Tailwind CSS', 'flex', { h1: 'flex' }],
  [
    'https://www.amazon.com/dp/B0C1234567',
    'Amazon.com: Logitech MX Keys S Wireless Keyboard : Electronics',
    'Logitech MX Keys S Wireless Keyboard',
  ],
  [
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'Rick Astley - Never Gonna Give You Up (Official Music Video) - YouTube',
    'Rick Astley - Never Gonna Give You Up (Official Music Video)',
  ],
  [
    'https://www.reddit.com/r/selfhosted/comments/abc/best_sync_server/',
    'Best self-hosted sync server? : r/selfhosted',
    'Best self-hosted sync server? : r/selfhosted',
    { siteName: 'Reddit' },
  ],
  [
    'https://www.linkedin.com/pulse/planning-teams-ana-ortiz',
    'Planning for small teams | LinkedIn',
    'Planning for small teams',
  ],
  ['https://www.etsy.com/listing/123/handmade-mug', 'Handmade ceramic mug - Etsy', 'Handmade ceramic mug'],
  [
    'https://www.booking.com/hotel/pt/lisbon-central.html',
    'Lisbon Central Hotel, Lisbon – Updated 2026 Prices',
    'Lisbon Central Hotel, Lisbon – Updated 2026 Prices',
    { siteName: 'Booking.com' },
  ],
  ['https://acme.example/about', 'About us — ACME', 'About us', { siteName: 'ACME' }],
  ['https://acme.example/pricing', 'ACME | Pricing', 'Pricing', { siteName: 'ACME' }],
  ['https://shop.acme.example/', 'ACME Shop: Tools for makers', 'Tools for makers', { siteName: 'ACME Shop' }],
  [
    'https://example.org/blog/2026/planning',
    'Quarterly planning without the pain',
    'Quarterly planning without the pain',
  ],
  // A colon inside a title is not a separator unless the site's name is in front of it.
  ['https://example.org/post', 'Vue vs React: which to pick in 2026', 'Vue vs React: which to pick in 2026'],
  // A dash inside a title is kept when nothing around it names the site.
  ['https://example.org/t', 'Spider-Man - Across the Spider-Verse', 'Spider-Man - Across the Spider-Verse'],
];

const EMPTY_OR_GENERIC: Case[] = [
  [
    'https://blog.example.com/posts/launch-retro',
    '',
    'What we learned from the launch',
    { ogTitle: 'What we learned from the launch', h1: 'Launch retro' },
  ],
  ['https://blog.example.com/posts/launch-retro', '', 'Launch retro', { h1: 'Launch retro' }],
  ['https://app.example.com/', 'React App', 'Team dashboard', { h1: 'Team dashboard' }],
  ['https://acme.example/', 'Home', 'ACME builds tools for makers', { ogTitle: 'ACME builds tools for makers' }],
  ['https://acme.example/x', 'ACME', 'Winter sale: 30% off', { siteName: 'ACME', h1: 'Winter sale: 30% off' }],
  ['https://acme.example/loading', 'Loading…', 'Order #1042', { h1: 'Order #1042' }],
  [
    'https://acme.example/p',
    'acme.example/p',
    'Product roadmap',
    { ogTitle: 'Product roadmap | ACME', siteName: 'ACME' },
  ],
  ['https://intranet.acme.example/page', 'Untitled', 'Travel policy 2026', { h1: 'Travel policy 2026' }],
  ['https://acme.example/nothing', '', ''],
];

const APPS: Case[] = [
  [
    'https://github.com/acme/shop/issues/42',
    'Checkout fails on Safari · Issue #42 · acme/shop · GitHub',
    'Checkout fails on Safari (#42)',
  ],
  [
    'https://github.com/acme/shop/issues/42',
    'Checkout fails on Safari · Issue #42 · acme/shop',
    'Checkout fails on Safari (#42)',
  ],
  [
    'https://github.com/acme/shop/pull/77',
    'Add Apple Pay by sam-lee · Pull Request #77 · acme/shop · GitHub',
    'Add Apple Pay (#77)',
  ],
  [
    'https://github.com/acme/shop/pull/77/files',
    'Add Apple Pay by sam-lee · Pull Request #77 · acme/shop',
    'Add Apple Pay (#77)',
  ],
  [
    'https://github.com/acme/shop',
    'GitHub - acme/shop: The storefront of ACME',
    'acme/shop: The storefront of ACME',
    { siteName: 'GitHub' },
  ],
  [
    'https://github.com/acme/shop/blob/main/README.md',
    'shop/README.md at main · acme/shop · GitHub',
    'shop/README.md at main · acme/shop',
    { siteName: 'GitHub' },
  ],
  [
    'https://github.com/acme/shop/discussions/9',
    'Roadmap for v2 · acme/shop · Discussion #9 · GitHub',
    'Roadmap for v2',
    { siteName: 'GitHub' },
  ],
  [
    'https://gitlab.com/acme/shop/-/issues/42',
    'Checkout fails on Safari (#42) · Issues · acme / shop · GitLab',
    'Checkout fails on Safari (#42)',
  ],
  [
    'https://gitlab.com/acme/platform/shop/-/merge_requests/17',
    'Add Apple Pay (!17) · Merge requests · acme / platform / shop · GitLab',
    'Add Apple Pay (!17)',
  ],
  [
    'https://gitlab.acme.example/web/site/-/issues/3',
    'Broken footer links (#3) · Issues · web / site · GitLab',
    'Broken footer links (#3)',
  ],
  [
    'https://acme.atlassian.net/browse/SHOP-42',
    '[SHOP-42] Checkout fails on Safari - Jira',
    'SHOP-42 Checkout fails on Safari',
  ],
  [
    'https://acme.atlassian.net/jira/software/projects/SHOP/boards/1?selectedIssue=SHOP-7',
    '[SHOP-7] Update the pricing page - ACME Jira',
    'SHOP-7 Update the pricing page',
  ],
  [
    'https://jira.acme.example/browse/OPS-3',
    'OPS-3: Rotate the TLS certificates - Jira',
    'OPS-3 Rotate the TLS certificates',
  ],
  ['https://acme.atlassian.net/browse/SHOP-9', 'Jira', 'SHOP-9'],
  [
    'https://linear.app/acme/issue/ENG-128/checkout-fails-on-safari',
    'ENG-128 Checkout fails on Safari',
    'ENG-128 Checkout fails on Safari',
  ],
  [
    'https://linear.app/acme/issue/ENG-129/fix-login',
    'Fix login redirect loop | ENG-129 | Linear',
    'ENG-129 Fix login redirect loop',
  ],
  ['https://www.notion.so/acme/Q3-roadmap-0123456789abcdef0123456789abcdef', 'Q3 roadmap | Notion', 'Q3 roadmap'],
  [
    'https://acme.notion.site/Onboarding-guide-0123456789abcdef0123456789abcdef',
    'Onboarding guide',
    'Onboarding guide',
  ],
  [
    'https://acme.atlassian.net/wiki/spaces/ENG/pages/123456/Release+checklist',
    'Release checklist - Engineering - Confluence',
    'Release checklist',
  ],
  [
    'https://acme.atlassian.net/wiki/spaces/HR/pages/98765/Travel+policy',
    'Travel policy - People Team - Confluence',
    'Travel policy',
  ],
  ['https://docs.google.com/document/d/1AbC/edit', 'Launch brief - Google Docs', 'Launch brief'],
  ['https://docs.google.com/spreadsheets/d/1Sheet/edit#gid=0', 'Budget 2027 - Google Sheets', 'Budget 2027'],
  ['https://docs.google.com/presentation/d/1Deck/edit', 'Kick-off - Google Slides', 'Kick-off'],
  ['https://docs.google.com/forms/d/1Form/edit', 'Event feedback - Google Forms', 'Event feedback'],
  ['https://docs.google.com/document/d/1Empty/edit', 'Untitled document - Google Docs', 'Untitled document'],
  ['https://drive.google.com/file/d/1File/view', 'Signed contract.pdf - Google Drive', 'Signed contract'],
  ['https://acme.sharepoint.com/:w:/r/sites/team/_layouts/15/Doc.aspx?file=Plan.docx', 'Plan.docx', 'Plan'],
  [
    'https://acme.sharepoint.com/:x:/r/sites/team/_layouts/15/Doc.aspx?file=Costs.xlsx',
    'Costs.xlsx - Microsoft Excel Online',
    'Costs',
  ],
  [
    'https://acme-my.sharepoint.com/:p:/r/personal/ana/_layouts/15/Doc.aspx?file=Kickoff.pptx',
    'Kickoff.pptx - Microsoft PowerPoint Online',
    'Kickoff',
  ],
  ['https://onedrive.live.com/edit?id=ABC&resid=ABC!1&file=Notes.docx', 'Notes.docx - Microsoft Word Online', 'Notes'],
  [
    'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr',
    'Contract renewal - sam@acme.test - Gmail',
    'Contract renewal',
  ],
  [
    'https://outlook.office.com/mail/inbox/id/AAQkADk%2FZ',
    'Budget sign-off - Ana Lima - Outlook',
    'Budget sign-off - Ana Lima',
  ],
  ['https://files.acme.example/reports/annual-report-2026.pdf', 'annual-report-2026.pdf', 'annual-report-2026'],
];

const HOSTILE: Case[] = [
  // Bidi overrides and zero-width characters reorder or hide what a title says: they are taken out.
  ['https://evil.example/a', 'Invoice \u202Efdp.exe\u202C', 'Invoice fdp.exe'],
  ['https://evil.example/b', 'Pay\u200Bpal account\u2060 review', 'Paypal account review'],
  ['https://evil.example/c', 'Null\u0000 and \u0007bell', 'Null and bell'],
  ['https://evil.example/d', '\u2067Isolated\u2069 title', 'Isolated title'],
  // Persian keeps its joiner between letters; an emoji sequence keeps its ZWJ.
  ['https://fa.example/a', 'می\u200Cخواهم', 'می\u200Cخواهم'],
  ['https://emoji.example/a', 'Team 👩\u200D💻 notes', 'Team 👩\u200D💻 notes'],
  ['https://evil.example/e', 'Lone \uD800 surrogate', 'Lone  surrogate'.replace('  ', ' ')],
];

describe('captureTitle', () => {
  const all = [...NEWS, ...BLOGS_AND_DOCS, ...EMPTY_OR_GENERIC, ...APPS, ...HOSTILE];
  it('covers many realistic titles', () => expect(all.length).toBeGreaterThanOrEqual(80));
  it.each(all)('%s: %j', (url, title, expected, extra) => {
    expect(captureTitle({ url, title, ...extra }).title).toBe(expected);
  });
});

describe('isGenericTitle and cleanPageTitle', () => {
  it('knows titles that name no page', () => {
    const facts = { url: 'https://www.acme.example/', siteName: 'ACME' };
    for (const title of ['', 'Home', 'ACME', 'acme.example', 'https://acme.example/x', 'Loading...', 'Untitled'])
      expect(isGenericTitle(title, facts)).toBe(true);
    for (const title of ['Pricing', 'ACME Pricing plans', 'Home office setup guide'])
      expect(isGenericTitle(title, facts)).toBe(false);
  });
  it('never returns the site name alone when the page names itself', () => {
    expect(cleanPageTitle({ url: 'https://acme.example/', title: 'ACME', siteName: 'ACME', h1: 'Winter sale' })).toBe(
      'Winter sale',
    );
  });
});
