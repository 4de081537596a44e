// PrioritySort: higher spec.priority first; equal priorities in the order they entered the queue.
import type { QueuedPod, QueueSortPlugin } from '../../framework/interface.ts';

export const NAME = 'PrioritySort';

export class PrioritySort implements QueueSortPlugin {
  readonly name = NAME;

  less(a: QueuedPod, b: QueuedPod): boolean {
    const pa = a.pod.spec?.priority ?? 0;
    const pb = b.pod.spec?.priority ?? 0;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}

export const newPrioritySort = (): PrioritySort => new PrioritySort();
