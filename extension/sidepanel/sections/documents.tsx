// Documents: the project's links (specs, sheets, decks, issues), including pages captured from the browser.

import { safeHref } from '@@/shared/safe-url';
import { DOCUMENT_KINDS, type ProjectDocument } from '@@/shared/schemas/planning';
import { canonicalUrl } from '@@/shared/url';
import type { ActivePage } from '../../background/active-page';
import type { DocumentRow } from '../../db/rows';
import { send } from '../../messaging/client';
import { EditableSection } from '../../ui/editable-section';
import { showError, showToast } from '../../ui/toast';

const KIND_LABELS: Record<ProjectDocument['kind'], string> = {
  doc: 'Document',
  sheet: 'Spreadsheet',
  slides: 'Slides',
  pdf: 'PDF',
  issue: 'Issue',
  'pull-request': 'Pull request',
  email: 'E-mail',
  page: 'Web page',
  other: 'Other',
};

/** A first guess at a document's kind from its address. */
export function guessKind(url: string): ProjectDocument['kind'] {
  if (/docs\.google\.com\/document|\/word\/|\.docx?(\?|$)/i.test(url)) return 'doc';
  if (/docs\.google\.com\/spreadsheets|\/excel\/|\.xlsx?(\?|$)/i.test(url)) return 'sheet';
  if (/docs\.google\.com\/presentation|\/powerpoint\/|\.pptx?(\?|$)/i.test(url)) return 'slides';
  if (/\.pdf(\?|#|$)/i.test(url)) return 'pdf';
  if (/github\.com\/[^/]+\/[^/]+\/pull\/\d+/i.test(url)) return 'pull-request';
  if (/github\.com\/[^/]+\/[^/]+\/issues\/\d+|\/browse\/[A-Z]+-\d+|linear\.app\/.+\/issue\//i.test(url)) return 'issue';
  if (/mail\.google\.com|outlook\.(office|live)\.com\/mail/i.test(url)) return 'email';
  return 'page';
}

export function DocumentsSection({
  projectId,
  documents,
  page,
}: {
  projectId: string;
  documents: DocumentRow[];
  page: ActivePage | null;
}) {
  const alreadyAdded = !!page && documents.some((d) => canonicalUrl(d.url) === canonicalUrl(page.url));
  async function addPage() {
    if (!page) return;
    try {
      await send('row.create', {
        table: 'documents',
        draft: { projectId, title: page.title.trim() || page.url, url: page.url, kind: guessKind(page.url) },
      });
      showToast({ message: 'Added this page to the documents' }, 3000);
    } catch (error) {
      showError(error);
    }
  }
  return (
    <EditableSection
      id="documents"
      title="Documents"
      noun="document"
      table="documents"
      projectId={projectId}
      rows={documents}
      defaults={{ kind: 'page' }}
      header={
        page &&
        !alreadyAdded && (
          <button type="button" class="btn small" onClick={() => void addPage()}>
            Add this page as a document
          </button>
        )
      }
      fields={[
        { name: 'title', label: 'Title', type: 'text', required: true, maxLength: 500 },
        { name: 'url', label: 'Address', type: 'url', required: true, maxLength: 4096 },
        {
          name: 'kind',
          label: 'Kind',
          type: 'select',
          options: DOCUMENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
        },
      ]}
      empty="No documents yet. Link the brief, the plan, the designs — or add the page you are on."
      renderRow={(doc) => (
        <>
          {safeHref(doc.url) ? (
            <a href={safeHref(doc.url) ?? undefined} target="_blank" rel="noopener noreferrer">
              {doc.title}
            </a>
          ) : (
            <span title={doc.url}>{doc.title}</span>
          )}
          <span class="muted small"> · {KIND_LABELS[doc.kind]}</span>
        </>
      )}
    />
  );
}
