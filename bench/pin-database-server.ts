// Tracking phase: keeps a local PostgreSQL server off the event loop's core while the proxies are measured.
//
// The phase gives each proxy's event loop core 0 to itself and puts everything else on core 1 (docs/performance.md):
// load generator, mock upstream, the proxy's other threads. A local PostgreSQL server is "everything else" too, but the
// OS put its backends on either core, so each 250 ms usage transaction could preempt an event loop on core 0 (the
// deployment PostgreSQL is for, several instances, has the database on a machine of its own). Measured on
// 2026-11-29 in processes mode, the event loop's CPU per request on / off: 1.045–1.122× (mean 1.102×, 5 runs) with
// the server free, 1.013–1.120× (mean 1.067×, 7 runs) with it on core 1: a small effect within the runs' spread, kept
// for the design's sake. The server's affinity is put back on every way out; BENCH_TRACKING_PIN_DATABASE=0 leaves it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { allowedCpus, log, onCleanup } from './harness.js';

/** `ppid` of a process, or undefined when it is not visible here (another PID namespace, a container). */
function parentOf(pid: number): number | undefined {
  try {
    // Fields after the command (which may contain spaces and parentheses): state, ppid, …
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The postmaster and its children (backends, background workers) as they are now. */
function serverProcesses(postmaster: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    // pgrep exits 1 when there are none
  }
  return [postmaster, ...children];
}

function setCores(pids: number[], cores: string): void {
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
    } catch (error) {
      if (pid === pids[0]) throw error; // the postmaster must move; a backend may have exited meanwhile
    }
  }
}

export type DatabasePinning = { note: string; restore: () => Promise<void> };

/**
 * Pins the PostgreSQL server behind `url` (postmaster and every process it has or will fork) to `core`: `note` says
 * what happened, for the report; `restore` puts it back (also run on every way out). Does nothing when the server's
 * processes are not visible or cannot be moved (not root, another namespace): the phase then runs with the server
 * where the OS puts it, and says so.
 */
export async function pinDatabaseServer(url: string, core: string): Promise<DatabasePinning> {
  const unpinned = (why: string): DatabasePinning => ({ note: `PostgreSQL server left where the OS puts it: ${why}`, restore: async () => {} });
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  let postmaster: number | undefined;
  try {
    // Read while connected: the backend process ends with its connection.
    const backend = Number((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
    postmaster = parentOf(backend);
  } finally {
    await client.end();
  }
  if (postmaster === undefined || !/postgres/.test(readFileSync(`/proc/${postmaster}/comm`, 'utf8'))) {
    return unpinned('its processes are not visible here');
  }
  const original = allowedCpus(postmaster);
  if (original === '?') return unpinned(`no CPU affinity readable for process ${postmaster}`);
  try {
    setCores(serverProcesses(postmaster), core);
  } catch (error) {
    return unpinned(`could not pin it (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const restore = onCleanup(async () => {
    setCores(serverProcesses(postmaster), original);
    log(`PostgreSQL server (postmaster ${postmaster}) back on cores ${original}`);
  });
  return { note: `PostgreSQL server (postmaster ${postmaster} and the processes it forks) on core ${core} while measured, cores ${original} before and after`, restore };
}
