// The capture's page reader: injected with chrome.scripting.executeScript into the page the user clicked
// (activeTab), it reads what the page declares about itself — title, og:title, og:site_name,
// application-name, the main h1, a description (meta/og, else the first meaningful paragraph) — plus the
// selection as typed, the clicked link (text, title, target) and the clicked image (alt, title, caption).
// `readPage` is serialised into the page, so it must not use anything from outside its own body. Text is
// read with innerText (what the reader sees: CSS-hidden parts left out) and cleaned by the background.
// Written by hand rather than with @mozilla/readability: only one paragraph is wanted, and Readability scores
// and clones the whole article, and would need its own bundled file injected with every capture for that.

export interface PageReading {
  title: string;
  ogTitle: string;
  siteName: string;
  applicationName: string;
  h1: string;
  /** meta description or og:description, else the first meaningful paragraph of the main content. */
  description: string;
  selection: string;
  link: { text: string; title: string } | null;
  image: { alt: string; title: string; caption: string } | null;
}

/** Runs in the page. Bounded: at most a few hundred elements are looked at, and every text is capped. */
export function readPage(linkUrl: string | null, srcUrl: string | null): PageReading {
  const CAP = 2000;
  const cap = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, CAP);
  const meta = (selector: string) => cap(document.querySelector<HTMLMetaElement>(selector)?.content);
  // innerText, not textContent: the text as shown, without CSS-hidden parts or script content.
  // biome-ignore lint/performance/useDomNodeTextContent: see above
  const shown = (element: Element | null | undefined) => cap((element as HTMLElement | null | undefined)?.innerText);
  const main =
    document.querySelector('main, [role="main"]') ?? document.querySelector('article') ?? document.body ?? null;
  const outside =
    'nav, header, footer, aside, form, [role="navigation"], [role="banner"], [role="contentinfo"], [role="dialog"], [aria-hidden="true"]';

  const h1 = shown(main?.querySelector('h1') ?? document.querySelector('h1'));
  let description =
    meta('meta[name="description" i]') ||
    meta('meta[property="og:description" i]') ||
    meta('meta[name="twitter:description" i]');
  if (!description && main) {
    const paragraphs = Array.from(main.querySelectorAll('p')).slice(0, 200);
    for (const paragraph of paragraphs) {
      if (paragraph.closest(outside)) continue;
      const text = shown(paragraph);
      // A sentence or two of prose, not a byline, a date or a "Share this" line.
      if (text.length >= 60 && /[.!?…:;)»"”]$/.test(text) && text.split(' ').length >= 8) {
        description = text;
        break;
      }
    }
  }

  let link: PageReading['link'] = null;
  if (linkUrl) {
    for (const anchor of Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]')).slice(0, 5000)) {
      if (anchor.href !== linkUrl) continue;
      const text =
        shown(anchor) ||
        cap(anchor.getAttribute('aria-label')) ||
        cap(anchor.querySelector('img')?.getAttribute('alt')) ||
        '';
      link = { text, title: cap(anchor.getAttribute('title')) };
      if (text) break;
    }
  }

  let image: PageReading['image'] = null;
  if (srcUrl) {
    for (const img of Array.from(document.querySelectorAll<HTMLImageElement>('img')).slice(0, 5000)) {
      if (img.currentSrc !== srcUrl && img.src !== srcUrl) continue;
      const figure = img.closest('figure');
      image = {
        alt: cap(img.getAttribute('alt')),
        title: cap(img.getAttribute('title')),
        caption: shown(figure?.querySelector('figcaption')),
      };
      break;
    }
  }

  return {
    title: cap(document.title),
    ogTitle: meta('meta[property="og:title" i]') || meta('meta[name="twitter:title" i]'),
    siteName: meta('meta[property="og:site_name" i]'),
    applicationName: meta('meta[name="application-name" i]'),
    h1,
    description,
    selection: (globalThis.getSelection?.()?.toString() ?? '').slice(0, 20_000),
    link,
    image,
  };
}
