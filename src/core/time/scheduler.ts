/** Runs a task after a delay of real time; returns a cancel function. Injected: the core never reads a timer. */
export interface Scheduler {
  schedule(delayMs: number, task: () => void): () => void
}
