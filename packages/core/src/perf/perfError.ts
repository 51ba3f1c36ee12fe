/** An estimate that cannot be made from the inputs (a chip without a memory bandwidth, a bad option). */
export class PerfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PerfError";
  }
}
