// The label over a saved result (a tab restored after a window reload): when the rows are from, that they
// are not live, how many were kept, what still works on them, and Re-run.

import type { ResultSnapshot } from '../../src/protocol/result-snapshot';
import { button, countOf, el, formatCount, text } from './dom';

export class SnapshotBanner {
  readonly root: HTMLElement;
  private readonly rerunBtn: HTMLButtonElement;
  private readonly body: HTMLElement;

  constructor(rerun: () => void) {
    this.root = el('div', 'banner snapshot', { role: 'note' });
    this.root.hidden = true;
    this.body = el('span', 'snapshot-text');
    this.rerunBtn = button('Re-run', 'btn rerun', rerun, 'Run the statement again on its connection and show live rows here');
    this.root.append(this.body, this.rerunBtn);
  }

  /** Shows the label for `s` (null hides it); `pending` while a Re-run is being started. */
  set(s: ResultSnapshot | null, pending = false): void {
    this.root.hidden = !s;
    this.rerunBtn.disabled = pending;
    if (!s) return;
    const when = new Date(s.startedAt).toLocaleString();
    const kept = s.rows.length < s.totalRows
      ? `the first ${formatCount(s.rows.length)} of ${countOf(s.totalRows, 'row')} were kept`
      : `${countOf(s.rows.length, 'row')}${s.cut ? ' (the result was cut)' : ''}`;
    const where = s.profile ? ` on '${s.profile}'` : '';
    this.body.replaceChildren(
      text('strong', 'snapshot-label', `Saved result from ${when}, not live`),
      text('span', 'snapshot-detail', ` — ${kept}${where}. Filter and copy act on these saved rows; sorting and export need live rows.`),
    );
  }
}
