// @vitest-environment happy-dom
// The injected page reader against pages shaped like real articles (it runs in the page, here in happy-dom).
import { afterEach, describe, expect, it } from 'vitest';
import { readPage } from '@/capture/page-reader';

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

function page(head: string, body: string) {
  document.head.innerHTML = head;
  document.body.innerHTML = body;
}

describe('readPage', () => {
  it('reads title, og:title, site name, application name, the main h1 and the meta description', () => {
    page(
      `<title>Obama admits US gun laws are his biggest frustration - BBC News</title>
       <meta property="og:title" content="Obama admits US gun laws are his biggest frustration">
       <meta property="og:site_name" content="BBC News"><meta name="application-name" content="BBC">
       <meta name="description" content="The president says the failure is his greatest frustration.">`,
      '<header><h1>BBC</h1></header><main><h1>Obama admits US gun laws are his biggest frustration</h1></main>',
    );
    expect(readPage(null, null)).toMatchObject({
      title: 'Obama admits US gun laws are his biggest frustration - BBC News',
      ogTitle: 'Obama admits US gun laws are his biggest frustration',
      siteName: 'BBC News',
      applicationName: 'BBC',
      h1: 'Obama admits US gun laws are his biggest frustration',
      description: 'The president says the failure is his greatest frustration.',
      link: null,
      image: null,
    });
  });

  it('without a meta description, takes the first paragraph of prose in the main content', () => {
    page(
      '<title>Whales</title>',
      `<header><p>Support us: fund independent journalism with a monthly contribution today, it only takes a minute.</p></header>
       <main><p>Eleanor Ainge Roy</p><p>Share</p><nav><p>Environment, climate crisis, wildlife, energy, pollution and more stories.</p></nav>
       <p>More than 300 pilot whales have stranded on the beaches of the South Island this month.</p></main>`,
    );
    expect(readPage(null, null).description).toBe(
      'More than 300 pilot whales have stranded on the beaches of the South Island this month.',
    );
  });

  it('reads the clicked link (text, or its image alt; its title) and the clicked image (alt, title, caption)', () => {
    page(
      '<title>Report</title>',
      `<p><a href="https://acme.test/deck" title="Board deck (PDF)">Board <b>deck</b></a></p>
       <a href="https://acme.test/logo-link"><img src="https://acme.test/logo.png" alt="ACME home"></a>
       <figure><img src="https://acme.test/chart.png" title="Chart"><figcaption>Revenue by quarter</figcaption></figure>`,
    );
    expect(readPage('https://acme.test/deck', null).link?.title).toBe('Board deck (PDF)');
    expect(readPage('https://acme.test/logo-link', null).link?.text).toBe('ACME home');
    expect(readPage(null, 'https://acme.test/chart.png').image).toEqual({
      alt: '',
      title: 'Chart',
      caption: 'Revenue by quarter',
    });
  });
});
