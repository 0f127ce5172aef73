import v8 from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process, before the server is built (main.ts imports this
 * module first). Pretenuring decides at a young-generation collection that objects from an allocation site usually
 * survive and from then on allocates that site's objects directly in the old generation. For a request handler that
 * decision is wrong (its objects live for one request), and it sticks: as far as we can tell, a site tenured during a
 * slow moment (warm-up, a busy neighbour) kept sending per-request objects to the old generation, whose pointers then
 * kept their young children alive through every scavenge. Measured under load (`--trace-gc-nvp`,
 * `--trace-pretenuring-statistics`): about one proxy process in five fell into that state for its whole life,
 * promoting ~2.1 MB per scavenge instead of ~0.3 MB and answering 25–35% fewer requests per second; with this flag
 * set here, at start, none of 16 did (docs/performance.md, 2026-11-29 11:30 UTC).
 */
v8.setFlagsFromString('--no-allocation-site-pretenuring');
