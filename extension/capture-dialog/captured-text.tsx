// The capture dialog's account of privacy: the captured quote or page description (private unless shared),
// the box that shares it, and in plain words what teammates will see of this capture.
import { useEffect, useRef } from 'preact/hooks';
import type { CapturePreparation } from '../capture/prepare';
import { t } from '../i18n';

type Project = CapturePreparation['projects'][number];

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};

/**
 * Sharing a quote may title the task by it; taking the share back restores the page's title. A title the
 * person typed is theirs and is left alone.
 */
function followShare(box: HTMLInputElement | null, data: CapturePreparation) {
  const title = box?.form?.elements.namedItem('title') as HTMLInputElement | null;
  if (!box || !title || !data.quoteTitle) return;
  if (box.checked && title.value === data.title) title.value = data.quoteTitle;
  else if (!box.checked && title.value === data.quoteTitle) title.value = data.title;
}

export function CapturedText({ data, project }: { data: CapturePreparation; project: Project | undefined }) {
  const box = useRef<HTMLInputElement>(null);
  // A project that shares quotes by default checks the box as it appears: the title follows.
  useEffect(() => followShare(box.current, data), [project?.id, data]);
  const { excerpt, description, url } = data.source;
  const text = excerpt ?? description;
  const what = t(
    excerpt ? (data.source.kind === 'email' ? 'capture_excerpt' : 'capture_quote') : 'capture_description',
  );
  return (
    <>
      {text && (
        <>
          <blockquote class="excerpt muted small" dir="auto">
            {text.slice(0, 400)}
          </blockquote>
          <label class="row small" key={`s-${project?.id ?? 'inbox'}`}>
            <input
              ref={box}
              type="checkbox"
              name="shareExcerpt"
              defaultChecked={project?.shareExcerpts ?? false}
              onChange={(event) => followShare(event.currentTarget, data)}
            />
            {t('capture_shareThis', what)}
          </label>
        </>
      )}
      <p class="small muted" id="capture-visibility">
        {project?.shared
          ? text
            ? t('capture_teamSeesShared', project.name, hostOf(url), what)
            : t('capture_teamSees', project.name, hostOf(url))
          : t('capture_onlyYou')}
      </p>
    </>
  );
}
