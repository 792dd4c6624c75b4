/** The part of React's scheduler (no types of its own) that tokenized-stdin.ts uses. */
declare module 'scheduler' {
  export interface Task {
    readonly id: number;
  }
  export const unstable_LowPriority: 4;
  export function unstable_scheduleCallback(priority: number, callback: () => void): Task;
  export function unstable_cancelCallback(task: Task): void;
}
