// Runs in Node (e2e helper): the headers of a virtualised grid, checked in real Chromium.
import type { Locator } from 'playwright-core';

/**
 * Presses every sortable header of `grid` in turn and lists, for each press, the headers whose words or
 * sort mark do not show whole: cut by their box, or the mark outside its cell. A sorted column's mark
 * once pushed its header's last word under an ellipsis ("Untagged ke…").
 */
export async function headersCutWhenSorted(grid: Locator): Promise<string[]> {
  const buttons = grid.locator('[role="columnheader"] button');
  const cut: string[] = [];
  for (let i = 0; i < (await buttons.count()); i++) {
    await buttons.nth(i).click();
    const found = await grid.locator('[role="columnheader"]').evaluateAll((cells) =>
      cells.flatMap((cell) => {
        const box = cell.getBoundingClientRect();
        const mark = cell.querySelector('.sort-mark')?.getBoundingClientRect();
        const button = cell.querySelector('button');
        const hidden = button !== null && (button.scrollWidth > button.clientWidth + 1 || button.scrollHeight > button.clientHeight + 1);
        const markOutside = mark !== undefined && mark.width > 0 && (mark.right > box.right + 1 || mark.bottom > box.bottom + 1);
        return hidden || markOutside ? [`${cell.textContent} (sorted by ${cell.closest('[role="grid"]')?.querySelector('[aria-sort="ascending"],[aria-sort="descending"]')?.textContent})`] : [];
      }),
    );
    cut.push(...found);
  }
  return cut;
}
