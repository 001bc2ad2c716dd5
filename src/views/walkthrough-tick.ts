// Ticks the walkthrough's "Add a connection" step for a user who already has a connection.
//
// Why a pulse: VS Code's Getting Started service starts lazily (when a walkthrough or the Welcome page
// first shows in a window) and reads each step's completion events then. An `onContext` event whose
// expression already holds at that moment is only recorded as seen, and never ticks the step in that
// window, however the key changes later. `sparkConnect.hasConnections` is set at activation, so in a
// window that starts with a connection (the README's `npm start`, every window after the first) the
// step stayed unticked. The step therefore also listens for a key that is true only for a moment: while
// a connection exists it is set and cleared again at activation, when connections change and when an
// editor the API cannot name (the Welcome page holding the walkthrough) opens or comes forward, by
// which time the service has read the walkthrough with the key false, so the change ticks the step.

/** The key the step's `onContext` completion event names (package.json). */
export const CONNECTION_PULSE_KEY = 'sparkConnect.walkthrough.connectionExists';

export type SetContext = (key: string, value: boolean) => PromiseLike<unknown>;

export class ConnectionStepPulse {
  private running = false;
  private again = false;

  constructor(private readonly setContext: SetContext, private readonly hasConnections: () => boolean) {}

  /**
   * Sets the key and clears it again once the window has applied it. A pulse asked for while one runs
   * is run after it: the service may have read the walkthrough during the first, while the key was true.
   */
  async pulse(): Promise<void> {
    if (!this.hasConnections()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.setContext(CONNECTION_PULSE_KEY, true);
        await this.setContext(CONNECTION_PULSE_KEY, false);
      } while (this.again && this.hasConnections());
    } finally {
      this.running = false;
    }
  }
}

/** A tab as far as this needs: the API gives no input for editors it cannot name (Welcome, Settings...). */
export interface TabLike {
  readonly input: unknown;
  readonly isActive: boolean;
}

/** True when one of the tabs that opened or changed may be the walkthrough's page. */
export function mayShowWalkthrough(tabs: readonly TabLike[]): boolean {
  return tabs.some((t) => t.isActive && t.input === undefined);
}
