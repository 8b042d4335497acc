import type { AdminApi } from './admin-api';

/** An operator's action; it may return a line that says what it did. */
export type Action = () => Promise<string | void>;

/** What every panel gets from the page: the API client and a runner that reports outcomes. */
export interface ConsoleContext {
  api: AdminApi;
  /** Runs an action; shows the line it returns, or the API's problem (code and message) when it fails. */
  run(action: Action): Promise<void>;
}

/** Runs `action` through the context when the form is submitted (instead of navigating). */
export function onSubmit(context: ConsoleContext, form: HTMLFormElement, action: Action): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void context.run(action);
  });
}
