// Recognises documents, issues and e-mail threads from their address and page title: a clean title (no
// " - Google Docs" suffix), what kind of thing it is, and the app it lives in. Pure: no DOM needed.
import type { ProjectDocument } from './schemas/planning';

export type DocumentKind = ProjectDocument['kind'];

export interface DocumentInfo {
  /** `email` for a mail thread; otherwise a document kind. */
  kind: DocumentKind;
  app: string;
  title: string;
  /** The app's own id of the thing (document id, issue key, thread id), when the address carries one. */
  id?: string;
}

const parse = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/** Remove any of the suffixes (" - Google Docs", " | Notion") an app appends to its page titles. */
function stripSuffix(title: string, suffixes: RegExp[]): string {
  let clean = title.trim();
  for (const suffix of suffixes) clean = clean.replace(suffix, '').trim();
  return clean;
}

const fileName = (pathname: string): string => decodeURIComponent(pathname.split('/').filter(Boolean).pop() ?? '');

/** What a page is, or null for an ordinary web page. */
export function identifyDocument(url: string, pageTitle: string): DocumentInfo | null {
  const parsed = parse(url);
  if (!parsed) return null;
  const host = parsed.hostname.toLowerCase();
  const path = parsed.pathname;
  const title = pageTitle.trim();

  if (host === 'docs.google.com') {
    const match = /^\/(document|spreadsheets|presentation|forms)\/d\/([\w-]+)/.exec(path);
    if (match) {
      const kind: DocumentKind = match[1] === 'spreadsheets' ? 'sheet' : match[1] === 'presentation' ? 'slides' : 'doc';
      const app =
        { doc: 'Google Docs', sheet: 'Google Sheets', slides: 'Google Slides' }[kind as 'doc'] ?? 'Google Docs';
      return {
        kind,
        app,
        id: match[2],
        title: stripSuffix(title, [/\s+-\s+Google (Docs|Sheets|Slides|Forms)$/i]) || 'Untitled document',
      };
    }
  }
  if (host === 'drive.google.com') {
    const id = /^\/file\/d\/([\w-]+)/.exec(path)?.[1];
    if (id) {
      const clean = stripSuffix(title, [/\s+-\s+Google Drive$/i]);
      const ext = /\.(\w+)$/.exec(clean)?.[1]?.toLowerCase() ?? '';
      const kind: DocumentKind =
        ext === 'pdf'
          ? 'pdf'
          : /^docx?$/.test(ext)
            ? 'doc'
            : /^(xlsx?|csv)$/.test(ext)
              ? 'sheet'
              : /^pptx?$/.test(ext)
                ? 'slides'
                : 'other';
      return { kind, app: 'Google Drive', id, title: clean.replace(/\.(pdf|docx?|xlsx?|pptx?|csv)$/i, '') || 'File' };
    }
  }
  if (host === 'mail.google.com') {
    const thread = /^#[^/]+(?:\/[^/]+)*\/([A-Za-z0-9]{16,})$/.exec(parsed.hash);
    return {
      kind: 'email',
      app: 'Gmail',
      ...(thread ? { id: thread[1] } : {}),
      // "Subject - someone@example.com - Gmail" → "Subject"
      title: stripSuffix(title, [/\s+-\s+Gmail$/i, /\s+-\s+[^\s@]+@[^\s@]+$/]) || 'E-mail',
    };
  }
  if (/^outlook\.(office|office365|live)\.com$/.test(host) && path.startsWith('/mail')) {
    const id = /\/id\/([^/]+)/.exec(path)?.[1];
    return {
      kind: 'email',
      app: 'Outlook',
      ...(id ? { id: decodeURIComponent(id) } : {}),
      title: stripSuffix(title, [/\s+-\s+Outlook$/i, /^Mail\s+-\s+[^-]+-\s+/i, /\s+-\s+[^\s@]+@[^\s@]+$/]) || 'E-mail',
    };
  }
  if (
    host.endsWith('.sharepoint.com') ||
    host === 'onedrive.live.com' ||
    host.endsWith('.officeapps.live.com') ||
    host === 'office.com' ||
    host === 'www.office.com'
  ) {
    const file = parsed.searchParams.get('file') ?? fileName(path);
    const ext = /\.(docx?|xlsx?|pptx?)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
    const fromTitle = /\b(Word|Excel|PowerPoint)$/i.exec(title)?.[1]?.toLowerCase();
    const kind: DocumentKind =
      ext.startsWith('xls') || fromTitle === 'excel' || /\/:x:\//.test(path)
        ? 'sheet'
        : ext.startsWith('ppt') || fromTitle === 'powerpoint' || /\/:p:\//.test(path)
          ? 'slides'
          : ext.startsWith('doc') || fromTitle === 'word' || /\/:w:\//.test(path)
            ? 'doc'
            : 'other';
    if (kind !== 'other') {
      const clean = stripSuffix(title, [
        /\s+-\s+Microsoft (Word|Excel|PowerPoint)( Online)?$/i,
        /\s+-\s+(Word|Excel|PowerPoint)$/i,
        /\s+[|-]\s+Microsoft 365$/i,
      ]);
      return { kind, app: 'Microsoft 365', title: clean.replace(/\.(docx?|xlsx?|pptx?)$/i, '') || file || 'Document' };
    }
  }
  if (host === 'www.notion.so' || host === 'notion.so' || host.endsWith('.notion.site')) {
    const id = /([0-9a-f]{32})$/i.exec(path.replace(/-/g, ''))?.[1];
    return {
      kind: 'doc',
      app: 'Notion',
      ...(id ? { id } : {}),
      title: stripSuffix(title, [/\s+\|\s+Notion$/i]) || 'Notion page',
    };
  }
  if (host === 'github.com') {
    const match = /^\/([^/]+)\/([^/]+)\/(issues|pull)\/(\d+)/.exec(path);
    if (match) {
      const [, owner, repo, type, number] = match;
      // "Fix the login bug · Issue #12 · acme/web · GitHub" / "Fix it by sam · Pull Request #13 · acme/web"
      const clean = stripSuffix(title, [
        /\s+·\s+GitHub$/i,
        /\s+·\s+[^·\s]+\/[^·\s]+$/,
        /\s+·\s+(Issue|Pull Request) #\d+$/i,
        new RegExp(`\\s+\\(?#${number}\\)?$`),
      ]).replace(/\s+by\s+\S+$/, (m) => (type === 'pull' ? '' : m));
      return {
        kind: type === 'pull' ? 'pull-request' : 'issue',
        app: 'GitHub',
        id: `${owner}/${repo}#${number}`,
        title: `${clean || `${type === 'pull' ? 'Pull request' : 'Issue'}`} (#${number})`,
      };
    }
  }
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) {
    const match = /^\/(.+?)\/-\/(issues|merge_requests|work_items)\/(\d+)/.exec(path);
    if (match) {
      const [, project = '', type, number] = match;
      const mr = type === 'merge_requests';
      const sign = mr ? '!' : '#';
      // "Checkout fails on Safari (#42) · Issues · acme / shop · GitLab"
      const clean = title
        .split(' · ')[0]
        ?.replace(new RegExp(`\\s*\\(${sign}${number}\\)$`), '')
        .trim();
      return {
        kind: mr ? 'pull-request' : 'issue',
        app: 'GitLab',
        id: `${project}${sign}${number}`,
        title: `${clean && !/^GitLab$/i.test(clean) ? clean : mr ? 'Merge request' : 'Issue'} (${sign}${number})`,
      };
    }
  }
  if (host.endsWith('.atlassian.net') && path.startsWith('/wiki/')) {
    const id = /\/pages\/(\d+)/.exec(path)?.[1];
    // "Release checklist - Engineering - Confluence"
    const clean = stripSuffix(title, [/\s+-\s+Confluence$/i]).replace(/\s+-\s+[^-]+$/, '');
    return { kind: 'doc', app: 'Confluence', ...(id ? { id } : {}), title: clean || 'Confluence page' };
  }
  if (host.endsWith('.atlassian.net') || host.includes('jira')) {
    const key =
      /\/browse\/([A-Z][A-Z0-9]+-\d+)/.exec(path)?.[1] ?? parsed.searchParams.get('selectedIssue') ?? undefined;
    if (key && /^[A-Z][A-Z0-9]+-\d+$/.test(key)) {
      // "[SHOP-42] Checkout fails on Safari - Jira", "SHOP-42: … - Acme Jira", "Browse - Jira" while loading.
      const clean = stripSuffix(title, [
        /\s+-\s+(?:[\w .&-]+\s)?Jira(?: Software)?$/i,
        new RegExp(`^\\[?${key}\\]?\\s*[:-]?\\s*`),
      ]).replace(/^(Jira|Browse|Issue navigator)$/i, '');
      return { kind: 'issue', app: 'Jira', id: key, title: `${key} ${clean}`.trim() };
    }
  }
  if (host === 'linear.app') {
    const key = /\/issue\/([A-Z][A-Z0-9]+-\d+)/.exec(path)?.[1];
    if (key) {
      const clean = stripSuffix(title, [/\s+[-|—·]\s+Linear$/i])
        .replace(new RegExp(`^\\[?${key}\\]?\\s*[:-]?\\s*`), '')
        .replace(new RegExp(`\\s*[-|·]?\\s*\\(?${key}\\)?$`), '');
      return { kind: 'issue', app: 'Linear', id: key, title: `${key} ${clean}`.trim() };
    }
  }
  if (/\.pdf$/i.test(path)) {
    const file = fileName(path).replace(/\.pdf$/i, '');
    // PDF viewers title the tab with the file name, or with the document's own title when it has one.
    const clean = !title || title === fileName(path) || title === url ? file : title.replace(/\.pdf$/i, '');
    return { kind: 'pdf', app: 'PDF', title: clean || 'PDF document' };
  }
  return null;
}
