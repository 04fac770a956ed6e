// Reading and clicking what lives in a closed shadow root (the mail button), through the DevTools protocol,
// since Playwright's locators cannot pierce closed roots.
import type { Page } from 'playwright-core';

/** The accessible names on a page, closed shadow roots included (read through the DevTools protocol). */
export async function accessibleNames(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { name?: { value?: string } }[] };
  await cdp.detach();
  return nodes.map((n) => String(n.name?.value ?? '')).filter(Boolean);
}

/** Click a button by its accessible name, also inside a closed shadow root (Playwright cannot pierce those). */
export async function clickButton(page: Page, name: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { role?: { value?: string }; name?: { value?: string }; backendDOMNodeId?: number }[];
  };
  const node = nodes.find((n) => n.role?.value === 'button' && n.name?.value === name);
  if (!node?.backendDOMNodeId) throw new Error(`No button named ${name}`);
  const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId })) as {
    model: { content: number[] };
  };
  await cdp.detach();
  const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.content;
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
}
