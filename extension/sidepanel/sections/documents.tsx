// Documents: the project's links (specs, sheets, decks, issues), including pages captured from the browser.

import { safeHref } from '@@/shared/safe-url';
import { DOCUMENT_KINDS, type ProjectDocument } from '@@/shared/schemas/planning';
import { canonicalUrl } from '@@/shared/url';
import type { ActivePage } from '../../background/active-page';
import type { DocumentRow } from '../../db/rows';
import { type MessageKey, t } from '../../i18n';
import { send } from '../../messaging/client';
import { EditableSection } from '../../ui/editable-section';
import { showError, showToast } from '../../ui/toast';

const KIND_LABELS: Record<ProjectDocument['kind'], MessageKey> = {
  doc: 'docKind_doc',
  sheet: 'docKind_sheet',
  slides: 'docKind_slides',
  pdf: 'docKind_pdf',
  issue: 'docKind_issue',
  'pull-request': 'docKind_pullRequest',
  email: 'docKind_email',
  page: 'docKind_page',
  other: 'docKind_otherKind',
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
      showToast({ message: t('documents_added') }, 3000);
    } catch (error) {
      showError(error);
    }
  }
  return (
    <EditableSection
      id="documents"
      title={t('documents_title')}
      noun="document"
      table="documents"
      projectId={projectId}
      rows={documents}
      defaults={{ kind: 'page' }}
      header={
        page &&
        !alreadyAdded && (
          <button type="button" class="btn small" onClick={() => void addPage()}>
            {t('documents_addPage')}
          </button>
        )
      }
      fields={[
        { name: 'title', label: t('form_title'), type: 'text', required: true, maxLength: 500 },
        { name: 'url', label: t('documents_address'), type: 'url', required: true, maxLength: 4096 },
        {
          name: 'kind',
          label: t('milestones_kind'),
          type: 'select',
          options: DOCUMENT_KINDS.map((k) => ({ value: k, label: t(KIND_LABELS[k]) })),
        },
      ]}
      empty={t('documents_empty')}
      renderRow={(doc) => (
        <>
          {safeHref(doc.url) ? (
            <a href={safeHref(doc.url) ?? undefined} target="_blank" rel="noopener noreferrer">
              {doc.title}
            </a>
          ) : (
            <span title={doc.url}>{doc.title}</span>
          )}
          <span class="muted small"> · {t(KIND_LABELS[doc.kind])}</span>
        </>
      )}
    />
  );
}
