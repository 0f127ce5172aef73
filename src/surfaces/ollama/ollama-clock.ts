/** Time sources for the encoders, injectable so that tests are deterministic. */
export type OllamaClock = {
  /** Monotonic nanoseconds, for durations. */
  nowNs(): bigint;
  /** Wall-clock time, for `created_at`. */
  now(): Date;
};

export const systemClock: OllamaClock = {
  nowNs: () => process.hrtime.bigint(),
  now: () => new Date(),
};
