/**
 * A FIFO lock for asynchronous work: `run` waits until every earlier holder has finished, so
 * work that awaits in the middle never interleaves with another holder's.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The next holder waits for this one to settle, whichever way it settles.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
