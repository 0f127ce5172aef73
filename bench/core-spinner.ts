// Keeps one core awake during the benchmark's open-loop phases and measures how long it was taken away.
//
// Started by bench/run-bench.ts as `taskset -c <core> chrt -i 0 node --import tsx bench/core-spinner.ts <ms> <reportMs>`:
// a SCHED_IDLE busy loop, so it only runs when nothing else on the core wants to, and any normal task (the proxy, the
// mock, the load generator) preempts it at once. Why: on a VM whose idle vCPUs halt (cpuidle haltpoll with
// guest_halt_poll_ns=0), waking a halted vCPU takes the host milliseconds; the direct baseline (a busy core 1) does not
// pay that, the proxy (a mostly idle core 0 at 1000 req/s) would. Spinning on both cores makes the two comparable.
//
// Every `reportMs` it prints a JSON line: epoch ms, how many gaps (time the loop did not run) exceeded 1/5/20 ms, the
// longest gap and the total time taken away. A long gap is either real work on that core (a GC pause, a busy proxy)
// or the hypervisor running something else on this vCPU. The loop ends by itself after `<ms>` (bounded) or on SIGTERM.
const durationMs = Math.min(Math.max(Number(process.argv[2] ?? 10_000), 100), 600_000);
const reportMs = Math.min(Math.max(Number(process.argv[3] ?? 250), 10), 10_000);

const toNs = (ms: number): bigint => BigInt(Math.round(ms * 1e6));
const MIN_GAP_NS = 200_000n; // below 0.2 ms: scheduler noise, not counted
const start = process.hrtime.bigint();
const end = start + toNs(durationMs);
let nextReport = start + toNs(reportMs);
let last = start;
let over1 = 0;
let over5 = 0;
let over20 = 0;
let maxGapNs = 0n;
let lostNs = 0n;

process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
for (;;) {
  const now = process.hrtime.bigint();
  const gap = now - last;
  last = now;
  if (gap > MIN_GAP_NS) {
    lostNs += gap;
    if (gap > maxGapNs) maxGapNs = gap;
    if (gap > 1_000_000n) over1++;
    if (gap > 5_000_000n) over5++;
    if (gap > 20_000_000n) over20++;
  }
  if (now >= nextReport) {
    // Pipes are synchronous on Linux: this goes out without an event loop.
    process.stdout.write(
      `${JSON.stringify({ time: Date.now(), over1, over5, over20, maxGapMs: Number(maxGapNs) / 1e6, lostMs: Number(lostNs) / 1e6 })}\n`,
    );
    over1 = over5 = over20 = 0;
    maxGapNs = lostNs = 0n;
    nextReport = now + toNs(reportMs);
    last = process.hrtime.bigint();
  }
  if (now >= end) break;
}
process.exit(0);
