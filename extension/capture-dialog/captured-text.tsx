// The capture dialog's account of privacy: the captured quote or page description (private unless shared),
// the box that shares it, and in plain words what teammates will see of this capture.
import type { CapturePreparation } from '../capture/prepare';

type Project = CapturePreparation['projects'][number];

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};

export function CapturedText({ data, project }: { data: CapturePreparation; project: Project | undefined }) {
  const { excerpt, description, url } = data.source;
  const text = excerpt ?? description;
  const what = excerpt ? (data.source.kind === 'email' ? 'excerpt' : 'quote') : 'description';
  return (
    <>
      {text && (
        <>
          <blockquote class="excerpt muted small" dir="auto">
            {text.slice(0, 400)}
          </blockquote>
          <label class="row small" key={`s-${project?.id ?? 'inbox'}`}>
            <input type="checkbox" name="shareExcerpt" defaultChecked={project?.shareExcerpts ?? false} />
            Share this {what} with the team (otherwise they see the title and link only)
          </label>
        </>
      )}
      <p class="small muted" id="capture-visibility">
        {project?.shared
          ? `Teammates in ${project.name} will see the title above and the link to ${hostOf(url)}${
              text ? `; the ${what} only if you share it` : ''
            }.`
          : 'Only you will see this task (it stays in your private space).'}
      </p>
    </>
  );
}
